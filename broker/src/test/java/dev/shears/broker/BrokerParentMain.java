package dev.shears.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A JVM that starts a broker, prints its pid and waits to be killed; used by {@link ParentDeathIT}. */
public final class BrokerParentMain {

  static final String PID_PREFIX = "broker-pid=";

  private BrokerParentMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    KafkaBroker broker = KafkaBroker.builder().dataDir(Path.of(args[0]))
        .jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS).build().start();
    System.out.println(PID_PREFIX + broker.pid());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}

package dev.shears.broker.internal;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Main class of the broker JVM: {@code BrokerMain <parentPid> <server.properties> <clusterId>}.
 *
 * <p>Starts the {@link ParentWatchdog}, formats the storage on first start (a formatted directory is left as
 * it is), then runs {@code kafka.Kafka.main}. Kafka's classes are reached by reflection so that this module
 * compiles against kafka-clients only; they are on the child's class path, never on the parent's.
 */
public final class BrokerMain {

  private BrokerMain() {
  }

  public static void main(String[] args) throws Throwable {
    if (args.length != 3) {
      System.err.println("usage: BrokerMain <parentPid> <server.properties> <clusterId>");
      System.exit(64);
    }
    new ParentWatchdog(Long.parseLong(args[0]), System.in).start();
    String properties = args[1];
    String clusterId = args[2];
    try {
      int formatted = (int) invoke("kafka.tools.StorageTool", "execute",
          new Class<?>[] {String[].class, PrintStream.class},
          new String[] {"format", "--cluster-id", clusterId, "--config", properties, "--ignore-formatted"},
          System.out);
      if (formatted != 0) {
        System.err.println("Formatting the Kafka storage failed with status " + formatted);
        System.exit(65);
      }
      invoke("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {properties});
    } catch (Throwable t) {
      t.printStackTrace();
      // Last, so that the tail the parent reports starts with the cause rather than a stack frame.
      System.err.println("Kafka broker failed: " + causes(t));
      System.exit(1);
    }
  }

  private static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append("; caused by ").append(c);
    }
    return sb.toString();
  }

  private static Object invoke(String className, String method, Class<?>[] types, Object... args)
      throws Throwable {
    Method m = Class.forName(className).getMethod(method, types);
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

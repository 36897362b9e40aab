package dev.shears.launcher;

import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears tail TOPIC}: prints the events of a topic as JSON lines, following it until interrupted. Records
 * that are not valid events are reported on stderr with their reason and never stop the tail.
 */
@Command(name = "tail", description = "Print the events of a topic as JSON lines, following new ones.")
final class TailCommand implements Callable<Integer> {
  @Mixin
  private ConnectionOptions connection;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "A topic, e.g. shears.telemetry or telemetry.")
  private String topic;

  @Option(names = "--trial", paramLabel = "ID", description = "Only events of this trial.")
  private String trialId;

  @Option(names = "--from-beginning", description = "Start at the oldest retained record instead of the newest.")
  private boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
  private long max = Long.MAX_VALUE;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Stop when no event arrives for this long, e.g. 10s (default: follow forever).")
  private Duration idleTimeout;

  @Override
  public Integer call() {
    String name = topic.startsWith("shears.") ? topic : "shears." + topic;
    Topics.spec(name);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EventCodec codec = new EventCodec();
    Map<String, Object> props = KafkaClientConfig.consumer(connection.bootstrap(), "shears-tail", null);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      CountDownLatch closed = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        consumer.wakeup();
        awaitQuietly(closed);
      }, "shears-tail-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(15)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
        if (partitions.isEmpty()) {
          throw new UserInputException("Topic " + name + " does not exist at " + connection.bootstrap());
        }
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        long printed = 0;
        Instant lastEvent = Instant.now();
        while (printed < max) {
          var records = consumer.poll(Duration.ofMillis(250));
          for (ConsumerRecord<byte[], byte[]> record : records) {
            if (print(codec, record, out, err)) {
              printed++;
              lastEvent = Instant.now();
              if (printed >= max) {
                break;
              }
            }
          }
          out.flush();
          if (idleTimeout != null && Duration.between(lastEvent, Instant.now()).compareTo(idleTimeout) > 0) {
            break;
          }
        }
      } catch (WakeupException e) {
        // Interrupted by Ctrl-C: a normal end of a tail.
      } finally {
        closed.countDown();
        removeHook(hook);
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new UserInputException("Cannot reach Kafka at " + connection.bootstrap()
          + " (is `shears up` running? use --bootstrap)", e);
    }
    return 0;
  }

  private boolean print(EventCodec codec, ConsumerRecord<byte[], byte[]> record, PrintWriter out, PrintWriter err) {
    try {
      Envelope envelope = codec.decode(record.value());
      if (trialId != null && !trialId.equals(envelope.trialId())) {
        return false;
      }
      out.println(new String(codec.encode(envelope), StandardCharsets.UTF_8));
      return true;
    } catch (InvalidEventException e) {
      err.printf("%s-%d@%d is not a valid event: %s%n", record.topic(), record.partition(), record.offset(),
          e.reason());
      return false;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already shutting down; the hook has run.
    }
  }
}

package dev.shears.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A Kafka consumer's lag as the gauge {@code shears.kafka.consumer.lag} in records (Prometheus:
 * {@code shears_kafka_consumer_lag_records}): records between its position and the end of its partitions, summed over
 * them, from the client's own {@code records-lag} metrics. Tagged with the consumer's role ({@code consumer}), one of
 * a few per service; NaN while the consumer has no assignment or is closed.
 */
public final class ConsumerLag {
  /** The gauge's name. */
  public static final String NAME = "shears.kafka.consumer.lag";
  private static final String GROUP = "consumer-fetch-manager-metrics";

  private ConsumerLag() {}

  /**
   * Registers the lag of the consumer whose metrics {@code metrics} returns (for a consumer recreated on restart, the
   * current one's; an empty map when there is none).
   *
   * @param role what the consumer reads for its service ({@code assignments}, {@code ingest}, …)
   */
  public static void register(MeterRegistry registry, String role,
      Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
    Gauge.builder(NAME, metrics, ConsumerLag::lag).tag("consumer", role).baseUnit("records")
        .description("Records this consumer has yet to read, summed over its partitions").register(registry);
  }

  static double lag(Supplier<? extends Map<MetricName, ? extends Metric>>
      metrics) {
    double sum = 0;
    boolean any = false;
    try {
      for (var e : metrics.get().entrySet()) {
        // Per partition: name records-lag with topic and partition tags (records-lag-max has no partition tag).
        if (GROUP.equals(e.getKey().group()) && "records-lag".equals(e.getKey().name())
            && e.getKey().tags().containsKey("partition") && e.getValue().metricValue() instanceof Number n
            && !Double.isNaN(n.doubleValue())) {
          sum += n.doubleValue();
          any = true;
        }
      }
    } catch (RuntimeException e) {
      return Double.NaN; // a closed consumer
    }
    return any ? sum : Double.NaN;
  }
}

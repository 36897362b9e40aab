package dev.shears.evaluator.report;

import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the {@code EvaluationCompleted} events of one experiment from {@code shears.evaluations}, from
 * the beginning up to the end offsets at the time of the call. Records that are not valid events are
 * skipped (the services dead-letter them). A re-evaluation of the same (trial, sha256) replaces the
 * earlier one. Blocking: call it from a CLI thread or a worker pool, never an event loop.
 */
public final class EvaluationLog {

  /**
   * One completed evaluation with its trial.
   *
   * @param trialId the trial
   * @param event   the payload
   */
  public record Entry(String trialId, EvaluationCompleted event) {}

  private final Map<String, Object> consumerProps;
  private final EventCodec codec = new EventCodec();
  private final Duration timeout;
  private final String topic;

  /**
   * A reader.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param timeout   the longest the read may take
   */
  public EvaluationLog(String bootstrap, Duration timeout) {
    this(bootstrap, Topics.EVALUATIONS, timeout);
  }

  /** A reader of another topic with the same events (tests, mirrored clusters). */
  public EvaluationLog(String bootstrap, String topic, Duration timeout) {
    this.consumerProps = KafkaClientConfig.consumer(bootstrap, "shears-report", null);
    this.timeout = timeout;
    this.topic = topic;
  }

  /**
   * The experiment's completed evaluations, in log order per trial.
   *
   * @throws IllegalStateException when the topic is missing or the read does not finish within the timeout
   */
  public List<Entry> read(String experimentId) {
    Map<String, Entry> byKey = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist: is Kafka set up?");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + topic + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Envelope envelope;
          try {
            envelope = codec.decode(record.value());
          } catch (InvalidEventException e) {
            continue;
          }
          if (experimentId.equals(envelope.experimentId()) && envelope.payload() instanceof EvaluationCompleted c) {
            byKey.put(envelope.trialId() + "/" + c.sha256(), new Entry(envelope.trialId(), c));
          }
        }
      }
    }
    return new ArrayList<>(byKey.values());
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The entries as report rows, labelled by trial id, the sha256 prefix when a trial has several, and the
   * decoder depth when the evaluation recorded it (as the paper labels NASH rows).
   */
  public static List<ModelResult> results(List<Entry> entries) {
    Map<String, Integer> perTrial = new LinkedHashMap<>();
    entries.forEach(e -> perTrial.merge(e.trialId(), 1, Integer::sum));
    List<ModelResult> out = new ArrayList<>();
    for (Entry e : entries) {
      String label = perTrial.get(e.trialId()) > 1
          ? e.trialId() + "@" + e.event().sha256().substring(0, Math.min(8, e.event().sha256().length()))
          : e.trialId();
      Double layers = e.event().extra() == null ? null : e.event().extra().get("decoderLayers");
      if (layers != null) {
        label += String.format(java.util.Locale.ROOT, " (%d decoder layers)", Math.round(layers));
      }
      out.add(ModelResult.of(label, e.event()));
    }
    return out;
  }
}

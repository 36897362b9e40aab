package dev.shears.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialStopped;
import dev.shears.report.EvaluatedTrial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one experiment's evaluated trials from Kafka: the latest {@code EvaluationCompleted} of each trial from
 * {@code shears.evaluations}, with the trial's index and resolved spec from its {@code TrialCreated} on
 * {@code shears.trials}, from the beginning up to the end offsets at the time of the call. Records that are not
 * valid events are skipped (the services dead-letter them). Blocking: call it from a CLI thread or a worker pool,
 * never an event loop.
 */
public final class EvaluationLog {

  private final Map<String, Object> consumerProps;
  private final EventCodec codec = new EventCodec();
  private final Duration timeout;
  private final String evaluationsTopic;
  private final String trialsTopic;

  /**
   * A reader of the standard topics.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param timeout   the longest the read may take
   */
  public EvaluationLog(String bootstrap, Duration timeout) {
    this(bootstrap, Topics.EVALUATIONS, Topics.TRIALS, timeout);
  }

  /** A reader of other topics with the same events (tests, mirrored clusters). */
  public EvaluationLog(String bootstrap, String evaluationsTopic, String trialsTopic, Duration timeout) {
    this.consumerProps = KafkaClientConfig.consumer(bootstrap, "shears-report", null);
    this.timeout = timeout;
    this.evaluationsTopic = evaluationsTopic;
    this.trialsTopic = trialsTopic;
  }

  /**
   * The experiment's evaluated trials, each with its latest evaluation, by sweep index (trials whose creation was
   * not found come last, without a spec).
   *
   * @throws IllegalStateException when the evaluations topic is missing or the read does not finish in time
   */
  public List<EvaluatedTrial> read(String experimentId) {
    Map<String, EvaluationCompleted> evaluations = new LinkedHashMap<>();
    Map<String, TrialCreated> created = new HashMap<>();
    java.util.Set<String> stopped = new java.util.HashSet<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
      List<TopicPartition> partitions = new ArrayList<>(partitions(consumer, evaluationsTopic));
      if (partitions.isEmpty()) {
        throw new IllegalStateException("Topic " + evaluationsTopic + " does not exist: is Kafka set up?");
      }
      partitions.addAll(partitions(consumer, trialsTopic));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + evaluationsTopic + " and " + trialsTopic + " took longer than "
              + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Envelope envelope;
          try {
            envelope = codec.decode(record.value());
          } catch (InvalidEventException e) {
            continue;
          }
          if (!experimentId.equals(envelope.experimentId()) || envelope.trialId() == null) {
            continue;
          }
          if (envelope.payload() instanceof EvaluationCompleted c) {
            evaluations.remove(envelope.trialId());
            evaluations.put(envelope.trialId(), c);
          } else if (envelope.payload() instanceof TrialCreated t) {
            created.put(envelope.trialId(), t);
          } else if (envelope.payload() instanceof TrialStopped) {
            stopped.add(envelope.trialId());
          }
        }
      }
    }
    List<EvaluatedTrial> out = new ArrayList<>();
    int next = created.values().stream().mapToInt(TrialCreated::index).max().orElse(-1) + 1;
    for (Map.Entry<String, EvaluationCompleted> e : evaluations.entrySet()) {
      TrialCreated t = created.get(e.getKey());
      int index = t != null ? t.index() : next++;
      JsonNode spec = t != null ? t.spec() : null;
      out.add(new EvaluatedTrial(e.getKey(), index, spec, e.getValue(), stopped.contains(e.getKey())));
    }
    out.sort(Comparator.comparingInt(EvaluatedTrial::index));
    return out;
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    return consumer.partitionsFor(topic, timeout).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

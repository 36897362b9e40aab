package dev.shears.launcher.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.broker.junit.TestTopics;
import dev.shears.dashboard.state.DashboardState;
import dev.shears.evaluator.report.EvaluationLog;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.Event;
import dev.shears.events.EventCodec;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TrialCreated;
import dev.shears.report.ReportFormat;
import dev.shears.report.ReportRenderer;
import dev.shears.report.Table1Builder;
import dev.shears.report.Table1Report;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The same experiment shows the same table in the CLI ({@code shears report} reads Kafka through
 * {@link EvaluationLog}) and in the dashboard (its state applies the same events as its ingest receives them).
 */
@RealKafka
class ReportParityIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaBroker broker;
  private final EventCodec codec = new EventCodec();

  ReportParityIT(KafkaBroker broker) {
    this.broker = broker;
  }

  private static JsonNode spec(String method, int layers, double sparsity, int seed) {
    return JSON.valueToTree(Map.of("name", "x", "task", Map.of("dataset", "builtin:synthetic-summarize", "metric",
        "rouge"), "teacher", Map.of("model", "builtin:tiny-t5"), "method", method, "nash", Map.of("decoderLayers",
        layers, "encoderSparsity", sparsity, "selection", "uniform"), "training", Map.of("steps", 100, "seed", seed)));
  }

  private static EvaluationCompleted evaluation(String sha, double rougeL, double speedup, double sparsity) {
    double diff = rougeL - 0.40;
    return new EvaluationCompleted(sha, "file:///x/" + sha, Map.of("rougeL", rougeL, "rouge1", rougeL + 0.05),
        Map.of("rougeL", 0.40, "rouge1", 0.45), 100 / speedup, 100, speedup, 1_000_000, 4_000_000, sparsity, null,
        Map.of("rougeL", new ConfidenceInterval(diff, diff - 0.01, diff + 0.008, 0.95)),
        new ConfidenceInterval(speedup, speedup * 0.95, speedup * 1.04, 0.95));
  }

  @Test
  void theCliAndTheDashboardBuildTheSameTable(@BootstrapServers String bootstrap) throws Exception {
    String evaluations = TestTopics.create(broker, "evaluations", 3);
    String trials = TestTopics.create(broker, "trials", 3);
    String exp = "parity-1";
    List<Envelope> trialLog = new ArrayList<>();
    List<Envelope> evaluationLog = new ArrayList<>();
    trialLog.add(Envelope.of(new ExperimentSubmitted("parity", null, spec("nash", 3, 0.3, 1), 4, "test"), exp, null, 0,
        0, Instant.now()));
    JsonNode[] specs = {spec("nash", 3, 0.3, 1), spec("nash", 3, 0.3, 2), spec("nash", 2, 0.3, 1),
        spec("uniform-only", 3, 0.3, 1)};
    double[][] results = {{0.395, 3.0, 0.30}, {0.39, 3.1, 0.295}, {0.37, 4.0, 0.20}, {0.36, 2.9, 0.0}};
    for (int i = 0; i < specs.length; i++) {
      String trial = exp + "-" + i;
      trialLog.add(env(new TrialCreated(i, specs[i], 1, 1, 0, 3), exp, trial));
      // A first evaluation, then a re-evaluation that replaces it in both views.
      evaluationLog.add(env(evaluation("old" + i, 0.1, 1.1, 0.3), exp, trial));
      evaluationLog.add(env(evaluation("sha" + i, results[i][0], results[i][1], results[i][2]), exp, trial));
    }
    evaluationLog.add(env(evaluation("other", 0.5, 9, 0.3), "another-experiment", "x-0"));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "t"))) {
      for (Envelope e : trialLog) {
        send(producer, trials, e);
      }
      for (Envelope e : evaluationLog) {
        send(producer, evaluations, e);
      }
    }

    Table1Report cli = new Table1Builder().fromTrials(exp,
        new EvaluationLog(bootstrap, evaluations, trials, Duration.ofSeconds(30)).read(exp), null);

    DashboardState dashboard = new DashboardState(Clock.systemUTC(), Duration.ofSeconds(30), 256, 64);
    for (Envelope e : trialLog) {
      dashboard.apply(codec.decode(codec.encode(e)));
    }
    for (Envelope e : evaluationLog) {
      dashboard.apply(codec.decode(codec.encode(e)));
    }
    Table1Report shown = dashboard.report(exp).orElseThrow();

    ReportRenderer renderer = new ReportRenderer();
    for (ReportFormat format : ReportFormat.values()) {
      assertThat(renderer.render(shown, format)).as(format.name()).isEqualTo(renderer.render(cli, format));
    }
    assertThat(shown).isEqualTo(cli);
    // And the table is the experiment's, with its statistics: not two empty tables.
    String md = renderer.render(cli, ReportFormat.MD);
    assertThat(md).contains("| NASH-2 (encoder sparsity 0.200, target 0.3 missed) |");
    assertThat(md).contains("| NASH-3 (encoder sparsity 0.3) seed 2 | 39.00 | 44.00 | 97.5% [95.0, 99.5] | -1.00 [-2.00, -0.20] "
        + "| 3.10× [2.95, 3.22] |");
    assertThat(md).contains("### Across seeds (mean ± sd)").doesNotContain("another");
    assertThat(cli.rows()).hasSize(5);
  }

  private static Envelope env(Event e, String exp, String trial) {
    return Envelope.of(e, exp, trial, 0, 0, Instant.now());
  }

  private void send(KafkaProducer<byte[], byte[]> producer, String topic, Envelope e) throws Exception {
    String key = e.trialId() != null ? e.trialId() : e.experimentId();
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), codec.encode(e))).get();
  }
}

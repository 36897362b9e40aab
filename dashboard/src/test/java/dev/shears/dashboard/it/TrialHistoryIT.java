package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EventCodec;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.Topics;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.TrialSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Curves that outlive telemetry retention, on a real broker: a finished trial's summary on the compacted
 * {@code shears.trial-history} is what a restarted dashboard shows once the trial's telemetry is skipped (older
 * than every unsummarised trial) or deleted (its segments gone, as retention does), while a running trial's curves
 * still come from its live telemetry.
 */
@RealKafka
class TrialHistoryIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FINISHED_STEPS = 600;
  private static final int RUNNING_STEPS = 40;

  @Test
  void finishedTrialsCurvesComeFromTheirSummaryOnceTheirTelemetryIsSkippedOrDeleted(KafkaBroker broker)
      throws Exception {
    LiveDashboard.createTopics(broker);
    String bootstrap = broker.bootstrapServers();
    DashboardConfig config = DashboardConfig.of(bootstrap, "127.0.0.1", 0, "http://127.0.0.1:9", "it-token");
    String experimentId = Seed.id("hist");
    String finished = experimentId + "-done";
    String running = experimentId + "-live";
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    int finishedTelemetry;
    JsonNode before;
    try (LiveDashboard first = new LiveDashboard(bootstrap, config)) {
      first.sendAt(Envelope.of(new ExperimentSubmitted("history", null, Seed.spec(2, 1), 2, "it"), experimentId,
          null, 0, 0, longAgo), longAgo);
      finishedTelemetry = trial(first, experimentId, finished, 0, longAgo, 1, FINISHED_STEPS);
      first.sendAt(Envelope.of(new TrialSucceeded("file:/tmp/" + finished, Map.of()), experimentId, finished, 1,
          FINISHED_STEPS + 10, longAgo.plusSeconds(FINISHED_STEPS)), longAgo.plusSeconds(FINISHED_STEPS));
      first.send(Envelope.of(new EvaluationCompleted("sha-" + finished, "file:/tmp/" + finished,
          Map.of("rougeL", 0.38), Map.of("rougeL", 0.41), 10, 20, 2.0, 30_000_000, 60_000_000, 0.3, null),
          experimentId, finished, 1, FINISHED_STEPS + 11, Instant.now()));
      trial(first, experimentId, running, 1, Instant.now(), 1, RUNNING_STEPS);
      first.flush();

      first.start();
      TrialSummary summary = awaitSummary(bootstrap, finished);
      assertThat(summary.state()).isEqualTo("SUCCEEDED");
      assertThat(summary.telemetryEvents()).isEqualTo(finishedTelemetry);
      assertThat(summary.evaluation().metrics()).containsEntry("rougeL", 0.38);
      before = series(first, finished, "loss");
      assertThat(before.path("x").size()).isEqualTo(FINISHED_STEPS);
      assertThat(series(first, running, "loss").path("x").size()).isEqualTo(RUNNING_STEPS);
    }

    // Restarted with the summary on the history topic: the finished trial's telemetry lies before the running
    // trial's first placement, so it is not read at all.
    try (LiveDashboard second = new LiveDashboard(bootstrap, config).start()) {
      Await.until(Duration.ofSeconds(60), "the second dashboard to catch up", () -> second.verticle().caughtUp());
      assertSummaryCurves(second, finished, before);
      assertThat(series(second, running, "loss").path("x").size()).isEqualTo(RUNNING_STEPS);
      assertThat(eventsApplied(second)).isLessThan(finishedTelemetry);
    }

    deleteAllTelemetry(bootstrap);
    try (LiveDashboard third = new LiveDashboard(bootstrap, config)) {
      trial(third, experimentId, running, -1, Instant.now(), RUNNING_STEPS + 1, 10);
      third.flush();
      third.start();
      Await.until(Duration.ofSeconds(60), "the third dashboard to catch up", () -> third.verticle().caughtUp());
      assertSummaryCurves(third, finished, before);
      JsonNode trial = get(third.url("/api/trials/" + finished));
      assertThat(trial.path("evaluation").path("metrics").path("rougeL").asDouble()).isEqualTo(0.38);
      assertThat(trial.path("row").path("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(trial.path("layers").asInt()).isEqualTo(2);
      // The running trial keeps the telemetry that is still there: the rows written after the deletion.
      assertThat(series(third, running, "loss").path("x").size()).isEqualTo(10);
    }
  }

  /**
   * Writes one trial's creation, placement (unless {@code index} is negative: an existing trial) and telemetry:
   * per step a loss and a Lagrangian event, a mask event every tenth step, with record timestamps from {@code at}.
   *
   * @return the telemetry events written
   */
  private static int trial(LiveDashboard dash, String experimentId, String trialId, int index, Instant at,
      int firstStep, int steps) {
    if (index >= 0) {
      dash.sendAt(Envelope.of(new TrialCreated(index, Seed.spec(2, 1), 1, 8, 0, 3), experimentId, trialId, 0, 0,
          at), at);
      dash.sendAt(Envelope.of(new TrialAssigned("worker-a", List.of(0), null), experimentId, trialId, 1, 0, at), at);
    }
    int events = 0;
    for (int step = firstStep; step < firstStep + steps; step++) {
      Instant ts = at.plusMillis(step * 100L);
      double loss = 5.0 / Math.sqrt(step);
      dash.sendAt(Envelope.of(new LossEvent(step, "prune-encoder", loss, loss * 0.8, 0.1, 0.1, 0, 0.01, 3e-4),
          experimentId, trialId, 1, 3L * step, ts), ts);
      dash.sendAt(Envelope.of(new LagrangianEvent(step, "prune-encoder", 0.001 * step, 0.002, 0.3 * step / 600,
          0.3), experimentId, trialId, 1, 3L * step + 1, ts), ts);
      events += 2;
      if (step % 10 == 0) {
        dash.sendAt(Envelope.of(new MaskEvent(step, "prune-encoder", List.of(List.of(1.0, 0.9), List.of(0.2, 0.8)),
            List.of(100.0, 80.0), 0.3 * step / 600, 0.3, null), experimentId, trialId, 1, 3L * step + 2, ts), ts);
        events++;
      }
    }
    return events;
  }

  private static void assertSummaryCurves(LiveDashboard dash, String trialId, JsonNode full) throws Exception {
    JsonNode loss = series(dash, trialId, "loss");
    int rows = loss.path("x").size();
    assertThat(rows).isBetween(100, 200);
    assertThat(loss.path("x").get(0).asDouble()).isEqualTo(full.path("x").get(0).asDouble());
    assertThat(loss.path("x").get(rows - 1).asDouble())
        .isEqualTo(full.path("x").get(full.path("x").size() - 1).asDouble());
    JsonNode total = loss.path("y").get(0);
    JsonNode fullTotal = full.path("y").get(0);
    assertThat(total.get(rows - 1).asDouble()).isEqualTo(fullTotal.get(fullTotal.size() - 1).asDouble());
    // Min/max downsampling keeps the extremes: the first (largest) loss is still there.
    assertThat(total.get(0).asDouble()).isEqualTo(fullTotal.get(0).asDouble());
    assertThat(series(dash, trialId, "lagrangian").path("x").size()).isBetween(100, 200);
    JsonNode heads = series(dash, trialId, "heads");
    assertThat(heads.path("columns").size()).isEqualTo(4);
    assertThat(heads.path("x").get(heads.path("x").size() - 1).asDouble()).isEqualTo(FINISHED_STEPS);
  }

  private static JsonNode series(LiveDashboard dash, String trialId, String name) throws Exception {
    return get(dash.url("/api/trials/" + trialId + "/series/" + name + "?points=10000&mode=none"));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static double eventsApplied(LiveDashboard dash) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(dash.url("/metrics"))).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body().lines().filter(l -> l.startsWith("shears_dashboard_events_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static TrialSummary awaitSummary(String bootstrap, String trialId) {
    EventCodec codec = new EventCodec();
    Map<String, Object> props = KafkaClientConfig.consumer(bootstrap, "history-it", null);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.TRIAL_HISTORY).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      TrialSummary[] found = new TrialSummary[1];
      Await.until(Duration.ofSeconds(60), "an evaluated summary of " + trialId + " on " + Topics.TRIAL_HISTORY, () -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            Envelope e = codec.decode(r.value());
            if (trialId.equals(e.trialId()) && e.payload() instanceof TrialSummary s && s.evaluation() != null) {
              found[0] = s;
            }
          } catch (Exception ex) {
            throw new AssertionError("undecodable record on " + Topics.TRIAL_HISTORY, ex);
          }
        }
        return found[0] != null;
      });
      return found[0];
    }
  }

  private static void deleteAllTelemetry(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
            KafkaClientConfig.consumer(bootstrap, "history-it-end", null))) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.TELEMETRY).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      consumer.endOffsets(parts).forEach((tp, end) -> delete.put(tp, RecordsToDelete.beforeOffset(end)));
      admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
      assertThat(consumer.beginningOffsets(parts)).isEqualTo(consumer.endOffsets(parts));
    }
  }
}

package dev.shears.dashboard.state;

import static dev.shears.dashboard.state.Events.created;
import static dev.shears.dashboard.state.Events.env;
import static dev.shears.dashboard.state.Events.evaluation;
import static dev.shears.dashboard.state.Events.loss;
import static dev.shears.dashboard.state.Events.mask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.dashboard.history.Downsampling;
import dev.shears.dashboard.history.SeriesSlice;
import dev.shears.events.Envelope;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialRetried;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.TrialSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which summaries a history-writing dashboard writes, and what a dashboard shows from one it reads. */
class TrialSummaryStateTest {
  private static DashboardState state() {
    return new DashboardState(Clock.fixed(Events.T0, ZoneOffset.UTC), Duration.ofSeconds(6), 2048, 256);
  }

  /** A finished trial with {@code steps} loss events and a mask event every tenth step. */
  private static void finishedTrial(DashboardState s, String trialId, int steps) {
    s.apply(env(created(0), "e", trialId, 0, 0));
    s.apply(env(new TrialAssigned("w", List.of(0), null), "e", trialId, 1, 0));
    long seq = 1;
    for (int step = 1; step <= steps; step++) {
      s.apply(env(loss(step, 10.0 / step), "e", trialId, 1, seq++));
      if (step % 10 == 0) {
        s.apply(env(mask(step, 0.3 * step / steps, 2, 3), "e", trialId, 1, seq++));
      }
    }
    s.apply(env(new TrialSucceeded("file:/x", Map.of()), "e", trialId, 1, 1_000_000));
  }

  @Test
  void aFinishedTrialIsSummarisedOnceAndAgainWhenItsEvaluationArrives() {
    DashboardState s = state();
    s.apply(env(created(1), "e", "running", 0, 0));
    s.apply(env(loss(1, 2.0), "e", "running", 1, 1));
    finishedTrial(s, "t", 500);

    List<DashboardState.PendingSummary> pending = s.pendingSummaries(200, 32, 50);
    assertThat(pending).extracting(DashboardState.PendingSummary::trialId).containsExactly("t");
    TrialSummary summary = pending.get(0).summary();
    assertThat(summary.state()).isEqualTo("SUCCEEDED");
    assertThat(summary.telemetryEvents()).isEqualTo(550);
    assertThat(summary.evaluation()).isNull();
    assertThat(summary.curves()).extracting(c -> c.series()).containsExactly("loss", "sparsity", "heads", "ffn");
    assertThat(summary.curves().get(0).steps()).hasSizeLessThanOrEqualTo(200).startsWith(1.0).endsWith(500.0);
    assertThat(summary.curves().get(2).steps()).hasSizeLessThanOrEqualTo(32).endsWith(500.0);

    s.summaryWritten(pending.get(0), true);
    assertThat(s.pendingSummaries(200, 32, 50)).isEmpty();
    s.apply(env(evaluation(0.39, 2.0, 500_000), "e", "t", 1, 1_000_001));
    assertThat(s.pendingSummaries(200, 32, 50)).singleElement()
        .satisfies(p -> assertThat(p.summary().evaluation().metrics()).containsEntry("rougeL", 0.39));
  }

  @Test
  void aFailedWriteIsMadeAgain() {
    DashboardState s = state();
    finishedTrial(s, "t", 20);
    DashboardState.PendingSummary p = s.pendingSummaries(200, 32, 50).get(0);
    s.summaryWritten(p, true);
    s.summaryWritten(p, false);
    assertThat(s.pendingSummaries(200, 32, 50)).hasSize(1);
  }

  @Test
  void aReadSummaryGivesTheCurvesItsTelemetryIsSkippedAndNothingIsRewritten() {
    DashboardState writer = state();
    finishedTrial(writer, "t", 400);
    writer.apply(env(evaluation(0.39, 2.0, 500_000), "e", "t", 1, 1_000_001));
    TrialSummary summary = writer.pendingSummaries(200, 32, 50).get(0).summary();
    SeriesSlice full = writer.history("t").orElseThrow()
        .slice("loss", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10_000, Downsampling.NONE);

    DashboardState reader = state();
    reader.apply(env(created(0), "e", "t", 0, 0));
    reader.apply(env(new TrialAssigned("w", List.of(0), null), "e", "t", 1, 0));
    reader.apply(env(new TrialSucceeded("file:/x", Map.of()), "e", "t", 1, 1_000_000));
    reader.apply(Envelope.of(summary, "e", "t", 1, 0, Events.T0));
    // Telemetry replayed after the summary (read from before this trial's start) is its summary's already.
    reader.apply(env(loss(401, 0.001), "e", "t", 1, 500));

    SeriesSlice shown = reader.history("t").orElseThrow()
        .slice("loss", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10_000, Downsampling.NONE);
    assertThat(shown.size()).isBetween(100, 200);
    assertThat(shown.x()[0]).isEqualTo(full.x()[0]);
    assertThat(shown.x()[shown.size() - 1]).isEqualTo(400.0);
    assertThat(shown.y()[0][shown.size() - 1]).isEqualTo(full.y()[0][full.size() - 1]);
    assertThat(reader.trial("t").orElseThrow().layers()).isEqualTo(2);
    assertThat(reader.trial("t").orElseThrow().evaluation().metrics()).containsEntry("rougeL", 0.39);
    assertThat(reader.trialRow("t").orElseThrow().step()).isEqualTo(400L);
    assertThat(reader.pendingSummaries(200, 32, 50)).isEmpty();
    assertThat(reader.telemetryNeededSince()).isEmpty();
  }

  @Test
  void telemetryIsNeededFromTheFirstPlacementOfTheEarliestTrialWithoutSummary() {
    DashboardState s = state();
    s.apply(env(created(0), "e", "pending", 0, 0));
    assertThat(s.telemetryNeededSince()).isEmpty();
    s.apply(env(created(1), "e", "late", 0, 1));
    s.apply(env(new TrialAssigned("w", List.of(0), null), "e", "late", 1, 900));
    s.apply(env(created(2), "e", "early", 0, 2));
    s.apply(env(new TrialAssigned("w", List.of(0), null), "e", "early", 1, 300));
    s.apply(env(new TrialAssigned("w", List.of(0), null), "e", "early", 2, 600));
    assertThat(s.telemetryNeededSince()).contains(Events.T0.plusMillis(300));
  }

  @Test
  void aRetriedTrialLeavesItsTerminalStateDropsItsOldEvaluationAndTakesNewTelemetry() {
    DashboardState s = state();
    finishedTrial(s, "t", 50);
    s.apply(env(evaluation(0.39, 2.0, 500_000), "e", "t", 1, 1_000_001));
    s.apply(env(new TrialRetried("requested via API", 2), "e", "t", 1, 0));

    assertThat(s.trialRow("t").orElseThrow().state()).hasToString("REQUEUED");
    assertThat(s.trial("t").orElseThrow().evaluation()).isNull();
    // The old attempt's evaluation, replayed late, no longer counts; the new attempt's does.
    s.apply(env(evaluation(0.30, 2.0, 500_000), "e", "t", 1, 1_000_002));
    assertThat(s.trial("t").orElseThrow().evaluation()).isNull();
    s.apply(env(loss(1, 9.0), "e", "t", 2, 1));
    assertThat(s.trialRow("t").orElseThrow().loss()).isEqualTo(9.0);
    assertThat(s.pendingSummaries(200, 32, 50)).isEmpty();
  }
}

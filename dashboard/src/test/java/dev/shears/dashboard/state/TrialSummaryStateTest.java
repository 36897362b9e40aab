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
import dev.shears.events.Event;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialRetried;
import dev.shears.events.TrialStopped;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.TrialSummary;
import dev.shears.events.ValidationEvent;
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
    finishedTrial(s, trialId, steps, new TrialSucceeded("file:/x", Map.of()));
  }

  /** As {@link #finishedTrial(DashboardState, String, int)}, ended by {@code end}, with a validation every 25 steps. */
  private static void finishedTrial(DashboardState s, String trialId, int steps, Event end) {
    s.apply(env(created(0), "e", trialId, 0, 0));
    s.apply(env(new TrialAssigned("w", List.of(0), null), "e", trialId, 1, 0));
    long seq = 1;
    for (int step = 1; step <= steps; step++) {
      s.apply(env(loss(step, 10.0 / step), "e", trialId, 1, seq++));
      if (step % 10 == 0) {
        s.apply(env(mask(step, 0.3 * step / steps, 2, 3), "e", trialId, 1, seq++));
      }
      if (step % 25 == 0) {
        s.apply(env(new ValidationEvent(step, "prune-encoder", 1.0 / step, 0.2), "e", trialId, 1, seq++));
      }
    }
    s.apply(env(end, "e", trialId, 1, 1_000_000));
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
  void aRetriedTrialLeavesItsTerminalStateAndShowsOnlyItsNewAttempt() {
    DashboardState s = state();
    s.apply(env(created(0), "e", "t", 0, 0));
    s.apply(env(new StageStarted("prune-encoder", 0), "e", "t", 1, 0));
    finishedTrial(s, "t", 50, new TrialStopped(1, 50, "below the rung's median"));
    s.apply(env(evaluation(0.39, 2.0, 500_000), "e", "t", 1, 1_000_001));
    assertThat(rows(s, "t", "validation")).isEqualTo(2);

    s.apply(env(new TrialRetried("requested via API", 2), "e", "t", 1, 0));

    TrialDetail retried = s.trial("t").orElseThrow();
    assertThat(retried.row().state()).hasToString("REQUEUED");
    assertThat(retried.row().attempt()).isEqualTo(2);
    assertThat(retried.evaluation()).isNull();
    assertThat(retried.stages()).isEmpty();
    assertThat(retried.row().step()).isNull();
    assertThat(retried.historyEvicted()).isFalse();
    for (String series : List.of("loss", "sparsity", "validation", "heads")) {
      assertThat(rows(s, "t", series)).as(series).isZero();
    }
    // The old attempt's events, replayed late, no longer count; the new attempt's do.
    s.apply(env(evaluation(0.30, 2.0, 500_000), "e", "t", 1, 1_000_002));
    s.apply(env(new ValidationEvent(75, "prune-encoder", 0.5, 0.2), "e", "t", 1, 1_000_003));
    assertThat(s.trial("t").orElseThrow().evaluation()).isNull();
    assertThat(rows(s, "t", "validation")).isZero();
    s.apply(env(new StageStarted("prune-encoder", 0), "e", "t", 2, 1));
    s.apply(env(loss(1, 9.0), "e", "t", 2, 1));
    s.apply(env(new ValidationEvent(25, "prune-encoder", 0.7, 0.1), "e", "t", 2, 2));
    assertThat(s.trialRow("t").orElseThrow().loss()).isEqualTo(9.0);
    assertThat(rows(s, "t", "validation")).isEqualTo(1);
    assertThat(s.trial("t").orElseThrow().stages()).extracting(StageSpan::attempt).containsExactly(2);
    assertThat(s.pendingSummaries(200, 32, 50)).isEmpty();
  }

  @Test
  void aRetryOfATrialThatIsNeitherFailedCancelledNorStoppedIsIgnored() {
    DashboardState s = state();
    finishedTrial(s, "done", 50);
    s.apply(env(created(1), "e", "running", 0, 0));
    s.apply(env(loss(1, 2.0), "e", "running", 1, 1));

    assertThat(s.apply(env(new TrialRetried("late", 2), "e", "done", 1, 0))).isEqualTo(Change.NONE);
    assertThat(s.apply(env(new TrialRetried("late", 2), "e", "running", 1, 0))).isEqualTo(Change.NONE);

    assertThat(s.trialRow("done").orElseThrow().state()).hasToString("SUCCEEDED");
    assertThat(s.trialRow("done").orElseThrow().attempt()).isEqualTo(1);
    assertThat(rows(s, "done", "validation")).isEqualTo(2);
    assertThat(s.trialRow("running").orElseThrow().state()).hasToString("RUNNING");
    assertThat(s.trialRow("running").orElseThrow().loss()).isEqualTo(2.0);
  }

  @Test
  void aSummaryOfTheAttemptARetryReplacedIsNotShownAndTheNewAttemptsIsKept() {
    DashboardState writer = state();
    finishedTrial(writer, "t", 100, new TrialStopped(1, 100, "below the rung's median"));
    TrialSummary old = writer.pendingSummaries(200, 32, 50).get(0).summary();

    // Replayed in this order: the old attempt's summary was overwritten on the compacted topic only later.
    DashboardState reader = state();
    finishedTrial(reader, "t", 0, new TrialStopped(1, 100, "below the rung's median"));
    reader.apply(env(new TrialRetried("requested via API", 2), "e", "t", 1, 0));
    reader.apply(Envelope.of(old, "e", "t", 1, 0, Events.T0));
    assertThat(rows(reader, "t", "loss")).isZero();

    // The new attempt's summary read before the retry event (the topics replay in no common order) stays.
    DashboardState early = state();
    early.apply(env(created(0), "e", "t", 0, 0));
    early.apply(Envelope.of(old, "e", "t", 2, 0, Events.T0));
    early.apply(env(new TrialStopped(1, 100, "below the rung's median"), "e", "t", 1, 1));
    early.apply(env(new TrialRetried("requested via API", 2), "e", "t", 1, 2));
    assertThat(rows(early, "t", "loss")).isPositive();
  }

  private static int rows(DashboardState s, String trialId, String series) {
    return s.history(trialId).orElseThrow()
        .slice(series, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10_000, Downsampling.NONE).size();
  }
}

package dev.shears.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.Event;
import dev.shears.events.LossEvent;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.launcher.chaos.ChaosChecks.Analysis;
import dev.shears.launcher.chaos.ChaosChecks.Check;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosChecksTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Builds one trial's log: each attempt numbers its own events from seq 1, as a worker does. */
  private static final class Log {
    final List<Consumed> records = new ArrayList<>();
    final String trial;
    long seq;

    Log(String trial, int index) {
      this.trial = trial;
      add(0, 0, new TrialCreated(index, JsonNodeFactory.instance.objectNode(), 1, 1, 0, 3));
    }

    private Log add(int attempt, long seq, Event payload) {
      records.add(new Consumed(payload.topic(), Envelope.of(payload, "exp", trial, attempt, seq, T0)));
      return this;
    }

    Log assign(int attempt, String worker, String resume) {
      seq = 0;
      add(attempt, 0, new TrialAssigned(worker, List.of(), resume));
      return add(attempt, ++seq, new TrialStarted(worker));
    }

    Log steps(int attempt, long from, long toInclusive) {
      for (long s = from; s <= toInclusive; s++) {
        add(attempt, ++seq, new LossEvent(s, "prune-encoder", 1.0 + s, 0, 0, 0, 0, 0, 1e-3));
      }
      return this;
    }

    Log checkpoint(int attempt, long resumeStep) {
      String uri = uri(resumeStep);
      add(attempt, ++seq, new CheckpointWritten("prune-encoder", resumeStep, CheckpointKind.PERIODIC, uri, "c"
          + resumeStep, 1, null));
      return add(attempt, ++seq, new TrialCheckpointed("prune-encoder", resumeStep, uri, "c" + resumeStep));
    }

    String uri(long step) {
      return "file:///ck/" + trial + "/step-" + step + "/";
    }

    Log succeed(int attempt, String sha) {
      String uri = "file:///ck/" + trial + "/export/";
      add(attempt, ++seq, new CheckpointWritten("export", 0, CheckpointKind.EXPORT, uri, sha, 1, null));
      return add(attempt, ++seq, new TrialSucceeded(uri, Map.of()));
    }

    Log evaluated(int attempt, String sha) {
      return add(attempt, 7, new EvaluationCompleted(sha, "file:///x/", Map.of("rougeL", 0.5), Map.of(), 1, 2, 2,
          10, 20, 0.3, null));
    }

    Log requeue(int attempt, int next, String resume) {
      return add(attempt, 0, new TrialRequeued("lease expired", next, resume));
    }

    Log skipSeq() {
      seq++;
      return this;
    }
  }

  private static Check check(Analysis a, String name) {
    return a.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Attempt 1 on w1 checkpoints to resume at step 4, runs to step 5 and is killed; attempt 2 resumes at 4. */
  private static Log resumedTrial() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 3).checkpoint(1, 4).steps(1, 4, 5);
    return log.assign(2, "w2", log.uri(4)).steps(2, 4, 9).succeed(2, "sha-1").evaluated(2, "sha-1");
  }

  @Test
  void aResumedTrialWhoseAttemptsJoinAtTheCheckpointPassesEveryCheck() {
    Analysis a = ChaosChecks.analyse(resumedTrial().records, 1, Set.of("w1"));

    assertThat(a.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
    ChaosChecks.TrialFacts t = a.trials().get("t1");
    assertThat(t.state()).isEqualTo("SUCCEEDED");
    assertThat(t.attempts()).isEqualTo(2);
    assertThat(t.resumedFrom()).containsExactly(4L);
    assertThat(t.redoneSteps()).as("steps 4 and 5 of the killed attempt").isEqualTo(2);
    assertThat(t.winningSteps()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(a.lost()).isZero();
    assertThat(a.evaluations()).isEqualTo(1);
  }

  @Test
  void anAttemptThatResumesPastItsCheckpointLeavesAGap() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 3).checkpoint(1, 4);
    log.assign(2, "w2", log.uri(4)).steps(2, 6, 9).succeed(2, "sha-1").evaluated(2, "sha-1");

    Analysis a = ChaosChecks.analyse(log.records, 1, Set.of("w1"));

    assertThat(check(a, "telemetry-contiguous").passed()).isFalse();
    assertThat(check(a, "telemetry-contiguous").detail()).contains("t1: step 6 where 4 was due");
    assertThat(check(a, "resumed-from-checkpoint").passed()).isFalse();
  }

  @Test
  void aStepRepeatedWithinTheWinningAttemptFails() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 3).steps(1, 3, 5).succeed(1, "sha-1")
        .evaluated(1, "sha-1");

    Analysis a = ChaosChecks.analyse(log.records, 1, Set.of());

    assertThat(check(a, "telemetry-contiguous").passed()).isFalse();
    assertThat(check(a, "telemetry-contiguous").detail()).contains("step 3 where 4 was due");
  }

  @Test
  void anExportEvaluatedTwiceIsCaught() {
    Log log = resumedTrial().evaluated(2, "sha-1");

    Analysis a = ChaosChecks.analyse(log.records, 1, Set.of("w1"));

    assertThat(check(a, "evaluated-once").passed()).isFalse();
    assertThat(check(a, "evaluated-once").detail()).isEqualTo("t1/sha-1 evaluated 2 times");
  }

  @Test
  void anExportNeverEvaluatedIsCaught() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 2).succeed(1, "sha-1");

    Analysis a = ChaosChecks.analyse(log.records, 1, Set.of());

    assertThat(check(a, "exports-evaluated").passed()).isFalse();
    assertThat(check(a, "exports-evaluated").detail()).contains("sha-1 of t1 was never evaluated");
  }

  @Test
  void aSeqGapIsALostEventUnlessTheAttemptsWorkerWasKilled() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 3).skipSeq().steps(1, 4, 5);

    Analysis survived = ChaosChecks.analyse(log.records, 1, Set.of());
    Analysis killed = ChaosChecks.analyse(log.records, 1, Set.of("w1"));

    assertThat(survived.lost()).isEqualTo(1);
    assertThat(check(survived, "no-lost-events").detail()).contains("t1 attempt 1 misses 1 of its");
    assertThat(killed.lost()).isZero();
    assertThat(killed.unsentAtKill()).isEqualTo(1);
    assertThat(check(killed, "all-trials-succeeded").detail()).contains("t1 is INCOMPLETE");
  }

  @Test
  void aRedeliveredEventIsDroppedByTheFenceAndChangesNothing() {
    Log log = resumedTrial();
    List<Consumed> records = new ArrayList<>(log.records);
    Consumed loss = records.stream().filter(c -> c.envelope().payload() instanceof LossEvent).skip(2).findFirst()
        .orElseThrow();
    records.add(records.indexOf(loss) + 1, loss);

    Analysis a = ChaosChecks.analyse(records, 1, Set.of("w1"));

    assertThat(a.duplicatesDropped()).isEqualTo(1);
    assertThat(a.passed()).as(String.valueOf(a.firstFailure())).isTrue();
  }

  @Test
  void aMissingTrialFailsTheCountAndTheBaselineComparison() {
    Analysis chaos = ChaosChecks.analyse(resumedTrial().records, 2, Set.of("w1"));
    Log other = new Log("b1", 0).assign(1, "w1", null).steps(1, 0, 9).succeed(1, "s").evaluated(1, "s");
    Log second = new Log("b2", 1).assign(1, "w2", null).steps(1, 0, 9).succeed(1, "s2").evaluated(1, "s2");
    List<Consumed> records = new ArrayList<>(other.records);
    records.addAll(second.records);
    Analysis baseline = ChaosChecks.analyse(records, 2, Set.of());

    assertThat(check(chaos, "all-trials-succeeded").detail()).startsWith("1 trials created, expected 2");
    Check compared = ChaosChecks.compare(baseline, chaos);
    assertThat(compared.passed()).isFalse();
    assertThat(compared.detail()).contains("trial #1 is missing from the chaos run");
    assertThat(ChaosChecks.maxLossDifference(baseline, chaos)).isZero();
  }

  /** Attempt 1 on w1 is cut off after checkpointing step 4 and requeued; attempt 2 on w2 resumes and succeeds. */
  private static Log cutOffTrial() {
    Log log = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 3).checkpoint(1, 4);
    return log.requeue(1, 2, log.uri(4)).assign(2, "w2", log.uri(4)).steps(2, 4, 9).succeed(2, "sha-2")
        .evaluated(2, "sha-2");
  }

  @Test
  void aCutOffAttemptThatWasRequeuedAndWhoseLateEventsCameToNothingIsFenced() {
    Log log = cutOffTrial();
    // Reconnected, the stale trainer's buffered events arrive after the requeue.
    log.seq = 6;
    log.steps(1, 4, 6);

    Check c = ChaosChecks.staleAttemptFenced(log.records, "t1", 1, "w1");

    assertThat(c.passed()).as(c.detail()).isTrue();
    assertThat(c.detail()).contains("attempt 1 of t1 on w1 was requeued, attempt 2 succeeded");
  }

  @Test
  void aStaleAttemptThatSucceedsOrIsEvaluatedOrWasNeverRequeuedIsNotFenced() {
    Log succeeded = cutOffTrial();
    succeeded.seq = 6;
    succeeded.succeed(1, "sha-1").evaluated(1, "sha-1");
    Check c = ChaosChecks.staleAttemptFenced(succeeded.records, "t1", 1, "w1");
    assertThat(c.passed()).isFalse();
    assertThat(c.detail()).contains("the stale attempt 1 of t1 on w1 reported success")
        .contains("the stale attempt's export [sha-1] was evaluated");

    Log never = new Log("t1", 0).assign(1, "w1", null).steps(1, 0, 9).succeed(1, "sha-1");
    Check n = ChaosChecks.staleAttemptFenced(never.records, "t1", 1, "w1");
    assertThat(n.passed()).isFalse();
    assertThat(n.detail()).contains("never requeued attempt 1").contains("no attempt after 1 of t1 succeeded");
  }
}

package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.ValidationEvent;
import dev.shears.orchestrator.scheduler.SchedulerHarness.Shape;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping decided from validation events at fixed times: promotions, stops, late trials and replay. */
class EarlyStoppingTest {
  private static final long GB = 1024;
  private final SchedulerHarness h = new SchedulerHarness();
  private final Map<String, Long> seq = new java.util.HashMap<>();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Rungs at 10, 30 (η = 3, maxSteps 90). */
  private static ObjectNode search(String scheduler) {
    return JsonNodeFactory.instance.objectNode().put("scheduler", scheduler).put("metric", "validationLoss")
        .put("mode", "min").put("gracePeriod", 10).put("reductionFactor", 3).put("maxSteps", 90);
  }

  private void start(String scheduler, int trials) {
    start(search(scheduler), trials);
  }

  private void start(ObjectNode search, int trials) {
    h.submit("a", 1, Integer.MAX_VALUE, 3, T0, Collections.nCopies(trials, new Shape(1, 16, 0)), search);
    long[] gpus = new long[trials];
    java.util.Arrays.fill(gpus, 16 * GB);
    h.trainer("w1", T0, gpus);
    assertThat(h.tick(at(1))).hasSize(trials);
    for (int i = 0; i < trials; i++) {
      h.worker(id(i), 1, next(id(i)), new TrialStarted("w1"), at(2));
    }
  }

  private static String id(int i) {
    return String.format("a-%04d", i);
  }

  private long next(String trialId) {
    return seq.merge(trialId, 1L, Long::sum);
  }

  private void validation(int trial, long step, double loss, int second) {
    h.worker(id(trial), 1, next(id(trial)), new ValidationEvent(step, "prune-encoder", loss, null), at(second));
  }

  private TrialState state(int trial) {
    return h.scheduler.trial(id(trial)).orElseThrow().state();
  }

  @Test
  void ashaPromotesTheBestThirdAndStopsTheRestAtEachRung() {
    start("asha", 3);
    validation(0, 10, 2.0, 10); // first at the rung: no cutoff, promoted
    validation(1, 10, 1.0, 11); // better than the cutoff 2.0: promoted
    assertThat(table(h.tick(at(12)))).isEmpty();
    validation(2, 10, 3.0, 13); // cutoff: the 1/3 quantile of [1.0, 2.0] = 1.333
    assertThat(table(h.tick(at(14)))).containsExactly("stop a-0002#1 at rung 0 revoke w1");
    TrialView stopped = h.scheduler.trial(id(2)).orElseThrow();
    assertThat(stopped.state()).isEqualTo(TrialState.STOPPED);
    assertThat(stopped.reason()).startsWith("asha: validationLoss 3.000 at step 10")
        .contains("best 1/3 of the 2 earlier results").contains("cutoff 1.333");
    assertThat(stopped.workerId()).as("its GPU is released at once").isNull();
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isEqualTo(2 * 16 * GB);
    assertThat(table(h.tick(at(15)))).as("decided once").isEmpty();

    validation(1, 30, 0.5, 20); // first at rung 1: promoted
    validation(0, 30, 0.9, 21); // worse than the cutoff 0.5: stopped
    assertThat(table(h.tick(at(22)))).containsExactly("stop a-0000#1 at rung 1 revoke w1");
    h.worker(id(1), 1, next(id(1)), new TrialSucceeded("file:///export", Map.of()), at(30));
    assertThat(h.scheduler.experiment("a").orElseThrow().state()).isEqualTo(ExperimentState.COMPLETED);
    assertThat(h.scheduler.experiment("a").orElseThrow().counts())
        .containsEntry(TrialState.STOPPED, 2).containsEntry(TrialState.SUCCEEDED, 1);
  }

  @Test
  void aLateTrialIsHeldToEveryEarlierResultAtTheRung() {
    start("asha", 4);
    validation(0, 10, 1.0, 10);
    validation(1, 10, 1.2, 11); // cutoff 1.0: stopped
    validation(2, 10, 0.8, 12); // cutoff quantile([1.0, 1.2], 1/3) = 1.067: promoted
    validation(0, 30, 0.7, 20);
    validation(2, 30, 0.6, 21);
    assertThat(table(h.tick(at(22)))).containsExactly("stop a-0001#1 at rung 0 revoke w1");
    // Trial 3 reaches rung 0 after the others moved on: 1.05 is worse than quantile([1.0, 1.2, 0.8], 1/3) = 0.933.
    h.trainer("w1", at(39), 16 * GB, 16 * GB, 16 * GB, 16 * GB);
    validation(3, 10, 1.05, 40);
    assertThat(table(h.tick(at(41)))).containsExactly("stop a-0003#1 at rung 0 revoke w1");
    assertThat(state(0)).isEqualTo(TrialState.RUNNING);
    assertThat(state(2)).isEqualTo(TrialState.RUNNING);
  }

  @Test
  void theTeachersValidationCurveIsNotJudgedAtTheStudentRungs() {
    start("asha", 2);
    validation(0, 10, 1.0, 10);
    h.worker(id(1), 1, next(id(1)), new ValidationEvent(10, "finetune-teacher", 9.0, 0.1), at(11));
    assertThat(table(h.tick(at(12)))).isEmpty();
    validation(1, 10, 0.5, 13); // its own rung-0 result, better than trial 0's: promoted
    assertThat(table(h.tick(at(14)))).isEmpty();
  }

  @Test
  void resultsOffTheRungsAndRepeatsOfARungAreNotJudged() {
    start("asha", 2);
    validation(0, 10, 1.0, 10);
    validation(1, 15, 9.0, 11); // not a rung
    validation(1, 10, 2.0, 12); // rung 0, worse: stopped
    validation(0, 10, 5.0, 13); // a repeat of rung 0 (a resumed attempt validates again): ignored
    assertThat(table(h.tick(at(14)))).containsExactly("stop a-0001#1 at rung 0 revoke w1");
    assertThat(state(0)).isEqualTo(TrialState.RUNNING);
  }

  @Test
  void replayReachesTheSameVerdictsWhetherOrNotTheyWereWritten() {
    start("asha", 3);
    validation(0, 10, 2.0, 10);
    validation(1, 10, 1.0, 11);
    validation(2, 10, 3.0, 13);
    assertThat(table(h.tick(at(14)))).containsExactly("stop a-0002#1 at rung 0 revoke w1");
    validation(1, 30, 0.5, 20);
    validation(0, 30, 0.9, 21);
    // Restart before the second verdict was written: the replay judges the same trial at the same rung.
    Scheduler replayed = h.replay(SchedulerConfig.DEFAULT);
    replayed.recovered(at(22));
    assertThat(replayed.trial(id(2)).orElseThrow().state()).isEqualTo(TrialState.STOPPED);
    assertThat(table(replayed.tick(at(22)))).containsExactly("stop a-0000#1 at rung 1 revoke w1");
    assertThat(table(h.tick(at(22)))).containsExactly("stop a-0000#1 at rung 1 revoke w1");
    Scheduler again = h.replay(SchedulerConfig.DEFAULT);
    again.recovered(at(23));
    assertThat(table(again.tick(at(23)))).as("nothing is stopped twice").isEmpty();
    assertThat(again.trial(id(0)).orElseThrow().state()).isEqualTo(TrialState.STOPPED);
  }

  @Test
  void medianStopsATrialWorseThanTheMedianOfTheOthersMeansOnceThreeOthersReachedTheRung() {
    start("median", 5);
    validation(0, 10, 1.0, 10);
    validation(1, 10, 2.0, 11);
    validation(2, 10, 9.0, 12); // only 2 others: not judged
    validation(3, 10, 2.5, 13); // median of [1.0, 2.0, 9.0] = 2.0 < 2.5: stopped
    validation(4, 10, 1.5, 14); // median of [1.0, 2.0, 9.0, 2.5] = 2.25 > 1.5: goes on
    assertThat(table(h.tick(at(15)))).containsExactly("stop a-0003#1 at rung 0 revoke w1");
    // At rung 1 trial 2's best (9.0, then 1.1) is compared with the others' means over rungs 0 and 1.
    validation(0, 30, 1.0, 20); // mean 1.0
    validation(1, 30, 1.0, 21); // mean 1.5
    validation(4, 30, 1.5, 22); // mean 1.5
    validation(2, 30, 1.1, 23); // best 1.1 < median 1.5: goes on
    assertThat(table(h.tick(at(24)))).isEmpty();
    assertThat(state(2)).isEqualTo(TrialState.RUNNING);
  }

  private void rouge(int trial, long step, Double rougeL, int second) {
    h.worker(id(trial), 1, next(id(trial)), new ValidationEvent(step, "prune-encoder", 1.0, rougeL), at(second));
  }

  @Test
  void onRougeLHigherIsBetterAndAResultWithoutItIsNotJudged() {
    // mode is left out: max, the direction in which ROUGE-L improves.
    start(search("asha").put("metric", "rougeL").without("mode"), 4);
    rouge(0, 10, 0.40, 10);
    rouge(1, 10, 0.20, 11); // cutoff 0.40 (the 2/3 quantile of one result): worse, stopped
    rouge(2, 10, 0.50, 12); // cutoff quantile([0.2, 0.4], 2/3) = 0.333: promoted
    rouge(3, 10, null, 13); // no ROUGE-L measured: not judged, never stopped
    assertThat(table(h.tick(at(14)))).containsExactly("stop a-0001#1 at rung 0 revoke w1");
    assertThat(h.scheduler.trial(id(1)).orElseThrow().reason()).startsWith("asha: rougeL 0.2000 at step 10");
    rouge(3, 30, 0.01, 20);
    assertThat(table(h.tick(at(21)))).isEmpty();
    assertThat(state(0)).isEqualTo(TrialState.RUNNING);
    assertThat(state(2)).isEqualTo(TrialState.RUNNING);
    assertThat(state(3)).isEqualTo(TrialState.RUNNING);
  }

  @Test
  void withoutASearchNoTrialIsJudged() {
    h.submit("a", 2, new Shape(1, 16, 0), T0);
    h.trainer("w1", T0, 16 * GB, 16 * GB);
    assertThat(h.tick(at(1))).hasSize(2);
    h.worker(id(0), 1, 1, new ValidationEvent(10, "prune-encoder", 1.0, null), at(2));
    h.worker(id(1), 1, 1, new ValidationEvent(10, "prune-encoder", 9.0, null), at(3));
    assertThat(table(h.tick(at(4)))).isEmpty();
  }

  @Test
  void quantilesInterpolateLinearlyLikeNumpy() {
    assertThat(EarlyStopping.quantile(List.of(1.0, 2.0), 1.0 / 3)).isCloseTo(1.3333, within(1e-4));
    assertThat(EarlyStopping.quantile(List.of(3.0, 1.0, 2.0, 4.0), 0.5)).isEqualTo(2.5);
    assertThat(EarlyStopping.quantile(List.of(7.0), 0.9)).isEqualTo(7.0);
  }
}

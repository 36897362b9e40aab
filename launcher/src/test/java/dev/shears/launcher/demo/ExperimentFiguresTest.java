package dev.shears.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import dev.shears.launcher.plot.PngChart;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFiguresTest {
  @TempDir
  Path dir;

  private static TrialResult trial(String id, String method, int layers, double target, double rougeL,
      double speedup, double sparsity) {
    EvaluationCompleted e = new EvaluationCompleted("sha-" + id, "file:///x/" + id, Map.of("rougeL", rougeL),
        Map.of("rougeL", 0.6), 10 / speedup, 10, speedup, 1_000_000, 4_000_000, sparsity, null);
    return new TrialResult(id, "SUCCEEDED", "done", 1, method(method, layers, target), null, e);
  }

  /** The method record a trial of {@code method} with these {@code nash:} settings has. */
  static MethodSpec method(String method, int layers, double target) {
    try {
      return PruningMethods.methodOf(new ObjectMapper().createObjectNode().put("method", method).set("nash",
          new ObjectMapper().createObjectNode().put("decoderLayers", layers).put("encoderSparsity", target)));
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private final List<TrialResult> sweep = List.of(
      trial("a", "nash", 1, 0.3, 0.50, 9.0, 0.29),
      trial("b", "nash", 3, 0.3, 0.59, 3.8, 0.30),
      trial("c", "nash", 2, 0.3, 0.55, 5.1, 0.28),
      trial("d", "nash", 3, 0.1, 0.60, 3.7, 0.11),
      trial("e", "nash", 3, 0.6, 0.52, 4.0, 0.58),
      trial("f", "cofi", 12, 0.7, 0.40, 1.3, 0.65),
      trial("g", "uniform-only", 3, 0.0, 0.57, 3.6, 0.0),
      new TrialResult("h", "FAILED", "prune-encoder", 2, method("nash", 4, 0.3), "diverged", null));

  @Test
  void theDepthCurveTakesNashAtTheCommonTargetInDepthOrder() {
    assertThat(ExperimentFigures.nashAtMainTarget(sweep.stream().filter(t -> t.evaluation() != null).toList()))
        .extracting(TrialResult::trialId)
        .containsExactly("a", "c", "b");
  }

  @Test
  void theSparsityCurveTakesTheDepthRunAtSeveralSparsitiesWithUniformOnlyAsZero() {
    assertThat(ExperimentFigures.sparsitySweep(sweep.stream().filter(t -> t.evaluation() != null).toList()))
        .extracting(TrialResult::trialId).containsExactly("g", "d", "b", "e");
  }

  @Test
  void layerSelectionArmsStayOutOfTheDepthAndSparsityCurvesAndSeedsAreAveraged() throws Exception {
    TrialResult low = new TrialResult("l", "SUCCEEDED", "done", 1, PruningMethods.methodOf(new ObjectMapper()
        .createObjectNode().put("method", "nash").set("nash", new ObjectMapper().createObjectNode()
            .put("decoderLayers", 3).put("encoderSparsity", 0.3).put("selection", "low"))),
        null, sweep.get(1).evaluation());
    TrialResult seed2 = trial("b2", "nash", 3, 0.3, 0.57, 3.6, 0.30);
    List<TrialResult> evaluated = List.of(sweep.get(0), sweep.get(1), seed2, sweep.get(3), sweep.get(4),
        sweep.get(6), low);
    assertThat(ExperimentFigures.nashAtMainTarget(evaluated)).extracting(TrialResult::trialId)
        .containsExactly("a", "b", "b2");
    assertThat(ExperimentFigures.sparsitySweep(evaluated)).extracting(TrialResult::trialId)
        .containsExactly("g", "d", "b", "b2", "e");
    PngChart depth = new ExperimentFigures("rougeL").depth(ExperimentFigures.nashAtMainTarget(evaluated));
    assertThat(depth.series()).extracting(PngChart.Series::name, PngChart.Series::lines)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("NASH, uniform selection", false),
            org.assertj.core.groups.Tuple.tuple("mean over seeds", true));
    assertThat(depth.series().get(1).points()).extracting(PngChart.Point::x, PngChart.Point::y)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, 9.0),
            org.assertj.core.groups.Tuple.tuple(3.0, 3.7));
    PngChart sparsity = new ExperimentFigures("rougeL").sparsity(ExperimentFigures.sparsitySweep(evaluated));
    assertThat(sparsity.series()).extracting(PngChart.Series::name).containsExactly(
        "uniform-only-3", "NASH-3, uniform selection", "NASH-3, mean over seeds");
  }

  @Test
  void writesTheThreeFiguresOfAnEvaluatedSweep() throws Exception {
    List<Path> files = new ExperimentFigures("rougeL").write(sweep, dir);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(ExperimentFigures.PARETO,
        ExperimentFigures.DEPTH, ExperimentFigures.SPARSITY);
    assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isGreaterThan(5_000));
  }

  @Test
  void anExportThatMissedItsTargetIsLabelledWithTheSparsityItReached() {
    TrialResult missed = trial("m", "nash", 3, 0.1, 0.60, 3.7, 0.033);
    assertThat(ExperimentFigures.label(missed)).isEqualTo("NASH-3@0.03 (target 0.1 missed)");
    assertThat(ExperimentFigures.label(sweep.get(1))).isEqualTo("NASH-3@0.3");
    // CoFi's target is the whole model's sparsity, not the encoder's that evaluations measure.
    assertThat(ExperimentFigures.label(sweep.get(5))).isEqualTo(sweep.get(5).methodSpec().label());
  }

  @Test
  void figuresCarryTheEvaluationsIntervalsAsErrorBars() {
    EvaluationCompleted e = new EvaluationCompleted("sha-ci", "file:///x/ci", Map.of("rougeL", 0.57),
        Map.of("rougeL", 0.6), 2.5, 10, 4.0, 1_000_000, 4_000_000, 0.3, null,
        Map.of("rougeL", new ConfidenceInterval(-0.03, -0.045, -0.015, 0.95)),
        new ConfidenceInterval(4.0, 3.8, 4.3, 0.95));
    TrialResult t = new TrialResult("ci", "SUCCEEDED", "done", 1, method("nash", 3, 0.3), null, e);
    PngChart chart = new ExperimentFigures("rougeL").pareto(List.of(t));
    chart.render();
    // One horizontal (speed-up) and one vertical (retained: 92.5 % to 97.5 %) bar.
    assertThat(chart.layout().bars()).hasSize(2);
    PngChart depth = new ExperimentFigures("rougeL").depth(List.of(t, trial("z", "nash", 1, 0.3, 0.5, 9, 0.3)));
    depth.render();
    assertThat(depth.layout().bars()).hasSize(1);
  }

  @Test
  void labelsFollowThePapersNaming() {
    assertThat(sweep.get(1).label()).isEqualTo("NASH-3 (encoder sparsity 0.3)");
    assertThat(sweep.get(5).label()).isEqualTo("CoFi-T5 simplified (model sparsity 0.7)");
    assertThat(sweep.get(1).retainedPercent("rougeL")).isCloseTo(98.33, org.assertj.core.api.Assertions.within(0.01));
  }

  @Test
  void theSweepIsDoneWhenEveryTrialIsFinalAndEverySuccessIsEvaluated() {
    assertThat(DemoWatch.done(sweep)).isTrue();
    TrialResult unevaluated = new TrialResult("i", "SUCCEEDED", null, 1, method("nash", 4, 0.3), null, null);
    TrialResult running = new TrialResult("j", "RUNNING", "export", 1, method("nash", 4, 0.3), null, null);
    assertThat(DemoWatch.done(List.of(sweep.get(0), unevaluated))).isFalse();
    assertThat(DemoWatch.done(List.of(sweep.get(0), running))).isFalse();
    assertThat(DemoWatch.done(List.of())).isFalse();
  }

  @Test
  void aTrialStoppedEarlyIsAwaitedUntilItsExportIsEvaluated() {
    TrialResult stopped = new TrialResult("s", "STOPPED", "prune-encoder", 1, method("nash", 4, 0.3),
        "asha: validationLoss 3.0 at step 10 is outside the best 1/3", null);
    assertThat(DemoWatch.done(List.of(sweep.get(0), stopped))).isFalse();
    assertThat(DemoWatch.doneButStopped(List.of(sweep.get(0), stopped))).isTrue();
    TrialResult evaluated = new TrialResult("s", "STOPPED", "export", 1, method("nash", 4, 0.3), null,
        sweep.get(0).evaluation());
    assertThat(DemoWatch.done(List.of(sweep.get(0), evaluated))).isTrue();
    TrialResult running = new TrialResult("j", "RUNNING", "export", 1, method("nash", 4, 0.3), null, null);
    assertThat(DemoWatch.doneButStopped(List.of(running, stopped))).isFalse();
  }
}

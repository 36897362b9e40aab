package dev.shears.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.EvaluationCompleted;
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
  void writesTheThreeFiguresOfAnEvaluatedSweep() throws Exception {
    List<Path> files = new ExperimentFigures("rougeL").write(sweep, dir);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(ExperimentFigures.PARETO,
        ExperimentFigures.DEPTH, ExperimentFigures.SPARSITY);
    assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isGreaterThan(5_000));
  }

  @Test
  void labelsFollowThePapersNaming() {
    assertThat(sweep.get(1).label()).isEqualTo("NASH-3 (encoder sparsity 0.3)");
    assertThat(sweep.get(5).label()).isEqualTo("CoFi-T5 (model sparsity 0.7)");
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
}

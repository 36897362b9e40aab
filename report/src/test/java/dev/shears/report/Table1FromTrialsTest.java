package dev.shears.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import dev.shears.report.stats.ClaimRule;
import dev.shears.report.stats.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Table1FromTrialsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode spec(String method, int layers, double sparsity, int seed) {
    return spec(method, layers, sparsity, seed, "uniform");
  }

  private static JsonNode spec(String method, int layers, double sparsity, int seed, String selection) {
    return JSON.valueToTree(Map.of("name", "x", "task", Map.of("dataset", "builtin:synthetic-summarize", "metric",
        "rouge"), "teacher", Map.of("model", "builtin:tiny-t5"), "method", method, "nash", Map.of("decoderLayers",
        layers, "encoderSparsity", sparsity, "selection", selection), "training", Map.of("steps", 100, "seed", seed)));
  }

  private static EvaluationCompleted eval(double rougeL, double diffLow, double diffHigh, double speedup,
      double sparsity) {
    return new EvaluationCompleted("sha-" + rougeL + speedup, "file:///x", Map.of("rougeL", rougeL),
        Map.of("rougeL", 0.40), 100 / speedup, 100, speedup, 1_000_000, 4_000_000, sparsity, Map.of(),
        Map.of("rougeL", new ConfidenceInterval(rougeL - 0.40, diffLow, diffHigh, 0.95)),
        new ConfidenceInterval(speedup, speedup - 0.1, speedup + 0.1, 0.95));
  }

  private final List<EvaluatedTrial> trials = List.of(
      new EvaluatedTrial("t-0", 0, spec("nash", 3, 0.3, 1), eval(0.395, -0.008, -0.002, 3.0, 0.301)),
      new EvaluatedTrial("t-1", 1, spec("nash", 3, 0.3, 2), eval(0.390, -0.015, -0.005, 3.1, 0.295)),
      new EvaluatedTrial("t-2", 2, spec("nash", 3, 0.1, 1), eval(0.401, -0.004, 0.006, 2.6, 0.033)),
      new EvaluatedTrial("t-3", 3, spec("uniform-only", 3, 0.3, 1), eval(0.36, -0.05, -0.03, 2.5, 0.0)));

  @Test
  void labelsInThePapersStyleWithSeedsWhereAnArmHasSeveral() {
    Table1Report r = new Table1Builder().fromTrials("x", trials, null);
    assertThat(r.rows()).extracting(ReportRow::label).containsExactly("teacher",
        "NASH-3 (encoder sparsity 0.3) seed 2", "NASH-3 (encoder sparsity 0.3) seed 1",
        "NASH-3 (encoder sparsity 0.033, target 0.1 missed)", "uniform-only-3 (no encoder pruning)");
  }

  @Test
  void anExportThatMissedItsTargetIsFlaggedAndNeverLabelledWithIt() {
    Table1Report r = new Table1Builder().fromTrials("x", trials, null);
    ReportRow missed = r.rows().stream().filter(row -> "t-2".equals(row.trialId())).findFirst().orElseThrow();
    assertThat(missed.missedTarget()).isTrue();
    assertThat(missed.label()).doesNotContain("sparsity 0.1)");
    assertThat(r.rows()).filteredOn(ReportRow::missedTarget).hasSize(1);
    String md = new ReportRenderer().render(r, ReportFormat.MD);
    assertThat(md).contains("3.3% ⚠ target 10.0%");
  }

  @Test
  void aMissedTargetKeepsTheRestOfTheArmsIdentityInTheLabel() {
    Table1Report r = new Table1Builder().fromTrials("x", List.of(
        new EvaluatedTrial("u", 0, spec("nash", 3, 0.3, 1), eval(0.39, -0.02, 0.0, 2.0, 0.05)),
        new EvaluatedTrial("l", 1, spec("nash", 3, 0.3, 1, "low"), eval(0.38, -0.03, -0.01, 2.1, 0.05)),
        new EvaluatedTrial("h", 2, spec("nash", 3, 0.3, 1, "high"), eval(0.37, -0.04, -0.02, 2.2, 0.05))), null);
    // The three arms stay apart by their layer selection, not by a trial id.
    assertThat(r.rows()).extracting(ReportRow::label).containsExactly("teacher",
        "NASH-3 (encoder sparsity 0.050, target 0.3 missed, high layers)",
        "NASH-3 (encoder sparsity 0.050, target 0.3 missed, low layers)",
        "NASH-3 (encoder sparsity 0.050, target 0.3 missed)");
    assertThat(r.rows()).extracting(ReportRow::arm).contains("NASH-3 (encoder sparsity 0.3, low layers)");
  }

  @Test
  void aWholeModelTargetIsJudgedOnTheWholeModelsMeasuredSparsity() {
    EvaluationCompleted reached = eval(0.36, -0.05, -0.03, 2.8, 0.75);
    EvaluationCompleted under = eval(0.37, -0.04, -0.02, 2.5, 0.75);
    Map<String, Double> extraReached = Map.of(SparsityTarget.MODEL_SPARSITY, 0.705);
    Map<String, Double> extraShort = Map.of(SparsityTarget.MODEL_SPARSITY, 0.52);
    Table1Report r = new Table1Builder().fromTrials("x", List.of(
        new EvaluatedTrial("c-0", 0, spec("cofi", 12, 0.7, 1), withExtra(reached, extraReached)),
        new EvaluatedTrial("c-1", 1, spec("cofi", 12, 0.7, 2), withExtra(under, extraShort))), null);
    ReportRow ok = r.rows().stream().filter(row -> "c-0".equals(row.trialId())).findFirst().orElseThrow();
    ReportRow missed = r.rows().stream().filter(row -> "c-1".equals(row.trialId())).findFirst().orElseThrow();
    // The encoder sparsity (0.75) is not what CoFi's target counts.
    assertThat(ok.missedTarget()).isFalse();
    assertThat(ok.targetScope()).isEqualTo("model");
    assertThat(missed.missedTarget()).isTrue();
    assertThat(missed.label()).isEqualTo("CoFi-T5 simplified (model sparsity 0.520, target 0.7 missed) seed 2");
    // The flag stands in the column of what the target counts: the whole model's.
    assertThat(new ReportRenderer().render(r, ReportFormat.MD)).contains("| 75.0% | 52.0% ⚠ target 70.0% |");
    assertThat(new ReportRenderer().render(r, ReportFormat.CSV)).contains(",0.7,model,0.52,true,");
  }

  private static EvaluationCompleted withExtra(EvaluationCompleted e, Map<String, Double> extra) {
    return new EvaluationCompleted(e.sha256(), e.uri(), e.metrics(), e.teacherMetrics(), e.latencyMs(),
        e.teacherLatencyMs(), e.speedup(), e.params(), e.teacherParams(), e.encoderSparsity(), extra,
        e.teacherDifference(), e.speedupInterval());
  }

  @Test
  void theTeacherContinuedControlIsAControlRowAndModelsAreAlsoMeasuredAgainstIt() {
    List<EvaluatedTrial> withControl = new java.util.ArrayList<>(trials);
    withControl.add(new EvaluatedTrial("t-c", 9, spec("teacher-continued", 12, 0.3, 1), eval(0.41, 0.0, 0.02, 1.0, 0)));
    Table1Report r = new Table1Builder().fromTrials("x", withControl, null);
    ReportRow control = r.rows().stream().filter(row -> "t-c".equals(row.trialId())).findFirst().orElseThrow();
    assertThat(control.control()).isTrue();
    assertThat(control.label()).startsWith("teacher, continued (control");
    assertThat(control.missedTarget()).isFalse();
    // The claim is about compressed models: the control has no verdict, in its row or its arm.
    assertThat(control.claim()).isNull();
    assertThat(r.arms()).filteredOn(a -> a.arm().startsWith("teacher, continued")).singleElement()
        .satisfies(a -> assertThat(a.claim()).isNull());
    assertThat(r.controlQuality()).isEqualTo(0.41);
    String md = new ReportRenderer().render(r, ReportFormat.MD);
    // NASH-3 seed 1: ROUGE-L 39.50 is 98.8 % of the teacher's 40.00 and 96.3 % of the control's 41.00.
    assertThat(md).contains("### Against equal training")
        .contains("| NASH-3 (encoder sparsity 0.3) seed 1 | 39.50 | 96.3% | 98.8% |");
    assertThat(new ReportRenderer().render(new Table1Builder().fromTrials("x", trials, null), ReportFormat.MD))
        .doesNotContain("Against equal training");
  }

  @Test
  void rowsCarryIntervalsAndTheClaimIsJudgedOnThem() {
    Table1Report r = new Table1Builder().fromTrials("x", trials, null);
    ReportRow seed1 = r.rows().stream().filter(row -> "t-0".equals(row.trialId())).findFirst().orElseThrow();
    assertThat(seed1.retainedPercent()).isCloseTo(98.75, within(1e-9));
    assertThat(seed1.retainedInterval().low()).isCloseTo(98.0, within(1e-9));
    assertThat(seed1.retainedInterval().high()).isCloseTo(99.5, within(1e-9));
    assertThat(seed1.claim()).isEqualTo(Verdict.MET);
    ReportRow seed2 = r.rows().stream().filter(row -> "t-1".equals(row.trialId())).findFirst().orElseThrow();
    // −0.015 of 0.40 is 96.25 %: still ≥ 95 %.
    assertThat(seed2.claim()).isEqualTo(Verdict.MET);
    ReportRow uniform = r.rows().get(r.rows().size() - 1);
    assertThat(uniform.claim()).isEqualTo(Verdict.NOT_MET);
    String md = new ReportRenderer().render(r, ReportFormat.MD);
    assertThat(md).contains("| NASH-3 (encoder sparsity 0.3) seed 1 | 39.50 | 98.8% [98.0, 99.5] | -0.50 [-0.80, -0.20] "
        + "| 3.00× [2.90, 3.10] |");
  }

  @Test
  void armsSummariseSeedsAndMeetTheClaimOnlyWhenEverySeedDoes() {
    Table1Report strict = new Table1Builder(new ClaimRule(0.97, 0)).fromTrials("x", trials, null);
    ArmSummary nash = strict.arms().stream().filter(a -> a.arm().equals("NASH-3 (encoder sparsity 0.3)")).findFirst()
        .orElseThrow();
    assertThat(nash.seeds()).isEqualTo(2);
    assertThat(nash.quality().mean()).isCloseTo(0.3925, within(1e-12));
    assertThat(nash.quality().sd()).isCloseTo(Math.sqrt(2) * 0.0025, within(1e-12));
    assertThat(nash.speedup().mean()).isCloseTo(3.05, within(1e-12));
    // Seed 1's interval clears 97 % (≥ −0.012), seed 2's straddles it.
    assertThat(nash.claim()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(strict.hasSeeds()).isTrue();
    assertThat(new ReportRenderer().render(strict, ReportFormat.MD)).contains("### Across seeds (mean ± sd)")
        .contains("| NASH-3 (encoder sparsity 0.3) | 2 | 39.25 ± 0.35 | 98.1 ± 0.9% | 3.05 ± 0.07× | 29.8 ± 0.4% | – |  | "
            + "inconclusive |");
  }

  @Test
  void everyRowShowsTheWholeModelsSparsityAndItsShareOfTheTeachersParameters() {
    Map<String, Double> extra = Map.of(SparsityTarget.MODEL_SPARSITY, 0.42, "examples", 1467.0, "timingRounds", 12.0,
        "beams", 4.0, "newTokens", 24.0, "batchSize", 32.0);
    Table1Report r = new Table1Builder().fromTrials("x", List.of(
        new EvaluatedTrial("n", 0, spec("nash", 3, 0.3, 1), withExtra(eval(0.36, -0.05, -0.03, 2.8, 0.3), extra)),
        new EvaluatedTrial("c", 1, spec("cofi", 12, 0.4, 1), withExtra(eval(0.35, -0.06, -0.04, 2.5, 0.5), extra))),
        null);
    assertThat(r.rows()).extracting(ReportRow::modelSparsity).containsExactly(0.0, 0.42, 0.42);
    // 1 M of the teacher's 4 M parameters.
    assertThat(r.rows()).extracting(ReportRow::paramsPercent).containsExactly(100.0, 25.0, 25.0);
    String md = new ReportRenderer().render(r, ReportFormat.MD);
    assertThat(md).contains("| Params (of teacher) | Enc. sparsity | Model sparsity |")
        .contains("| 12 | 35.7 | 1.0M (25.0%) | 30.0% | 42.0% |")
        .contains("| 4.0M (100.0%) | 0.0% | 0.0% |")
        .contains("Every model on the same 1,467 test examples, beam 4, at most 24 new tokens; timed batch of 32.");
    assertThat(new ReportRenderer().render(r, ReportFormat.CSV))
        .contains(",params,params_percent,encoder_sparsity,model_sparsity,")
        .contains(",1000000,25.0,0.3,0.42,").contains(",1467,32,4,24,12\n");
    // An evaluation that did not measure it shows a dash, not 0.
    Table1Report old = new Table1Builder().fromTrials("x", trials, null);
    assertThat(old.rows().get(1).modelSparsity()).isNaN();
    assertThat(new ReportRenderer().render(old, ReportFormat.MD)).contains("| 1.0M (25.0%) | 30.1% | – |");
  }

  @Test
  void aSpecTheRegistryCannotReadIsLabelledByItsMethod() {
    JsonNode partial = JSON.valueToTree(Map.of("method", "cofi", "training", Map.of("seed", 4)));
    Table1Report r = new Table1Builder().fromTrials("x",
        List.of(new EvaluatedTrial("t-8", 0, partial, eval(0.3, -0.2, -0.05, 2.0, 0.3))), null);
    assertThat(r.rows().get(1).label()).isEqualTo("CoFi-T5 (simplified)");
    assertThat(r.rows().get(1).targetSparsity()).isNull();
  }

  @Test
  void aTrialWithoutSpecIsLabelledByItsId() {
    Table1Report r = new Table1Builder().fromTrials("x",
        List.of(new EvaluatedTrial("t-9", 0, null, eval(0.3, -0.2, -0.05, 2.0, 0.3))), null);
    assertThat(r.rows().get(1).label()).isEqualTo("t-9");
    assertThat(r.rows().get(1).missedTarget()).isFalse();
  }

  @Test
  void eventsWithoutIntervalsStillReport() {
    EvaluationCompleted old = new EvaluationCompleted("s", "u", Map.of("rougeL", 0.3), Map.of("rougeL", 0.4), 1, 2,
        2.0, 1, 2, 0.3, null);
    Table1Report r = new Table1Builder().fromTrials("x", List.of(new EvaluatedTrial("t", 0, spec("nash", 2, 0.3, 1),
        old)), null);
    assertThat(r.rows().get(1).difference()).isNull();
    assertThat(r.rows().get(1).claim()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aTrialStoppedEarlyIsMarkedInItsRow() {
    Table1Report r = new Table1Builder().fromTrials("x", List.of(
        new EvaluatedTrial("t-0", 0, spec("nash", 3, 0.3, 1), eval(0.395, -0.008, -0.002, 3.0, 0.301)),
        new EvaluatedTrial("t-1", 1, spec("nash", 2, 0.3, 1), eval(0.2, -0.2, -0.1, 3.5, 0.3), true)), null);
    assertThat(r.rows()).filteredOn(row -> "t-1".equals(row.trialId())).singleElement()
        .satisfies(row -> assertThat(row.label()).endsWith("(stopped early)"));
    assertThat(r.rows()).filteredOn(row -> "t-0".equals(row.trialId())).singleElement()
        .satisfies(row -> assertThat(row.label()).doesNotContain("stopped"));
  }
}

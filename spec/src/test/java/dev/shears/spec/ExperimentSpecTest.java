package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ExperimentSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode spec(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static final String MINIMAL = """
      {"name": "x", "task": {"dataset": "builtin:synthetic-summarize"}, "teacher": {"model": "builtin:tiny-t5"},
       "method": "nash"}""";

  @Test
  void absentSectionsTakeTheirDefaults() throws Exception {
    ExperimentSpec s = ExperimentSpec.parse(spec(MINIMAL));
    assertThat(s.task()).isEqualTo(new TaskSpec("builtin:synthetic-summarize", "rouge", "input", "target"));
    assertThat(s.teacher()).isEqualTo(new TeacherSpec("builtin:tiny-t5", false, true, 0, 3e-4, 0, TeacherSpec.Validation.NONE));
    assertThat(s.method()).isEqualTo(new NashSpec(3, "uniform", 0.3, new Distillation(2, 1, 0, 0.001, 0.001), 0.01,
        500, new FinetunePruned("nash", 500, 3e-4)));
    assertThat(s.training()).isEqualTo(new TrainingSpec(1500, 3e-5, 4, 1));
    assertThat(s.trainer()).isEqualTo(new TrainerSpec(100, 1, 10, 100, 4, 64, 32));
    assertThat(s.eval()).isEqualTo(new EvalSpec(4, 32, 32, false, 0.05, 60));
    assertThat(s.resources()).isEqualTo(new ResourcesSpec(1, 8, 0));
    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.maxConcurrentTrials()).isEqualTo(Integer.MAX_VALUE);
    assertThat(s.weight()).isEqualTo(1.0);
  }

  @Test
  void speedTimingLimitsAreCheckedWithTheirPaths() throws Exception {
    ObjectNode bad = spec(MINIMAL);
    bad.putObject("eval").put("speedupPrecision", 1.5).put("maxTimingRounds", 0);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(bad));
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("eval.speedupPrecision", "eval.maxTimingRounds");
    ObjectNode good = spec(MINIMAL);
    good.putObject("eval").put("speedupPrecision", 0.02).put("maxTimingRounds", 200);
    assertThat(ExperimentSpec.parse(good).eval().speedupPrecision()).isEqualTo(0.02);
  }

  @Test
  void everyProblemIsReportedWithItsFieldPath() throws Exception {
    ObjectNode bad = spec(MINIMAL);
    bad.putObject("nash").put("encoderSparsity", 1.0).put("lambdaEnc", 2e6).put("bogus", 1);
    bad.putObject("training").put("steps", 0);
    bad.putObject("trainer").putObject("lossEvery").putArray("grid").add(1);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(bad));
    assertThat(e.problems()).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
        "nash.bogus: unknown field; allowed here: " + NashSpec.SCHEMA.fields().keySet(),
        "nash.encoderSparsity: must be in [0, 1), was 1.0",
        "nash.lambdaEnc: must be in [0, 1000000], was 2000000.0",
        "training.steps: must be in [1, 100000000], was 0",
        "trainer.lossEvery: must be one value (sweeps are resolved before a trial runs), was an object");
  }

  @Test
  void theLambdaLimitIsTheSameAtSubmissionAndInATrial() throws Exception {
    ObjectNode bad = spec(MINIMAL);
    bad.putObject("nash").put("lambdaEnc", 2e6);
    SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, (kind, path) -> java.nio.file.Path.of(path));
    InvalidSpecException atSubmission = assertThrows(InvalidSpecException.class, () -> compiler.compile(bad));
    InvalidSpecException inTrial = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(bad));
    assertThat(atSubmission.problems()).isEqualTo(inTrial.problems());
  }

  @Test
  void aNashSectionStillConfiguresTheOtherMethods() throws Exception {
    String legacy = """
        {"name": "x", "task": {"dataset": "builtin:synthetic-summarize"}, "teacher": {"model": "builtin:tiny-t5"},
         "method": "%s",
         "nash": {"decoderLayers": 4, "selection": "low", "encoderSparsity": 0.7, "kdTemperature": 3,
                  "regLr": 0.1, "sparsityWarmupSteps": 80, "finetunePruned": {"recipe": "distill", "steps": 9}}}""";
    Distillation kd = new Distillation(3, 1, 0, 0.001, 0.001);
    FinetunePruned finetune = new FinetunePruned("distill", 9, 3e-4);
    assertThat(ExperimentSpec.parse(spec(legacy.formatted("cofi"))).method())
        .isEqualTo(new CofiSpec(0.7, kd, 0.1, 80, finetune));
    assertThat(ExperimentSpec.parse(spec(legacy.formatted("uniform-only"))).method())
        .isEqualTo(new UniformOnlySpec(4, "low", kd, finetune));
    assertThat(ExperimentSpec.parse(spec(legacy.formatted("distill-small"))).method())
        .isEqualTo(new DistillSmallSpec(4, "low", 0.7, kd));
  }

  @Test
  void aMethodsOwnSectionWinsOverTheNashSection() throws Exception {
    ObjectNode s = spec(MINIMAL).put("method", "cofi");
    s.putObject("nash").put("encoderSparsity", 0.3).put("regLr", 0.5);
    s.putObject("cofi").put("sparsity", 0.8);
    CofiSpec cofi = (CofiSpec) ExperimentSpec.parse(s).method();
    assertThat(cofi.sparsity()).isEqualTo(0.8);
    assertThat(cofi.regLr()).isEqualTo(0.5);
    assertThat(cofi.gateScope()).isEqualTo(MethodSpec.GateScope.MODEL);

    s.putObject("cofi").put("encoderSparsity", 0.8);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(s));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("cofi.encoderSparsity");
  }

  @Test
  void gatePlacementIsAPropertyOfTheMethodRecord() throws Exception {
    ObjectNode s = spec(MINIMAL);
    assertThat(((NashSpec) ExperimentSpec.parse(s).method()).gateScope()).isEqualTo(MethodSpec.GateScope.ENCODER);
    s.putObject("nash").put("selection", "l0");
    assertThat(((NashSpec) ExperimentSpec.parse(s).method()).gateScope())
        .isEqualTo(MethodSpec.GateScope.ENCODER_AND_DECODER_LAYERS);
    s.put("method", "uniform-only").putObject("uniform-only").put("selection", "l0");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(s));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("uniform-only.selection");
  }

  @Test
  void trialIdsAreAllowedInATrialSpecAndSweepsAreNot() throws Exception {
    ObjectNode s = spec(MINIMAL).put("experimentId", "e").put("trialId", "t").put("trialIndex", 2);
    assertThat(ExperimentSpec.parse(s).name()).isEqualTo("x");
    JsonNode sweep = spec(MINIMAL.replace("\"nash\"", "{\"grid\": [\"nash\", \"cofi\"]}"));
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(sweep));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("method");
  }
}

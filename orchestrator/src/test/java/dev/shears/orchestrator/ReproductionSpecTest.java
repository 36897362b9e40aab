package dev.shears.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.PathRoots;
import dev.shears.orchestrator.ReproductionSpec.Scale;
import dev.shears.spec.ExperimentPlan;
import dev.shears.spec.SpecCompiler;
import dev.shears.spec.SpecLimits;
import dev.shears.spec.TrialPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproductionSpecTest {
  private static final Path TEACHER = Path.of("/srv/shears/models/teacher");
  private static final Path DATA = Path.of("/srv/shears/data/debian");

  private final SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT,
      PathRoots.under(Path.of("/srv/shears"))::resolve);

  @Test
  void theFullRunHasEveryArmOfThePaperWithThreeSeedsWhereTheClaimsAreJudged() throws Exception {
    ExperimentPlan plan = compile(Scale.FULL);
    assertThat(arms(plan)).containsExactly(
        "NASH-1@0.3 seed 1", "NASH-2@0.3 seed 1", "NASH-3@0.3 seed 1", "NASH-3@0.3 seed 2", "NASH-3@0.3 seed 3",
        "NASH-4@0.3 seed 1", "NASH-3@0.0 seed 1", "NASH-3@0.6 seed 1", "NASH-3@0.3 low seed 1",
        "NASH-3@0.3 high seed 1", "uniform-only-3 seed 1", "uniform-only-3 seed 2", "uniform-only-3 seed 3",
        "CoFi-T5-simplified@0.6 seed 1", "CoFi-T5-simplified@0.6 seed 2", "CoFi-T5-simplified@0.6 seed 3",
        "teacher-continued seed 1");
  }

  @Test
  void theBundledSpecsNameTheDirectoriesReproduceReadsByDefault() throws Exception {
    for (Scale scale : Scale.values()) {
      JsonNode yaml = new dev.shears.spec.SpecReader(SpecLimits.DEFAULT).read(ReproductionSpec.yaml(scale), "x");
      assertThat(yaml.at("/task/dataset").asText()).as(scale.name()).isEqualTo(ReproductionSpec.DEFAULT_DATA);
      assertThat(yaml.at("/teacher/model").asText()).as(scale.name()).isEqualTo(ReproductionSpec.DEFAULT_TEACHER);
    }
  }

  @Test
  void theQuickRunIsASubsetOfTheFullRunWithOneSeed() throws Exception {
    ExperimentPlan quick = compile(Scale.QUICK);
    assertThat(arms(quick)).containsExactly("NASH-1@0.3 seed 1", "NASH-3@0.3 seed 1", "uniform-only-3 seed 1",
        "CoFi-T5-simplified@0.6 seed 1");
    List<ObjectNode> full = compile(Scale.FULL).trials().stream().map(TrialPlan::spec).toList();
    // The same arm gets the same trial spec in both runs, so quick rows are rows of the full run.
    for (TrialPlan trial : quick.trials()) {
      assertThat(full).anySatisfy(f -> assertThat(withoutNames(f)).isEqualTo(withoutNames(trial.spec())));
    }
  }

  @Test
  void uniformOnlyGetsNashsStepBudgetAndDistillation() throws Exception {
    TrialPlan nash = trial(compile(Scale.FULL), "NASH-3@0.3 seed 1");
    TrialPlan uniform = trial(compile(Scale.FULL), "uniform-only-3 seed 1");
    int nashSteps = nash.spec().at("/training/steps").asInt() + nash.spec().at("/nash/finetunePruned/steps").asInt();
    assertThat(uniform.spec().at("/uniform-only/finetunePruned/steps").asInt()).isEqualTo(nashSteps);
    assertThat(uniform.spec().at("/uniform-only/finetunePruned/recipe").asText()).isEqualTo("distill");
    for (String weight : List.of("lambdaEnc", "lambdaDec", "kdTemperature", "kdWeight")) {
      assertThat(uniform.spec().at("/uniform-only/" + weight)).isEqualTo(nash.spec().at("/nash/" + weight));
    }
  }

  @Test
  void theTeacherContinuedControlGetsNashsScheduleBeyondTheTeacher() throws Exception {
    TrialPlan nash = trial(compile(Scale.FULL), "NASH-3@0.3 seed 1");
    TrialPlan control = trial(compile(Scale.FULL), "teacher-continued seed 1");
    assertThat(control.typed().training()).isEqualTo(nash.typed().training());
    assertThat(control.spec().at("/nash/finetunePruned")).isEqualTo(nash.spec().at("/nash/finetunePruned"));
  }

  @Test
  void everyTrialUsesTheGivenTeacherAsIsAndTheWholeTestSplitsDataset() throws Exception {
    for (Scale scale : Scale.values()) {
      assertThat(compile(scale).trials()).allSatisfy(t -> {
        assertThat(t.spec().at("/teacher/model").asText()).isEqualTo(TEACHER.toString());
        assertThat(t.spec().at("/teacher/finetuned").asBoolean()).isTrue();
        assertThat(t.spec().at("/task/dataset").asText()).isEqualTo(DATA.toString());
        assertThat(t.spec().at("/task/inputField").asText()).isEqualTo("description");
        assertThat(t.spec().at("/task/targetField").asText()).isEqualTo("synopsis");
      });
    }
  }

  @Test
  void theIdempotencyKeyFollowsTheInputs() throws Exception {
    String key = compile(Scale.QUICK).idempotencyKey();
    assertThat(compile(Scale.QUICK).idempotencyKey()).isEqualTo(key);
    assertThat(compiler.compile(ReproductionSpec.forInputs(Scale.QUICK, TEACHER.resolveSibling("other"), DATA),
        "application/json").idempotencyKey()).isNotEqualTo(key);
    assertThat(compile(Scale.FULL).idempotencyKey()).isNotEqualTo(key);
  }

  private ExperimentPlan compile(Scale scale) throws Exception {
    return compiler.compile(ReproductionSpec.forInputs(scale, TEACHER, DATA), "application/json");
  }

  private static List<String> arms(ExperimentPlan plan) {
    return plan.trials().stream().map(ReproductionSpecTest::arm).toList();
  }

  private static String arm(TrialPlan t) {
    return t.typed().method().label() + " seed " + t.typed().training().seed();
  }

  private static TrialPlan trial(ExperimentPlan plan, String arm) {
    return plan.trials().stream().filter(t -> arm(t).equals(arm)).findFirst().orElseThrow();
  }

  private static JsonNode withoutNames(ObjectNode spec) {
    ObjectNode copy = spec.deepCopy();
    copy.remove(List.of("name", "idempotencyKey", "description"));
    return new ObjectMapper().valueToTree(copy);
  }
}

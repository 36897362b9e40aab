package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.PathRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCompilerTest {
  private static final Path ROOT = Path.of("/srv/shears");
  private final SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(ROOT)::resolve);

  static final String DESIGN_SPEC = """
      name: nash-tiny-summarize
      task: {dataset: builtin:synthetic-summarize, metric: rouge}
      teacher: {model: builtin:tiny-t5, finetune: {steps: 2000, lr: 3.0e-4}}
      method: nash
      nash:
        decoderLayers: {grid: [1, 2, 3, 4]}
        selection: uniform
        encoderSparsity: 0.3
        lambdaEnc: 0.001
        lambdaDec: 0.001
        kdTemperature: 2
        kdWeight: 1
        ceWeight: 0
        regLr: 0.01
        sparsityWarmupSteps: 500
        finetunePruned: {recipe: nash, steps: 500, lr: 3.0e-4}
      training: {steps: 1500, lr: 3.0e-5, batchSize: 4, seed: {list: [1, 2, 3]}}
      eval: {beam: 4, batchSize: 32, maxNewTokens: 32}
      resources: {gpus: 1, gpuMemoryGb: 8, priority: 0}
      maxConcurrentTrials: 8
      """;

  private ExperimentPlan compile(String yaml) throws InvalidSpecException {
    return compiler.compile(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  private List<SpecProblem> problems(String yaml, String hint) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> compiler.compile(yaml.getBytes(StandardCharsets.UTF_8), hint));
    return e.problems();
  }

  private List<SpecProblem> problems(String yaml) {
    return problems(yaml, null);
  }

  @Test
  void teacherWarmUpLongerThanItsStepsIsRefusedWithItsPath() {
    assertThat(problems(DESIGN_SPEC.replace("finetune: {steps: 2000,", "finetune: {steps: 2000, warmupSteps: 2001,")))
        .containsExactly(new SpecProblem("teacher.finetune.warmupSteps", "2001 exceeds teacher.finetune.steps (2000)"));
  }

  @Test
  void teacherValidationIntervalLongerThanItsStepsIsRefusedWithItsPath() {
    assertThat(problems(DESIGN_SPEC.replace("finetune: {steps: 2000,", "finetune: {steps: 2000, validateEvery: 2500,")))
        .containsExactly(new SpecProblem("teacher.finetune.validateEvery",
            "2500 exceeds teacher.finetune.steps (2000): no validation would run"));
  }

  @Test
  void teacherPatienceWithoutPeriodicValidationIsRefusedWithItsPath() {
    assertThat(problems(DESIGN_SPEC.replace("finetune: {steps: 2000,", "finetune: {steps: 2000, patience: 3,")))
        .containsExactly(new SpecProblem("teacher.finetune.patience",
            "3 needs teacher.finetune.validateEvery >= 1: a plateau is counted in periodic validations"));
  }

  @Test
  void teacherMinDeltaOutsideTheUnitIntervalIsRefusedWithItsPath() {
    assertThat(problems(DESIGN_SPEC.replace("finetune: {steps: 2000,", "finetune: {steps: 2000, minDelta: 2,")))
        .extracting(SpecProblem::path).containsExactly("teacher.finetune.minDelta");
  }

  @Test
  void teacherPlateauSettingsAreRead() throws Exception {
    ExperimentPlan plan = compile(DESIGN_SPEC.replace("finetune: {steps: 2000,",
        "finetune: {steps: 2000, validateEvery: 100, patience: 4, minDelta: 0.005,"));
    ExperimentSpec spec = ExperimentSpec.read(plan.trials().get(0).spec());
    assertThat(spec.teacher().validation()).isEqualTo(new TeacherSpec.Validation(100, 4, 0.005));
  }

  @Test
  void designSpecExpandsToGridTimesSeedsWithFirstAxisSlowest() throws Exception {
    ExperimentPlan plan = compile(DESIGN_SPEC);
    assertThat(plan.trials()).hasSize(12);
    assertThat(plan.maxConcurrentTrials()).isEqualTo(8);
    assertThat(plan.maxAttempts()).isEqualTo(3);
    TrialPlan t4 = plan.trials().get(4);
    assertThat(t4.spec().at("/nash/decoderLayers").asInt()).isEqualTo(2);
    assertThat(t4.spec().at("/training/seed").asInt()).isEqualTo(2);
    assertThat(t4.params()).containsOnlyKeys("nash.decoderLayers", "training.seed");
    assertThat(t4.gpus()).isEqualTo(1);
    assertThat(t4.gpuMemoryGb()).isEqualTo(8.0);
    JsonNode resolved = t4.specFor("exp-1", "exp-1-0004");
    assertThat(resolved.get("trialId").asText()).isEqualTo("exp-1-0004");
    assertThat(resolved.get("trialIndex").asInt()).isEqualTo(4);
    assertThat(resolved.get("experimentId").asText()).isEqualTo("exp-1");
    assertThat(resolved.at("/nash/selection").asText()).isEqualTo("uniform");
    // every trial's combination is distinct
    assertThat(plan.trials().stream().map(TrialPlan::params).distinct()).hasSize(12);
  }

  @Test
  void jsonAndYamlGiveTheSamePlan() throws Exception {
    String json = """
        {"name": "j", "task": {"dataset": "builtin:synthetic-qa"}, "teacher": {"model": "builtin:tiny-t5"},
         "method": "cofi", "training": {"seed": {"grid": [1, 2]}}, "idempotencyKey": "k-1"}
        """;
    String yaml = """
        name: j
        task: {dataset: "builtin:synthetic-qa"}
        teacher: {model: "builtin:tiny-t5"}
        method: cofi
        training: {seed: {grid: [1, 2]}}
        idempotencyKey: k-1
        """;
    ExperimentPlan a = compiler.compile(json.getBytes(StandardCharsets.UTF_8), null);
    ExperimentPlan b = compile(yaml);
    assertThat(a.spec()).isEqualTo(b.spec());
    assertThat(a.idempotencyKey()).isEqualTo("k-1");
    assertThat(a.trials()).extracting(TrialPlan::spec).isEqualTo(b.trials().stream().map(TrialPlan::spec).toList());
  }

  @Test
  void zipAxesAdvanceTogetherAndRandomIsReproducible() throws Exception {
    String spec = """
        name: z
        task: {dataset: builtin:synthetic-summarize}
        teacher: {model: builtin:tiny-t5}
        method: nash
        nash: {decoderLayers: {zip: [1, 3]}, encoderSparsity: {zip: [0.2, 0.6]}}
        training: {lr: {random: {count: 3, seed: 7, min: 1.0e-5, max: 1.0e-3, log: true}},
                   steps: {random: {count: 2, seed: 1, min: 10, max: 20}}}
        """;
    ExperimentPlan plan = compile(spec);
    assertThat(plan.trials()).hasSize(2 * 3 * 2);
    for (TrialPlan t : plan.trials()) {
      int layers = t.spec().at("/nash/decoderLayers").asInt();
      double sparsity = t.spec().at("/nash/encoderSparsity").asDouble();
      assertThat(sparsity).isEqualTo(layers == 1 ? 0.2 : 0.6);
      assertThat(t.spec().at("/training/lr").asDouble()).isBetween(1.0e-5, 1.0e-3);
      assertThat(t.spec().at("/training/steps").isIntegralNumber()).isTrue();
      assertThat(t.spec().at("/training/steps").asLong()).isBetween(10L, 20L);
    }
    ExperimentPlan again = compile(spec);
    assertThat(again.trials()).extracting(TrialPlan::spec)
        .isEqualTo(plan.trials().stream().map(TrialPlan::spec).toList());
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPath() {
    String bad = """
        name: bad
        task: {dataset: builtin:synthetic-summarize, metric: bleu}
        teacher: {model: builtin:tiny-t5}
        method: prune-everything
        nash:
          decoderLayers: {grid: []}
          encoderSparsity: 1.5
          lambdaEnc: -0.1
          regLr: .nan
          selection: 3
          colour: blue
        training: {steps: "many", batchSize: 2.5, seed: {list: [1, 1]}}
        resources: {gpus: -1}
        """;
    List<SpecProblem> problems = problems(bad);
    assertThat(problems).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "task.metric", "method", "nash.decoderLayers.grid", "nash.encoderSparsity", "nash.lambdaEnc",
        "nash.regLr", "nash.selection", "nash.colour", "training.steps", "training.batchSize",
        "training.seed.list[1]", "resources.gpus");
    assertThat(problems).filteredOn(p -> p.path().equals("method")).first()
        .extracting(SpecProblem::message).asString().contains("prune-everything").contains("nash");
    assertThat(problems).filteredOn(p -> p.path().equals("nash.encoderSparsity")).first()
        .extracting(SpecProblem::message).asString().contains("[0, 1)");
    assertThat(problems).filteredOn(p -> p.path().equals("nash.regLr")).first()
        .extracting(SpecProblem::message).asString().contains("finite");
    assertThat(problems).filteredOn(p -> p.path().equals("nash.colour")).first()
        .extracting(SpecProblem::message).asString().contains("unknown field");
  }

  @Test
  void missingRequiredFieldsAndWrongShapes() {
    assertThat(problems("name: x\nmethod: nash\n")).extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("task", "teacher");
    assertThat(problems("[1, 2]")).extracting(SpecProblem::message).first().asString().contains("must be an object");
    assertThat(problems("")).extracting(SpecProblem::message).first().asString().contains("empty");
    assertThat(problems(DESIGN_SPEC.replace("maxConcurrentTrials: 8", "maxConcurrentTrials: {grid: [1, 2]}")))
        .extracting(SpecProblem::path).containsExactly("maxConcurrentTrials");
    assertThat(problems(DESIGN_SPEC.replace("selection: uniform", "selection: {grid: [uniform, nope]}")))
        .extracting(SpecProblem::path).containsExactly("nash.selection.grid[1]");
    assertThat(problems(DESIGN_SPEC.replace("selection: uniform", "selection: {sweep: [uniform]}")))
        .extracting(SpecProblem::path).containsExactly("nash.selection");
  }

  @Test
  void zipOfUnequalLengthAndHugeSweepsAreRejected() throws Exception {
    String zip = DESIGN_SPEC.replace("{grid: [1, 2, 3, 4]}", "{zip: [1, 2, 3]}")
        .replace("{list: [1, 2, 3]}", "{zip: [1, 2]}");
    assertThat(problems(zip)).extracting(SpecProblem::path).containsExactly("training.seed.zip");
    // A zip axis may repeat a value (methods that share a depth); only a repeated whole row is refused.
    String repeats = DESIGN_SPEC.replace("{grid: [1, 2, 3, 4]}", "{zip: [3, 3, 4]}")
        .replace("{list: [1, 2, 3]}", "{zip: [1, 2, 1]}");
    assertThat(compile(repeats).trials()).hasSize(3);
    String sameRow = DESIGN_SPEC.replace("{grid: [1, 2, 3, 4]}", "{zip: [3, 4, 3]}")
        .replace("{list: [1, 2, 3]}", "{zip: [1, 2, 1]}");
    assertThat(problems(sameRow)).extracting(SpecProblem::path, SpecProblem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("nash.decoderLayers.zip[2]",
            "zip row 2 repeats row 0 of every zip axis and would create identical trials"));
    String huge = DESIGN_SPEC.replace("{list: [1, 2, 3]}", "{random: {count: 10000, seed: 1, min: 0, max: 1000000}}");
    assertThat(problems(huge)).extracting(SpecProblem::message).first().asString().contains("more than 20000 trials");
  }

  @Test
  void pathsOutsideTheAllowedRootsAreRejectedAndInsideAreResolved() throws Exception {
    List<SpecProblem> problems = problems(DESIGN_SPEC
        .replace("builtin:synthetic-summarize", "../../etc/passwd, inputField: a, targetField: b")
        .replace("model: builtin:tiny-t5", "model: /etc"));
    assertThat(problems).extracting(SpecProblem::path).containsExactlyInAnyOrder("task.dataset", "teacher.model");
    assertThat(problems).extracting(SpecProblem::message)
        .anySatisfy(m -> assertThat(m).contains("contains '..'"))
        .anySatisfy(m -> assertThat(m).contains("/etc").contains("outside the allowed model roots"));

    ExperimentPlan plan = compile(DESIGN_SPEC
        .replace("builtin:synthetic-summarize", "cnn/train.jsonl, inputField: article, targetField: highlights"));
    assertThat(plan.spec().at("/task/dataset").asText()).isEqualTo("/srv/shears/data/cnn/train.jsonl");
    assertThat(problems(DESIGN_SPEC.replace("builtin:synthetic-summarize", "cnn/train.jsonl")))
        .extracting(SpecProblem::path).containsExactlyInAnyOrder("task.inputField", "task.targetField");
    assertThat(problems(DESIGN_SPEC.replace("builtin:tiny-t5", "builtin:gpt-17")))
        .extracting(SpecProblem::message).first().asString().contains("builtin:tiny-t5");
  }

  @Test
  void aRelativeModelPathIsResolvedOnceAtSubmissionAndMustExist(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("models/t5-mini-debian"));
    SpecCompiler existing = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(dir)::resolveExisting);
    ExperimentPlan plan = existing.compile(DESIGN_SPEC.replace("builtin:tiny-t5", "models/t5-mini-debian")
        .getBytes(StandardCharsets.UTF_8), "application/yaml");
    // Not <dir>/models/models/t5-mini-debian: the path names its root, so it is read from the base directory.
    assertThat(plan.trials()).allSatisfy(t -> assertThat(t.spec().at("/teacher/model").asText())
        .isEqualTo(dir.resolve("models/t5-mini-debian").toString()));
    assertThat(plan.trials().get(0).typed().teacher().model()).isEqualTo(dir.resolve("models/t5-mini-debian")
        .toString());
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> existing.compile(DESIGN_SPEC
        .replace("builtin:tiny-t5", "models/absent").getBytes(StandardCharsets.UTF_8), "application/yaml"));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("teacher.model");
      assertThat(p.message()).contains(dir.resolve("models/absent").toString()).contains("not a directory");
    });
  }

  @Test
  void aliasBombIsRejectedQuickly() {
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p);
      for (int k = 0; k < 8; k++) {
        bomb.append(",*").append(p);
      }
      bomb.append("]\n");
    }
    long start = System.nanoTime();
    List<SpecProblem> problems = problems(bomb.toString());
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message()).containsAnyOf("aliases", "alias bomb");

    // within the alias count but doubling per level: the expansion budget stops it
    StringBuilder doubling = new StringBuilder("l0: &l0 [x, x]\n");
    for (int i = 1; i <= 10; i++) {
      doubling.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
          .append(i - 1).append("]\n");
    }
    SpecReader strict = new SpecReader(new SpecLimits(1 << 20, 20, 32, 1000, 100));
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> strict.read(doubling.toString().getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertThat(e.problems().get(0).message()).contains("alias bomb");
  }

  @Test
  void anchorsAndMergeKeysAreExpanded() throws Exception {
    String spec = """
        name: anchors
        task: {dataset: builtin:synthetic-summarize}
        teacher: {model: builtin:tiny-t5, finetune: &ft {steps: 10, lr: 0.001}}
        method: nash
        nash:
          finetunePruned:
            <<: *ft
            recipe: distill
        """;
    ExperimentPlan plan = compile(spec);
    assertThat(plan.spec().at("/nash/finetunePruned/steps").asInt()).isEqualTo(10);
    assertThat(plan.spec().at("/nash/finetunePruned/recipe").asText()).isEqualTo("distill");
  }

  @Test
  void oversizedDocumentsDuplicateKeysAndSyntaxErrorsAreRejected() {
    byte[] big = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> compiler.compile(big, null));
    assertThat(e.problems().get(0).message()).contains("above the limit");

    assertThat(problems("name: a\nname: b\n")).extracting(SpecProblem::message).first().asString()
        .containsIgnoringCase("duplicate");
    assertThat(problems("{\"name\": \"a\", \"name\": \"b\"}")).extracting(SpecProblem::message).first().asString()
        .containsIgnoringCase("duplicate");
    assertThat(problems("name: [unclosed\n")).extracting(SpecProblem::message).first().asString()
        .contains("line");
    assertThat(problems("{\"name\": }", "application/json")).extracting(SpecProblem::message).first().asString()
        .startsWith("JSON");
  }
}

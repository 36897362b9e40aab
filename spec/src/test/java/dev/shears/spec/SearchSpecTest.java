package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.events.PathRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpecTest {
  private final SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(Path.of("/srv"))::resolve);

  private static String spec(String search) {
    return SpecCompilerTest.DESIGN_SPEC + search;
  }

  private List<String> problems(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> compiler.compile(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml"));
    return e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
  }

  @Test
  void ashaSectionIsReadWithItsRungs() throws Exception {
    ExperimentPlan plan = compiler.compile(spec("search: {scheduler: asha, gracePeriod: 100, reductionFactor: 3, "
        + "maxSteps: 2000}\n").getBytes(StandardCharsets.UTF_8), "application/yaml");
    SearchSpec search = plan.trials().get(0).typed().search();
    assertThat(search.scheduler()).isEqualTo(SearchSpec.Scheduler.ASHA);
    assertThat(search.mode()).isEqualTo(SearchSpec.Mode.MIN);
    assertThat(search.rungs()).containsExactly(100L, 300L, 900L);
    assertThat(search.better(1.0, 2.0)).isTrue();
  }

  @Test
  void rougeLIsComparedHigherIsBetterUnlessTheModeSaysOtherwise() throws Exception {
    ExperimentPlan plan = compiler.compile(spec("search: {scheduler: asha, metric: rougeL, maxSteps: 1000}\n")
        .getBytes(StandardCharsets.UTF_8), "application/yaml");
    SearchSpec search = plan.trials().get(0).typed().search();
    assertThat(search.mode()).isEqualTo(SearchSpec.Mode.MAX);
    assertThat(search.better(0.4, 0.3)).isTrue();
    assertThat(search.valueOf(2.5, 0.4)).isEqualTo(0.4);
    assertThat(search.valueOf(2.5, null)).isNaN();
    assertThat(SearchSpec.NONE.valueOf(2.5, 0.4)).isEqualTo(2.5);
  }

  @Test
  void absentSectionMeansNoEarlyStopping() throws Exception {
    ExperimentPlan plan = compiler.compile(SpecCompilerTest.DESIGN_SPEC.getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    SearchSpec search = plan.trials().get(0).typed().search();
    assertThat(search.enabled()).isFalse();
    assertThat(search.rungs()).isEmpty();
  }

  @Test
  void badValuesAreNamedByField() {
    assertThat(problems(spec("search: {scheduler: asha, reductionFactor: 1, maxSteps: 100, gracePeriod: 100, "
        + "mode: max, metric: accuracy, extra: 1}\n")))
        .contains("search.reductionFactor: must be >= 2, was 1",
            "search.gracePeriod: must be < search.maxSteps (100), was 100: no rung would lie below the end of a "
                + "trial")
        .anySatisfy(p -> assertThat(p).startsWith("search.metric: unknown value 'accuracy'"))
        .anySatisfy(p -> assertThat(p).startsWith("search.extra: unknown field"));
    assertThat(problems(spec("search: {scheduler: asha, mode: max, maxSteps: 1000}\n"))).containsExactly(
        "search.mode: must be min for validationLoss (lower is better); max would keep the worst trials");
    assertThat(problems(spec("search: {scheduler: asha, metric: rougeL, mode: min, maxSteps: 1000}\n")))
        .containsExactly("search.mode: must be max for rougeL (higher is better); min would keep the worst trials");
    assertThat(problems(spec("search: {scheduler: median}\n")))
        .anySatisfy(p -> assertThat(p).startsWith("search.maxSteps: is required when search.scheduler is median"));
    assertThat(problems(spec("search: {scheduler: {list: [asha, none]}, maxSteps: 10}\n")))
        .anySatisfy(p -> assertThat(p).startsWith("search.scheduler: cannot be swept"));
  }
}

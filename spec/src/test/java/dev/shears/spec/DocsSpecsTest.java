package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.PathRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example specs the docs tell users to submit are valid specs. */
class DocsSpecsTest {
  private static final Path DOCS_SPECS = Path.of("..", "docs", "specs");
  private final SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(Path.of("/srv"))::resolve);

  @Test
  void everyExampleSpecCompiles() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(DOCS_SPECS)) {
      specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(specs).isNotEmpty();
    for (Path spec : specs) {
      try {
        assertThat(compiler.compile(Files.readAllBytes(spec), spec.toString()).trials()).as("%s", spec)
            .isNotEmpty();
      } catch (InvalidSpecException e) {
        throw new AssertionError(spec + ": " + e.problems(), e);
      }
    }
  }

  @Test
  void theEarlyStoppingExampleStopsOnRougeLAtThreeRungs() throws Exception {
    Path spec = DOCS_SPECS.resolve("search-asha.yaml");
    ExperimentPlan plan = compiler.compile(Files.readAllBytes(spec), spec.toString());
    assertThat(plan.trials()).hasSize(9);
    SearchSpec search = plan.trials().get(0).typed().search();
    assertThat(search.metric()).isEqualTo(SearchSpec.ROUGE_L);
    assertThat(search.mode()).isEqualTo(SearchSpec.Mode.MAX);
    assertThat(search.rungs()).containsExactly(20L, 60L, 180L);
  }
}

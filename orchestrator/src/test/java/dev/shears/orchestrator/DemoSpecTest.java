package dev.shears.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.PathRoots;
import dev.shears.spec.ExperimentPlan;
import dev.shears.spec.SpecCompiler;
import dev.shears.spec.SpecLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoSpecTest {
  private final SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT,
      PathRoots.under(Path.of("/srv/shears"))::resolve);

  @Test
  void theDemoSpecIsValidAndSmall() throws Exception {
    ExperimentPlan plan = compiler.compile(DemoSpec.yaml(), "demo-spec.yaml");
    assertThat(plan.trials()).hasSize(9);
    assertThat(plan.idempotencyKey()).isNotBlank();
    assertThat(plan.trials()).extracting(t -> t.spec().path("method").asText() + "-"
            + t.spec().at("/nash/decoderLayers").asInt() + "@" + t.spec().at("/nash/encoderSparsity").asDouble())
        .containsExactly("nash-1@0.3", "nash-2@0.3", "nash-3@0.3", "nash-4@0.3", "nash-3@0.1", "nash-3@0.6",
            "cofi-12@0.7", "uniform-only-3@0.0", "distill-small-3@0.3");
    // One teacher for the whole sweep: every trial agrees on what decides the fine-tuned teacher.
    assertThat(plan.trials()).extracting(t -> t.spec().path("teacher").toString() + t.spec().at("/training/seed"))
        .containsOnly(plan.trials().get(0).spec().path("teacher").toString()
            + plan.trials().get(0).spec().at("/training/seed"));
    // Sized for one CPU trainer: a bounded step budget per trial, and the sparsity target fully warmed up
    // before pruning ends, so every trial can reach it.
    assertThat(plan.trials()).allSatisfy(t -> {
      int steps = t.spec().at("/teacher/finetune/steps").asInt() + t.spec().at("/training/steps").asInt()
          + t.spec().at("/nash/finetunePruned/steps").asInt();
      assertThat(steps).isLessThanOrEqualTo(700);
      assertThat(t.spec().at("/nash/sparsityWarmupSteps").asInt())
          .isLessThan(t.spec().at("/training/steps").asInt());
    });
  }
}

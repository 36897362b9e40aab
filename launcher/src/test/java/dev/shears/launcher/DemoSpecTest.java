package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.orchestrator.spec.ExperimentPlan;
import dev.shears.orchestrator.spec.PathPolicy;
import dev.shears.orchestrator.spec.SpecCompiler;
import dev.shears.orchestrator.spec.SpecLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoSpecTest {
  @Test
  void theBundledDemoIsAValidThreeTrialSweep() throws Exception {
    ExperimentPlan plan = new SpecCompiler(SpecLimits.DEFAULT, PathPolicy.under(Path.of(".").toAbsolutePath()))
        .compile(DemoSubmission.spec(), "application/yaml");
    assertThat(plan.trials()).hasSize(3);
  }
}

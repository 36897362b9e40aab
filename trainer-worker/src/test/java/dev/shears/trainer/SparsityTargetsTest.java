package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every method with a sparsity target exports a model within 0.02 of it, measured on the exported weights: short
 * seeded runs whose Lagrangian has not settled (the case that exported NASH-3@0.1 at 0.033).
 */
class SparsityTargetsTest {
  @TempDir
  Path root;

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource({
      "nash, 0.1, export.encoderSparsity",
      "nash, 0.3, export.encoderSparsity",
      "nash, 0.6, export.encoderSparsity",
      "cofi, 0.3, export.modelSparsity",
      "cofi, 0.6, export.modelSparsity",
      "distill-small, 0.1, export.encoderSparsity",
      "distill-small, 0.3, export.encoderSparsity",
      "distill-small, 0.6, export.encoderSparsity"})
  void theExportedModelIsWithinTwoPointsOfItsTarget(String method, double target, String measured) {
    boolean gated = !method.equals("distill-small");
    ObjectNode node = TinyTrials.nashSpec("t-" + method + target, 1, gated ? 12 : 1, 0).put("method", method);
    ((ObjectNode) node.get("nash")).put("encoderSparsity", target).put("regLr", 0.1).put("sparsityWarmupSteps", 4);
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, new CollectingSink(), new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    Map<String, Double> summary = ((TrialOutcome.Succeeded) outcome).summary();
    assertThat(summary.get(measured)).as("%s of %s at %s: %s", measured, method, target, summary)
        .isCloseTo(target, within(0.02));
  }
}

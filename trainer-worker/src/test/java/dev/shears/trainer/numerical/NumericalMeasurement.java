package dev.shears.trainer.numerical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.Gates;
import dev.shears.model.T5Model;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.data.BatchSource;
import dev.shears.trainer.data.DatasetBatches;
import dev.shears.trainer.spec.TrialSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The measurements of docs/numerical.md on a fine-tuned teacher directory (skipped unless
 * {@code -Dnumerical.teacher=DIR} is given): for several settings, the time to calibrate and to prune, the
 * in-scope sparsity reached, the relative reconstruction error of the pruned projections with and without the
 * refit, and the teacher-forced validation cross-entropy of the pruned model against the teacher's, on
 * builtin:synthetic-summarize with the demo's lengths.
 */
class NumericalMeasurement {
  @Test
  void measure() {
    String teacherDir = System.getProperty("numerical.teacher");
    assumeTrue(teacherDir != null, "set -Dnumerical.teacher=DIR to measure");
    ObjectNode json = new ObjectMapper().createObjectNode().put("name", "measure").put("method", "numerical");
    json.putObject("task").put("dataset", "builtin:synthetic-summarize");
    json.putObject("teacher").put("model", teacherDir).put("finetuned", true);
    json.putObject("training").put("batchSize", 8).put("seed", 1);
    json.putObject("trainer").put("validationBatches", 8).put("maxSourceLength", 48).put("maxTargetLength", 16);
    TrialSpec spec = TrialSpec.parse(json);
    try (BatchSource data = new DatasetBatches().open(spec); NDManager manager = NDManager.newBaseManager();
        T5Model teacher = T5Model.load(Path.of(teacherDir), manager)) {
      long t0 = System.nanoTime();
      GramCollector collector = new GramCollector(teacher);
      for (int i = 0; i < 16; i++) {
        try (NDManager scope = manager.newSubManager()) {
          collector.add(data.train(i, scope));
        }
      }
      Map<String, double[][]> grams = collector.grams();
      double calibration = (System.nanoTime() - t0) / 1e9;
      double teacherCe = validationCe(teacher, data, manager);
      System.out.printf(Locale.ROOT, "teacher %s: validation CE %.4f; calibration over 128 examples (%d + %d tokens) "
          + "%.1f s%n", teacherDir, teacherCe, collector.encoderTokens(), collector.decoderTokens(), calibration);
      System.out.println("| scope | target | refit | reached | prune s | rel. error sliced | rel. error refit "
          + "| validation CE | CE vs teacher |");
      for (String scope : new String[] {"both", "encoder"}) {
        for (double target : new double[] {0.1, 0.3, 0.5}) {
          for (boolean refit : new boolean[] {false, true}) {
            long t1 = System.nanoTime();
            NumericalPruner pruner = new NumericalPruner(
                new NumericalPruner.Settings(target, NumericalPruner.Scope.parse(scope), refit, 0.01));
            NumericalPruner.Plan plan = pruner.plan(teacher, grams);
            Map<String, double[][]> kept = pruner.keptColumns(teacher, grams, plan);
            try (T5Model pruned = NumericalPruner.prune(teacher, plan, kept)) {
              double seconds = (System.nanoTime() - t1) / 1e9;
              NumericalPruner.Reconstruction r = NumericalPruner.reconstruction(teacher, grams, plan, kept);
              double ce = validationCe(pruned, data, manager);
              System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.3f | %.1f | %.4f | %.4f | %.4f | %+.4f |%n", scope,
                  target, refit ? "yes" : "no", plan.sparsity(), seconds, r.sliced(), r.compensated(), ce,
                  ce - teacherCe);
              assertThat(plan.sparsity()).isCloseTo(target, within(0.02));
              assertThat(r.compensated()).isLessThanOrEqualTo(r.sliced());
            }
          }
        }
      }
    }
  }

  /** Mean token cross-entropy of the labels over the validation batches, teacher-forced, pads excluded. */
  private static double validationCe(T5Model model, BatchSource data, NDManager manager) {
    double nll = 0;
    double tokens = 0;
    for (int i = 0; i < data.validationBatches(); i++) {
      try (NDManager scope = manager.newSubManager()) {
        Batch b = data.validation(i, scope);
        NDArray logp = model.logits(b.inputIds(), b.attentionMask(), b.decoderInputIds(), b.decoderAttentionMask(),
            Gates.none()).logSoftmax(-1); // [B, T, V]
        NDArray labels = b.labels().toType(DataType.INT64, false);
        NDArray mask = labels.neq(Batch.IGNORE_INDEX).toType(DataType.FLOAT32, false);
        NDArray safe = labels.mul(mask.toType(DataType.INT64, false));
        NDArray picked = logp.gather(safe.expandDims(-1), -1).squeeze(-1); // [B, T]
        nll -= picked.mul(mask).sum().getFloat();
        tokens += mask.sum().getFloat();
      }
    }
    return nll / tokens;
  }
}

package dev.shears.launcher.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.model.Gates;
import dev.shears.model.T5Model;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears model forward --model DIR --input-ids 5,17,42 --decoder-input-ids 0,9,33 --json}:
 * prints {@code {"logits": [[...], ...]}}, one row of vocab-size floats per decoder position.
 */
@Command(name = "forward", description = "Teacher-forced forward pass: logits per decoder position.")
public final class ModelForwardCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions options;

  @Option(names = "--input-ids", required = true, paramLabel = "IDS", description = "Encoder input ids, e.g. 5,17,42.")
  private String inputIds;

  @Option(
      names = "--decoder-input-ids",
      required = true,
      paramLabel = "IDS",
      description = "Decoder input ids starting with the decoder start token, e.g. 0,9,33.")
  private String decoderInputIds;

  @Option(names = "--json", description = "Print {\"logits\": [[...], ...]}.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(options.model, options.seed, m)) {
      long[] ids = ModelOptions.ids("--input-ids", inputIds);
      long[] dec = ModelOptions.ids("--decoder-input-ids", decoderInputIds);
      NDArray logits =
          model.logits(
              m.create(ids, new Shape(1, ids.length)), null, m.create(dec, new Shape(1, dec.length)), null,
              Gates.none());
      int v = model.config().vocabSize();
      float[] values = logits.toFloatArray();
      if (json) {
        StringBuilder sb = new StringBuilder(values.length * 12).append("{\"logits\": [");
        for (int t = 0; t < dec.length; t++) {
          sb.append(t == 0 ? "[" : ", [");
          for (int i = 0; i < v; i++) {
            if (i > 0) {
              sb.append(", ");
            }
            sb.append(values[t * v + i]);
          }
          sb.append(']');
        }
        out.println(sb.append("]}"));
      } else {
        for (int t = 0; t < dec.length; t++) {
          int best = 0;
          for (int i = 1; i < v; i++) {
            if (values[t * v + i] > values[t * v + best]) {
              best = i;
            }
          }
          out.printf("position %d: argmax %d (logit %.4f)%n", t, best, values[t * v + best]);
        }
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "model forward", e);
    }
  }
}

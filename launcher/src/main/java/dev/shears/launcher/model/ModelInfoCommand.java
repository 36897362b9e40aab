package dev.shears.launcher.model;

import ai.djl.ndarray.NDManager;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears model info --model DIR}: parameters, layers, and heads / FFN dims kept per layer. */
@Command(name = "info", description = "Parameters, layers, heads and FFN dims kept per layer.")
public final class ModelInfoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions options;

  @Option(names = "--json", description = "Print JSON.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(options.model, options.seed, m)) {
      T5Config c = model.config();
      PruningInfo p = model.layout();
      if (json) {
        out.println(
            "{\"parameters\": " + model.numParameters()
                + ", \"encoderLayers\": " + c.numLayers()
                + ", \"decoderLayers\": " + c.numDecoderLayers()
                + ", \"numHeads\": " + c.numHeads() + ", \"dModel\": " + c.dModel()
                + ", \"dKv\": " + c.dKv() + ", \"dFf\": " + c.dFf()
                + ", \"feedForwardProj\": \"" + c.feedForwardProj() + "\""
                + ", \"vocabSize\": " + c.vocabSize()
                + ", \"decoderLayerMap\": " + Arrays.toString(p.decoderLayerMap())
                + ", \"encoderHeads\": " + counts(p.encoderHeads())
                + ", \"encoderFfnDims\": " + counts(p.encoderFfnDims())
                + ", \"decoderSelfHeads\": " + counts(p.decoderSelfHeads())
                + ", \"decoderCrossHeads\": " + counts(p.decoderCrossHeads())
                + ", \"decoderFfnDims\": " + counts(p.decoderFfnDims()) + "}");
      } else {
        out.printf("model            %s%n", options.model);
        out.printf("parameters       %,d%n", model.numParameters());
        out.printf("architecture     d_model=%d d_kv=%d heads=%d d_ff=%d ffn=%s vocab=%d tied_head=%s%n",
            c.dModel(), c.dKv(), c.numHeads(), c.dFf(), c.feedForwardProj(), c.vocabSize(), c.tieWordEmbeddings());
        out.printf("encoder layers   %d%n", c.numLayers());
        for (int l = 0; l < c.numLayers(); l++) {
          out.printf("  enc %2d  heads %2d/%d  ffn %5d/%d%n", l, p.encoderHeads()[l].length, c.numHeads(),
              p.encoderFfnDims()[l].length, c.dFf());
        }
        out.printf("decoder layers   %d (original layers %s)%n", c.numDecoderLayers(), Arrays.toString(p.decoderLayerMap()));
        for (int l = 0; l < c.numDecoderLayers(); l++) {
          out.printf("  dec %2d  self %2d/%d  cross %2d/%d  ffn %5d/%d%n", l, p.decoderSelfHeads()[l].length,
              c.numHeads(), p.decoderCrossHeads()[l].length, c.numHeads(), p.decoderFfnDims()[l].length, c.dFf());
        }
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "model info", e);
    }
  }

  private static String counts(int[][] layers) {
    return Arrays.toString(Arrays.stream(layers).mapToInt(a -> a.length).toArray());
  }
}

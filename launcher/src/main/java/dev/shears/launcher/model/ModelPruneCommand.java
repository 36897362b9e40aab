package dev.shears.launcher.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.model.BuiltinModels;
import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.Gates;
import dev.shears.model.GenerationConfig;
import dev.shears.model.HfExport;
import dev.shears.model.ModelCard;
import dev.shears.model.PhysicalPruner;
import dev.shears.model.T5Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears model prune --model DIR --decoder-layers uniform:3 --out DIR2}: keeps the selected
 * decoder layers and, with {@code --gates FILE}, physically removes gated-off heads and FFN dims.
 */
@Command(name = "prune", description = "Select decoder layers and/or physically prune by gates; writes an HF model dir.")
public final class ModelPruneCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions options;

  @Option(
      names = "--decoder-layers",
      paramLabel = "SPEC",
      description = "uniform:N, uniform-paper:N, low:N, high:N or explicit:0,5,11 (0-based).")
  private String decoderLayers;

  @Option(
      names = "--gates",
      paramLabel = "FILE",
      description = "JSON with deterministic gates, applied after layer selection: per-layer lists \"encoderHeads\", "
          + "\"encoderFfn\", \"decoderSelfHeads\", \"decoderCrossHeads\", \"decoderFfn\" ([[..]..]) and whole-sublayer "
          + "gates \"encoderAttentionLayers\", \"encoderFfnLayers\", \"decoderSelfAttentionLayers\", "
          + "\"decoderCrossAttentionLayers\", \"decoderFfnLayers\" ([..]); 0 removes, other values are folded in.")
  private Path gatesFile;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output model directory.")
  private Path out;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (decoderLayers == null && gatesFile == null) {
      return ModelOptions.userError(
          spec.commandLine().getErr(), "model prune", new IllegalArgumentException("give --decoder-layers and/or --gates"));
    }
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(options.model, options.seed, m)) {
      T5Model current = model;
      if (decoderLayers != null) {
        int[] keep = DecoderLayerSelection.parse(decoderLayers, model.config().numDecoderLayers());
        current = model.withDecoderLayers(keep);
      }
      if (gatesFile != null) {
        T5Model selected = current;
        current = PhysicalPruner.prune(selected, readGates(gatesFile, m));
        if (selected != model) {
          selected.close();
        }
      }
      HfExport.write(current, out, options.model, generation(), card(model, current));
      w.printf("wrote %s: %,d parameters (from %,d), decoder layers %s%n", out, current.numParameters(),
          model.numParameters(), Arrays.toString(current.layout().decoderLayerMap()));
      w.flush();
      if (current != model) {
        current.close();
      }
      return 0;
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "model prune", e);
    }
  }

  /** The source directory's decoding, else the evaluation defaults (4 beams, 32 new tokens). */
  private GenerationConfig generation() {
    GenerationConfig defaults = GenerationConfig.beam(4, 32);
    return options.model.startsWith(BuiltinModels.PREFIX) ? defaults
        : HfExport.generationConfigIn(Path.of(options.model), defaults);
  }

  private ModelCard card(T5Model teacher, T5Model pruned) {
    StringBuilder method = new StringBuilder("`shears model prune`");
    if (decoderLayers != null) {
      method.append(": decoder layers ").append(decoderLayers).append(" (teacher layers ")
          .append(Arrays.toString(pruned.layout().decoderLayerMap())).append(')');
    }
    if (gatesFile != null) {
      method.append(decoderLayers == null ? ": " : "; ").append("heads, FFN dimensions and sublayers removed where the "
          + "gates in ").append(gatesFile.getFileName()).append(" are 0, fractional gates folded into the output "
          + "projections");
    }
    return new ModelCard(out.getFileName().toString(), options.model, null, method.append('.').toString(), null,
        teacher.numParameters(), null);
  }

  private static Gates readGates(Path file, NDManager m) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--gates: cannot read " + file + ": " + e.getMessage(), e);
    }
    return Gates.builder()
        .optEncoderHeads(matrix(root, "encoderHeads", file, m))
        .optEncoderFfn(matrix(root, "encoderFfn", file, m))
        .optDecoderSelfHeads(matrix(root, "decoderSelfHeads", file, m))
        .optDecoderCrossHeads(matrix(root, "decoderCrossHeads", file, m))
        .optDecoderFfn(matrix(root, "decoderFfn", file, m))
        .optEncoderAttentionLayers(vector(root, "encoderAttentionLayers", file, m))
        .optEncoderFfnLayers(vector(root, "encoderFfnLayers", file, m))
        .optDecoderSelfAttentionLayers(vector(root, "decoderSelfAttentionLayers", file, m))
        .optDecoderCrossAttentionLayers(vector(root, "decoderCrossAttentionLayers", file, m))
        .optDecoderFfnLayers(vector(root, "decoderFfnLayers", file, m))
        .build();
  }

  private static NDArray vector(JsonNode root, String key, Path file, NDManager m) {
    JsonNode a = root.get(key);
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isArray() || a.isEmpty()) {
      throw new IllegalArgumentException(file + ": " + key + " must be a list of per-layer numbers");
    }
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException(file + ": " + key + "[" + i + "] is " + a.get(i) + ", not a number");
      }
      v[i] = (float) a.get(i).asDouble();
    }
    return m.create(v);
  }

  private static NDArray matrix(JsonNode root, String key, Path file, NDManager m) {
    JsonNode a = root.get(key);
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isArray() || a.isEmpty() || !a.get(0).isArray()) {
      throw new IllegalArgumentException(file + ": " + key + " must be a list of per-layer lists of numbers");
    }
    int rows = a.size();
    int cols = a.get(0).size();
    float[] v = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (a.get(r).size() != cols) {
        throw new IllegalArgumentException(file + ": " + key + "[" + r + "] has " + a.get(r).size()
            + " entries, expected " + cols);
      }
      for (int c = 0; c < cols; c++) {
        v[r * cols + c] = (float) a.get(r).get(c).asDouble();
      }
    }
    return m.create(v, new Shape(rows, cols));
  }
}

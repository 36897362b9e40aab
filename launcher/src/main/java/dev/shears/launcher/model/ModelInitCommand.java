package dev.shears.launcher.model;

import ai.djl.ndarray.NDManager;
import dev.shears.model.GenerationConfig;
import dev.shears.model.HfExport;
import dev.shears.model.ModelCard;
import dev.shears.model.ModelFormatException;
import dev.shears.model.ScratchT5;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears model init --tokenizer DIR --out DIR}: a randomly initialised T5 v1.1 over a trained tokenizer, as
 * a Hugging Face directory that a spec names as {@code teacher.model} to train it from scratch.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Write a freshly initialised T5 v1.1 (gated-GELU) model directory over a tokenizer.json.")
public final class ModelInitCommand implements Callable<Integer> {
  private static final ScratchT5 D = ScratchT5.CPU_SMALL;

  @Spec private CommandSpec spec;

  @Option(names = "--tokenizer", required = true, paramLabel = "PATH",
      description = "tokenizer.json, or a directory holding one (e.g. from shears data tokenizer).")
  private Path tokenizer;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
  private Path out;

  @Option(names = "--d-model", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int dModel = D.dModel();

  @Option(names = "--d-kv", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int dKv = D.dKv();

  @Option(names = "--heads", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int heads = D.heads();

  @Option(names = "--d-ff", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int dFf = D.dFf();

  @Option(names = "--layers", paramLabel = "N", description = "Encoder layers (default: ${DEFAULT-VALUE}).")
  private int layers = D.encoderLayers();

  @Option(names = "--decoder-layers", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int decoderLayers = D.decoderLayers();

  @Option(names = "--seed", paramLabel = "N", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Path dir = Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
    Path tokenizerFile = dir.resolve("tokenizer.json");
    if (!Files.isDirectory(tokenizer) && !tokenizer.getFileName().toString().equals("tokenizer.json")) {
      throw new ModelFormatException("--tokenizer: " + tokenizer + " is neither a directory nor a file named "
          + "tokenizer.json");
    }
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new ModelFormatException("Missing tokenizer file " + tokenizerFile
          + " (train one with: shears data tokenizer --data DIR --vocab-size N --out MODEL_DIR)");
    }
    int vocab = ScratchT5.vocabularySize(tokenizerFile);
    ScratchT5 shape = new ScratchT5(dModel, dKv, heads, dFf, layers, decoderLayers);
    try (NDManager m = NDManager.newBaseManager(); T5Model model = shape.create(vocab, seed, m)) {
      HfExport.write(model, out, dir.toString(), GenerationConfig.greedy(32),
          ModelCard.plain("T5 v1.1 initialised from scratch (seed " + seed + ")", "none"));
      T5Config c = model.config();
      o.printf("T5 v1.1 from scratch: d_model=%d heads=%dx%d d_ff=%d layers=%d+%d vocab=%,d -> %,d parameters%n",
          c.dModel(), c.numHeads(), c.dKv(), c.dFf(), c.numLayers(), c.numDecoderLayers(), c.vocabSize(),
          model.numParameters());
      o.printf("wrote %s%n", out);
    }
    o.flush();
    return 0;
  }
}

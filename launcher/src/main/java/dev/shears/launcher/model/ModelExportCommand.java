package dev.shears.launcher.model;

import ai.djl.ndarray.NDManager;
import dev.shears.model.BuiltinModels;
import dev.shears.model.GenerationConfig;
import dev.shears.model.HfConfigJson;
import dev.shears.model.HfExport;
import dev.shears.model.ModelCard;
import dev.shears.model.T5Model;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears model export --hf SRC OUT}: writes any Shears checkpoint (a teacher, {@code best}, an export, a
 * stage checkpoint's student, or a built-in model) as a directory stock Hugging Face transformers loads, with
 * generation config, tokenizer files and a model card.
 */
@Command(name = "export", description = "Write a checkpoint as a Hugging Face directory (transformers' from_pretrained, "
    + "AutoTokenizer, generation_config.json, README.md model card).")
public final class ModelExportCommand implements Callable<Integer> {
  /** Where a stage checkpoint keeps its student model. */
  static final String STUDENT_DIR = "student";

  @Spec private CommandSpec spec;

  @Option(names = "--hf", required = true, description = "Hugging Face transformers layout (the only format).")
  private boolean hf;

  @Parameters(index = "0", paramLabel = "SRC",
      description = "A model directory (teacher, best, export), a stage checkpoint holding student/, or builtin:tiny-t5.")
  private String source;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output directory.")
  private Path out;

  @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed of a builtin model (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--beams", defaultValue = "4", description = "num_beams in generation_config.json (default: ${DEFAULT-VALUE}).")
  private int beams;

  @Option(names = "--max-new-tokens", defaultValue = "32",
      description = "max_new_tokens in generation_config.json (default: ${DEFAULT-VALUE}).")
  private int maxNewTokens;

  @Option(names = "--base-model", paramLabel = "NAME", description = "The teacher's name or hub id for the model card.")
  private String baseModel;

  @Option(names = "--license", paramLabel = "ID", description = "The license for the model card (e.g. apache-2.0).")
  private String license;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    try {
      GenerationConfig generation = GenerationConfig.beam(beams, maxNewTokens);
      String modelRef = resolve(source);
      String tokenizerFrom = tokenizerSource(modelRef);
      try (NDManager m = NDManager.newBaseManager();
          T5Model model = T5Model.open(modelRef, seed, m)) {
        boolean pruned = !model.layout().isFull(model.config()) || !model.layout().identityLayerMap(model.config());
        ModelCard card = new ModelCard(out.getFileName().toString(), baseModel, license,
            pruned ? "Pruned by Shears; pruning.json and the table below record what each layer kept."
                : "Not pruned: the model as trained.",
            null, 0, null);
        HfExport.write(model, out, tokenizerFrom, generation, card);
        w.printf("wrote %s: %,d parameters, %s%s%n", out, model.numParameters(),
            HfConfigJson.loadsAsStockT5(model.config(), model.layout())
                ? "stock T5 (no remote code)" : "shears_t5 (load with trust_remote_code=True)",
            Files.isRegularFile(out.resolve("tokenizer.json")) ? "" : "; no tokenizer.json found beside " + source);
        w.flush();
        return 0;
      }
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "model export", e);
    }
  }

  /** The model directory inside {@code src}: itself, or a stage checkpoint's student. */
  static String resolve(String src) {
    if (src.startsWith(BuiltinModels.PREFIX)) {
      return src;
    }
    Path dir = Path.of(src);
    if (Files.isRegularFile(dir.resolve(T5Model.CONFIG_FILE))) {
      return src;
    }
    if (Files.isRegularFile(dir.resolve(STUDENT_DIR).resolve(T5Model.CONFIG_FILE))) {
      return dir.resolve(STUDENT_DIR).toString();
    }
    throw new IllegalArgumentException("SRC " + src + ": no config.json there or in " + STUDENT_DIR
        + "/ (expected a model directory or a stage checkpoint)");
  }

  /** The model directory's tokenizer, else the one of the checkpoint around it (a student has none of its own). */
  private String tokenizerSource(String modelRef) {
    if (modelRef.startsWith(BuiltinModels.PREFIX)) {
      return modelRef;
    }
    Path dir = Path.of(modelRef);
    if (!Files.isRegularFile(dir.resolve("tokenizer.json")) && dir.getParent() != null
        && Files.isRegularFile(dir.getParent().resolve("tokenizer.json"))) {
      return dir.getParent().toString();
    }
    return modelRef;
  }
}

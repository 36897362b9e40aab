package dev.shears.launcher.model;

import ai.djl.ndarray.NDManager;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.EvaluationCard;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.ModelReport;
import dev.shears.evaluator.t5.T5ModelSource;
import dev.shears.events.EvaluationCompleted;
import dev.shears.launcher.eval.EvalOptions;
import dev.shears.model.BuiltinModels;
import dev.shears.model.GenerationConfig;
import dev.shears.model.HfConfigJson;
import dev.shears.model.HfExport;
import dev.shears.model.ModelCard;
import dev.shears.model.T5Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears model export SRC OUT}: writes any Shears checkpoint (a teacher, {@code best}, an export, a
 * stage checkpoint's student, or a built-in model) as a directory stock Hugging Face transformers loads, with
 * generation config, tokenizer files and a model card.
 */
@Command(name = "export", description = "Write a checkpoint as a Hugging Face directory (transformers' from_pretrained, "
    + "AutoTokenizer, generation_config.json, README.md model card).")
public final class ModelExportCommand implements Callable<Integer> {
  /** Where a stage checkpoint keeps its student model. */
  static final String STUDENT_DIR = "student";

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC",
      description = "A model directory (teacher, best, export), a stage checkpoint holding student/, or builtin:tiny-t5.")
  private String source;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output directory.")
  private Path out;

  @Mixin private EvalOptions evaluation;

  // The Hugging Face directory is the one format there is; the flag lets `model export --hf SRC OUT` say so.
  @Option(names = "--hf", description = "Write the Hugging Face transformers format (the default and only format).")
  private boolean huggingFace = true;

  @Option(names = "--teacher", paramLabel = "DIR",
      description = "With --data: evaluate SRC against this teacher and put quality retained and speed-up, with their "
          + "95%% intervals, in the model card (the --beam and --max-new-tokens of the evaluation also go into "
          + "generation_config.json; --seed also seeds a builtin model).")
  private Path teacher;

  @Option(names = "--tokenizer", paramLabel = "DIR|builtin:NAME",
      description = "Where the tokenizer.json comes from (default: SRC, or the checkpoint around a student).")
  private String tokenizer;

  @Option(names = "--base-model", paramLabel = "NAME", description = "The teacher's name or hub id for the model card.")
  private String baseModel;

  @Option(names = "--license", paramLabel = "ID", description = "The license for the model card (e.g. apache-2.0).")
  private String license;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    try {
      EvalSettings settings = evaluation.settings();
      GenerationConfig generation = GenerationConfig.beam(settings.beams(), settings.maxNewTokens());
      String modelRef = resolve(source);
      String tokenizerFrom = tokenizer != null ? tokenizer : tokenizerSource(modelRef);
      requireEvaluationPair();
      try (NDManager m = NDManager.newBaseManager();
          T5Model model = T5Model.open(modelRef, settings.bootstrapSeed(), m)) {
        boolean pruned = !model.layout().isFull(model.config()) || !model.layout().identityLayerMap(model.config());
        ModelCard card = new ModelCard(out.getFileName().toString(), baseModel, license,
            pruned ? "Pruned by Shears; pruning.json and the table below record what each layer kept."
                : "Not pruned: the model as trained.",
            null, 0, null);
        HfExport.write(model, out, tokenizerFrom, generation, card);
        if (teacher != null) {
          EvaluationCompleted evaluated = ModelEvaluation.completed(evaluate(out), "not published", out.toString());
          HfExport.writeCard(model, out, generation, new ModelCard(card.title(), card.baseModel(), card.license(),
              card.method(), null, evaluated.teacherParams(),
              EvaluationCard.of(evaluated, "`shears model export --teacher --data`")));
        }
        w.printf("wrote %s: %,d parameters, %s%s%n", out, model.numParameters(),
            HfConfigJson.loadsAsStockT5(model.config(), model.layout())
                ? "stock T5 (no remote code)" : "shears_t5 (load with trust_remote_code=True)",
            Files.isRegularFile(out.resolve("tokenizer.json")) ? "" : "; no tokenizer.json found beside " + source + " (give --tokenizer)");
        w.flush();
        return 0;
      }
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "model export", e);
    }
  }

  private void requireEvaluationPair() {
    if (evaluation.hasData() != (teacher != null)) {
      throw new IllegalArgumentException("--teacher and --data go together (the card's evaluation needs both)");
    }
  }

  /** Evaluates the exported directory against {@code --teacher} on {@code --data}. */
  private ModelReport evaluate(Path exported) {
    try (T5ModelSource models = new T5ModelSource()) {
      return evaluation.evaluation(models, teacher).evaluate(exported, teacher);
    } catch (IOException e) {
      throw new IllegalArgumentException("--data: " + e.getMessage(), e);
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

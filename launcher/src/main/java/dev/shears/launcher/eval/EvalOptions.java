package dev.shears.launcher.eval;

import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalExample;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.ModelSource;
import dev.shears.evaluator.quality.QualityMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Evaluation data and measurement options shared by {@code shears eval} and {@code shears evaluator}. */
public final class EvalOptions {

  // Required, but checked by the commands (requireData): picocli enforces a parent command's required options even
  // when one of its subcommands runs, which would make `shears eval rouge` demand --data.
  @Option(names = "--data", paramLabel = "FILE|builtin:NAME",
      description = "Evaluation data: a JSONL file, a directory of splits, or builtin:synthetic-summarize|qa (test split).")
  String data;

  @Option(names = "--input-field", defaultValue = "input", description = "JSONL input field (default: ${DEFAULT-VALUE}).")
  String inputField;

  @Option(names = "--target-field", defaultValue = "target",
      description = "JSONL target field, a string or a list of strings (default: ${DEFAULT-VALUE}).")
  String targetField;

  @Option(names = "--limit", defaultValue = "0", description = "Evaluate at most N examples (default: all).")
  int limit;

  @Option(names = "--metrics", defaultValue = "rouge", split = ",",
      description = "Metric families: rouge, meteor, squad, accuracy (default: ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(names = "--stem", description = "Porter stemming for ROUGE (rouge_score's use_stemmer).")
  boolean stem;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--beam", defaultValue = "4", description = "Beam width (default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--max-new-tokens", defaultValue = "32",
      description = "New tokens; the timed batch runs all of them (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs per model (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs per model (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--seed", defaultValue = "0", description = "Seed for data and bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The measurement settings. */
  public EvalSettings settings() {
    return new EvalSettings(batchSize, beam, maxNewTokens, warmup, runs, metrics, stem, seed);
  }

  /** The evaluation over this data with these settings. */
  public ModelEvaluation evaluation(ModelSource source, Path defaultTeacher) throws IOException {
    List<EvalExample> examples = EvalData.open(data, inputField, targetField, limit, seed);
    EvalSettings settings = settings();
    return new ModelEvaluation(settings, source, examples,
        new QualityMetrics(settings.metrics(), settings.stem(), WordNetSynonyms::fromClasspath), defaultTeacher);
  }

  /** Whether {@code --data} was given. */
  public boolean hasData() {
    return data != null;
  }

  /** Fails like a missing required option when {@code --data} was not given. */
  void requireData(picocli.CommandLine.Model.CommandSpec spec) {
    Missing.require(spec, data, "--data=FILE|builtin:NAME");
  }
}

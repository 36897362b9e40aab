package dev.shears.trainer.data;

import dev.shears.model.BuiltinModels;
import dev.shears.model.Seq2SeqDataset;
import dev.shears.model.T5Config;
import dev.shears.model.T5Tokenizer;
import dev.shears.trainer.spec.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens {@code task.dataset} (a built-in synthetic task or JSONL) with the teacher's tokenizer and batches it with
 * {@link ExampleBatches}; examples are tokenised as batches first reach them ({@link TokenizedExamples}), and closing
 * the batches closes the tokenizer. The dataset itself is generated or split with {@link #DATA_SEED}, the same for every
 * trial, so trials of a sweep train and validate on the same examples; {@code training.seed} only shuffles.
 */
public final class DatasetBatches implements BatchSourceFactory {
  /** Seed of dataset generation and splitting. */
  public static final long DATA_SEED = 0;

  @Override
  public BatchSource open(TrialSpec spec) {
    String ref = spec.dataset();
    if (!ref.startsWith(BuiltinModels.PREFIX) && !Files.exists(Path.of(ref))) {
      throw new IllegalArgumentException("task.dataset: " + Path.of(ref).toAbsolutePath()
          + " does not exist; give a JSONL file, a directory with train/validation/test.jsonl, "
          + "builtin:synthetic-summarize or builtin:synthetic-qa");
    }
    Seq2SeqDataset dataset;
    try {
      dataset = Seq2SeqDataset.open(ref, spec.inputField(), spec.targetField(), DATA_SEED);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("task.dataset: cannot read " + ref + ": " + e.getMessage(), e);
    }
    T5Config config = teacherConfig(spec.teacherModel());
    ExampleBatches.Special special =
        new ExampleBatches.Special(config.padTokenId(), config.eosTokenId(), config.decoderStartTokenId());
    if (dataset.train().isEmpty()) {
      throw new IllegalArgumentException("task.dataset: " + ref + " has no training examples");
    }
    int validationExamples = Math.min(dataset.validation().size(),
        spec.trainer().validationBatches() * spec.training().batchSize());
    T5Tokenizer tokenizer = T5Tokenizer.forModel(spec.teacherModel());
    TokenizedExamples train = new TokenizedExamples(dataset.train(), tokenizer, special.eos());
    TokenizedExamples validation =
        new TokenizedExamples(dataset.validation().subList(0, validationExamples), tokenizer, special.eos());
    try {
      return new ExampleBatches(train, validation, spec.training().batchSize(), spec.trainer().maxSourceLength(),
          spec.trainer().maxTargetLength(), spec.training().seed(), special, tokenizer::close);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static T5Config teacherConfig(String ref) {
    if (ref.startsWith(BuiltinModels.PREFIX)) {
      return BuiltinModels.tinyT5Config();
    }
    return T5Config.read(Path.of(ref).resolve("config.json"));
  }
}

package dev.shears.launcher.data;

import dev.shears.model.data.DatasetSplit;
import dev.shears.model.data.TokenizerTraining;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears data tokenizer --data DIR --vocab-size N --out MODEL_DIR}: a BPE tokenizer.json for T5. */
@Command(
    name = "tokenizer",
    mixinStandardHelpOptions = true,
    description = {
        "Trains a BPE subword tokenizer on DIR/train.jsonl and writes MODEL_DIR/tokenizer.json (Hugging Face",
        "format, T5's special ids: <pad> 0, </s> 1, <unk> 2) and tokenizer_config.json."})
public final class TokenizerCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Directory holding train.jsonl.")
  private Path data;

  @Option(names = "--vocab-size", required = true, paramLabel = "N", description = "Vocabulary size, special tokens included.")
  private int vocabSize;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Directory for tokenizer.json.")
  private Path out;

  @Option(names = "--fields", split = ",", paramLabel = "FIELD",
      description = "JSONL text fields trained on (default: ${DEFAULT-VALUE}).")
  private List<String> fields = List.of("description", "synopsis");

  @Option(names = "--min-frequency", paramLabel = "N",
      description = "Least count of a merged pair or an alphabet character (default: ${DEFAULT-VALUE}).")
  private int minFrequency = 2;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Path train = data.resolve(DatasetSplit.TRAIN.fileName());
    long start = System.nanoTime();
    TokenizerTraining.Summary s = new TokenizerTraining().train(train, fields, vocabSize, minFrequency, out);
    o.printf("trained on %,d records of %s (%s): %,d words, %,d distinct%n", s.lines(), train,
        String.join(", ", fields), s.words(), s.distinctWords());
    o.printf("vocabulary %,d (%,d merges) in %.1f s -> %s%n", s.vocabSize(), s.merges(),
        (System.nanoTime() - start) / 1e9, out.resolve("tokenizer.json"));
    if (s.vocabSize() < vocabSize) {
      o.printf("note: stopped below %,d: no pair of symbols occurs %d times or more%n", vocabSize, minFrequency);
    }
    o.flush();
    return 0;
  }
}

package dev.shears.launcher.model;

import ai.djl.ndarray.NDManager;
import dev.shears.model.GenerationConfig;
import dev.shears.model.Generator;
import dev.shears.model.T5Model;
import dev.shears.model.T5Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears model generate --model DIR --input-ids 5,17,42 --max-new-tokens N --num-beams K
 * --json}: prints {@code {"tokens": [...]}}, the ids generated after the decoder start token, up to
 * and including EOS.
 */
@Command(name = "generate", description = "Greedy or beam-search generation.")
public final class ModelGenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions options;

  @ArgGroup(multiplicity = "1")
  private Input input;

  static final class Input {
    @Option(names = "--input-ids", paramLabel = "IDS", description = "Encoder input ids, e.g. 5,17,42.")
    String ids;

    @Option(names = "--input", paramLabel = "TEXT", description = "Input text, tokenised with the model's tokenizer.json.")
    String text;
  }

  @Option(names = "--max-new-tokens", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  private int maxNewTokens;

  @Option(names = "--num-beams", defaultValue = "1", description = "1 = greedy (default).")
  private int numBeams;

  @Option(names = "--length-penalty", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE}.")
  private double lengthPenalty;

  @Option(names = "--early-stopping", defaultValue = "false", description = "true, false or never (default: ${DEFAULT-VALUE}).")
  private String earlyStopping;

  @Option(names = "--force-all-steps", description = "Ignore EOS and run all --max-new-tokens steps.")
  private boolean forceAllSteps;

  @Option(names = "--no-cache", description = "Recompute the decoder over the whole prefix at every step.")
  private boolean noCache;

  @Option(names = "--json", description = "Print {\"tokens\": [...]}.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(options.model, options.seed, m)) {
      GenerationConfig cfg =
          new GenerationConfig(
              numBeams, maxNewTokens, lengthPenalty, GenerationConfig.EarlyStopping.parse(earlyStopping),
              forceAllSteps, !noCache);
      T5Tokenizer tokenizer = tokenizer();
      int[] ids;
      if (input.text != null) {
        if (tokenizer == null) {
          throw new IllegalArgumentException(
              "--input: " + options.model + " has no tokenizer.json; pass --input-ids instead");
        }
        ids = tokenizer.encode(input.text);
      } else {
        ids = Arrays.stream(ModelOptions.ids("--input-ids", input.ids)).mapToInt(Math::toIntExact).toArray();
      }
      int[] tokens = new Generator(model).generate(List.of(ids), cfg).get(0);
      String list = Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(", "));
      if (json) {
        out.println("{\"tokens\": [" + list + "]}");
      } else {
        out.println(list);
        if (tokenizer != null) {
          out.println(tokenizer.decode(tokens));
        }
      }
      if (tokenizer != null) {
        tokenizer.close();
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return ModelOptions.userError(
          spec.commandLine().getErr(), "model generate",
          e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException("--input-ids: " + e.getMessage()));
    }
  }

  private T5Tokenizer tokenizer() {
    if (options.model.startsWith("builtin:")) {
      return T5Tokenizer.builtin();
    }
    Path file = Path.of(options.model).resolve("tokenizer.json");
    return Files.isRegularFile(file) ? T5Tokenizer.load(file) : null;
  }
}

package dev.shears.launcher.eval;

import dev.shears.evaluator.bench.RougeBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears bench rouge}: times corpus ROUGE over synthetic 60-word summaries (stemming on). */
@Command(name = "rouge", mixinStandardHelpOptions = true,
    description = "Time ROUGE-1/2/L/Lsum over N synthetic summary pairs (default 10,000 pairs of 60 words, stemming on).")
public final class BenchRougeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--pairs", defaultValue = "10000", description = "Summary pairs (default: ${DEFAULT-VALUE}).")
  private int pairs;

  @Option(names = "--words", defaultValue = "60", description = "Words per summary (default: ${DEFAULT-VALUE}).")
  private int words;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
  private int runs;

  @Option(names = "--no-stem", negatable = false, description = "Turn stemming off.")
  private boolean noStem;

  @Option(names = "--seed", defaultValue = "42", description = "Corpus seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() {
    RougeBenchmark.Result result = new RougeBenchmark()
        .run(new RougeBenchmark.Options(pairs, words, !noStem, runs, seed));
    spec.commandLine().getOut().println(result.summary());
    spec.commandLine().getOut().flush();
    return 0;
  }
}

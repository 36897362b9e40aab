package dev.shears.launcher.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.evaluator.cli.RougeFiles;
import dev.shears.model.rouge.RougeType;
import dev.shears.events.ConfidenceInterval;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears eval rouge --pred FILE --ref FILE [--json] [--stem]}: corpus-mean ROUGE F1 with rouge_score's
 * semantics, printed × 100 as every Shears report prints it ({@code --json}: fractions in [0, 1], as rouge_score
 * returns them). Files of different lengths exit with code 2 and both counts.
 */
@Command(name = "rouge", mixinStandardHelpOptions = true,
    description = "ROUGE-1/2/L/Lsum F1 (corpus mean) of predictions against references, one text per line"
        + " (\\n inside a line separates sentences for ROUGE-Lsum).")
public final class EvalRougeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--pred", required = true, paramLabel = "FILE", description = "Predictions, one per line.")
  private Path predictions;

  @Option(names = "--ref", required = true, paramLabel = "FILE", description = "References, one per line.")
  private Path references;

  @Option(names = "--json", description = "Print {\"rouge1\": f, \"rouge2\": f, \"rougeL\": f, \"rougeLsum\": f} "
      + "with f in [0, 1] (the text output is F1 × 100).")
  private boolean json;

  @Option(names = "--stem", description = "Porter-stem tokens longer than 3 characters (rouge_score's use_stemmer).")
  private boolean stem;

  @Option(names = "--types", split = ",", paramLabel = "TYPE",
      description = "ROUGE types (default: rouge1,rouge2,rougeL,rougeLsum).")
  private List<String> types;

  @Option(names = "--ci", description = "Also print 95%% bootstrap intervals (1000 resamples).")
  private boolean intervals;

  @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws Exception {
    List<RougeType> rougeTypes = types == null ? RougeType.STANDARD : types.stream().map(RougeType::parse).toList();
    RougeFiles.Result result = new RougeFiles(rougeTypes, stem).score(predictions, references, intervals ? seed : null);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = mapper.createObjectNode();
      result.meanF1().forEach(node::put);
      if (intervals) {
        ObjectNode ci = node.putObject("ci95");
        result.intervals().forEach((k, v) -> ci.putArray(k).add(v.low()).add(v.high()));
      }
      out.println(mapper.writeValueAsString(node));
    } else {
      out.printf(Locale.ROOT, "%d pairs, stemming %s; F1 × 100%n", result.pairs(), stem ? "on" : "off");
      for (Map.Entry<String, Double> e : result.meanF1().entrySet()) {
        ConfidenceInterval ci = result.intervals().get(e.getKey());
        out.printf(Locale.ROOT, "%-10s %.2f%s%n", e.getKey(), 100 * e.getValue(),
            ci == null ? "" : String.format(Locale.ROOT, "  [%.2f, %.2f]", 100 * ci.low(), 100 * ci.high()));
      }
    }
    out.flush();
    return 0;
  }
}

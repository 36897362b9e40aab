package dev.shears.launcher.data;

import dev.shears.model.data.AptIndexes;
import dev.shears.model.data.AptTranslationReader;
import dev.shears.model.data.DatasetSplit;
import dev.shears.model.data.DescriptionFilter;
import dev.shears.model.data.DescriptionPairs;
import dev.shears.model.data.PackageDescription;
import dev.shears.orchestrator.ReproductionSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears data debian-descriptions --out DIR}: the apt index's English package descriptions as a
 * summarisation dataset (long description → one-line synopsis), split by package into JSONL files.
 */
@Command(
    name = "debian-descriptions",
    mixinStandardHelpOptions = true,
    description = {
        "Writes train/validation/test.jsonl of {\"package\", \"description\", \"synopsis\"} from apt's English",
        "package descriptions (" + AptIndexes.PATTERN + " under the lists directory, plain, lz4 or gzip).",
        "Splits are fixed by a hash of the package name; a description shared by several packages is kept once."})
public final class DebianDescriptionsCommand implements Callable<Integer> {
  /** Below this many pairs a split's bootstrap CIs are too wide to compare models. */
  static final int MIN_EVAL_PAIRS = 1000;

  @Spec private CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the three JSONL files "
      + "(shears reproduce reads " + ReproductionSpec.DEFAULT_DATA + " unless given --data).")
  private Path out;

  @Option(names = "--lists-dir", paramLabel = "DIR", description = "apt's lists directory (default: ${DEFAULT-VALUE}).")
  private Path listsDir = AptIndexes.DEFAULT_LISTS;

  @Option(names = "--index", paramLabel = "FILE",
      description = "Read these Translation-en files instead of searching --lists-dir (repeatable).")
  private List<Path> indexes = new ArrayList<>();

  @Option(names = "--validation-fraction", paramLabel = "F", description = "Share of packages in validation (default: ${DEFAULT-VALUE}).")
  private double validationFraction = 0.025;

  @Option(names = "--test-fraction", paramLabel = "F", description = "Share of packages in test (default: ${DEFAULT-VALUE}).")
  private double testFraction = 0.025;

  @Option(names = "--min-description-words", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int minDescriptionWords = DescriptionFilter.DEFAULT.minDescriptionWords();

  @Option(names = "--max-description-words", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int maxDescriptionWords = DescriptionFilter.DEFAULT.maxDescriptionWords();

  @Option(names = "--min-synopsis-words", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int minSynopsisWords = DescriptionFilter.DEFAULT.minSynopsisWords();

  @Option(names = "--max-synopsis-words", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  private int maxSynopsisWords = DescriptionFilter.DEFAULT.maxSynopsisWords();

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    DescriptionPairs pairs = new DescriptionPairs(
        new DescriptionFilter(minDescriptionWords, maxDescriptionWords, minSynopsisWords, maxSynopsisWords),
        validationFraction, testFraction);
    List<Path> files = indexes.isEmpty() ? AptIndexes.find(listsDir) : indexes;
    AptTranslationReader reader = new AptTranslationReader();
    List<PackageDescription> all = new ArrayList<>();
    for (Path f : files) {
      List<PackageDescription> read = reader.read(f);
      o.printf("read %,7d descriptions from %s%n", read.size(), f);
      all.addAll(read);
    }
    DescriptionPairs.Result r = pairs.split(all);
    r.writeTo(out);
    o.printf("packages %,d; dropped by length %,d; dropped as duplicate descriptions %,d%n",
        r.packages(), r.filteredOut(), r.duplicateDescriptions());
    for (DatasetSplit s : DatasetSplit.values()) {
      o.printf("%-10s %,7d pairs  %s%n", s.label(), r.count(s), out.resolve(s.fileName()));
    }
    for (DatasetSplit s : List.of(DatasetSplit.VALIDATION, DatasetSplit.TEST)) {
      if (r.count(s) < MIN_EVAL_PAIRS) {
        spec.commandLine().getErr().printf("warning: %s holds %d pairs, fewer than %,d: its confidence intervals "
            + "will be wide (raise --%s-fraction or use a larger index)%n", s.label(), r.count(s), MIN_EVAL_PAIRS, s.label());
      }
    }
    o.flush();
    return 0;
  }
}

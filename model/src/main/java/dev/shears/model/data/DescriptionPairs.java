package dev.shears.model.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns package descriptions into description → synopsis pairs split into train / validation / test:
 * <ol>
 *   <li>one description per package (a package listed in several indexes keeps its smallest Description-md5);
 *   <li>length filters on the description and synopsis, in whitespace-separated words;
 *   <li>one pair per distinct description: packages sharing a description text (a library and its -dev
 *       package often do) yield one pair, that of the package whose name sorts first;
 *   <li>the split of each pair is {@link DatasetSplit#of} of its package name.
 * </ol>
 * So no package and no description is in two splits, and the result does not depend on the order of the
 * input files or of the packages in them.
 */
public final class DescriptionPairs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DescriptionFilter filter;
  private final double validationFraction;
  private final double testFraction;

  /**
   * @param validationFraction share of package names hashed to validation, in (0, 1)
   * @param testFraction share hashed to test, in (0, 1); the two together below 1
   */
  public DescriptionPairs(DescriptionFilter filter, double validationFraction, double testFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("Invalid validation fraction " + validationFraction + ": must be in (0, 1)");
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("Invalid test fraction " + testFraction + ": must be in (0, 1)");
    }
    if (validationFraction + testFraction >= 1) {
      throw new IllegalArgumentException("Invalid fractions: validation " + validationFraction + " + test "
          + testFraction + " must leave some of the data for training (sum below 1)");
    }
    this.filter = filter;
    this.validationFraction = validationFraction;
    this.testFraction = testFraction;
  }

  /** What {@link #split} kept, per split, and what it dropped, per reason. */
  public record Result(Map<DatasetSplit, List<PackageDescription>> splits, int read, int packages,
      int filteredOut, int duplicateDescriptions) {

    /** Pairs in {@code split}. */
    public int count(DatasetSplit split) {
      return splits.get(split).size();
    }

    /** Writes {@code train.jsonl}, {@code validation.jsonl} and {@code test.jsonl} under {@code dir}. */
    public void writeTo(Path dir) {
      try {
        Files.createDirectories(dir);
        for (Map.Entry<DatasetSplit, List<PackageDescription>> e : splits.entrySet()) {
          write(dir.resolve(e.getKey().fileName()), e.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the splits under " + dir + ": " + e.getMessage(), e);
      }
    }

    private static void write(Path file, List<PackageDescription> pairs) throws IOException {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (PackageDescription p : pairs) {
          ObjectNode o = JSON.createObjectNode();
          o.put("package", p.packageName());
          o.put("description", p.description());
          o.put("synopsis", p.synopsis());
          w.write(JSON.writeValueAsString(o));
          w.write('\n');
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Filters, deduplicates and splits {@code descriptions}; each split is sorted by package name. */
  public Result split(Collection<PackageDescription> descriptions) {
    Map<String, PackageDescription> byPackage = new HashMap<>();
    for (PackageDescription d : descriptions) {
      byPackage.merge(d.packageName(), d, (a, b) -> a.md5().compareTo(b.md5()) <= 0 ? a : b);
    }
    Map<String, PackageDescription> byDescription = new HashMap<>();
    int filteredOut = 0;
    for (PackageDescription d : byPackage.values()) {
      if (!filter.accepts(d)) {
        filteredOut++;
        continue;
      }
      byDescription.merge(d.description(), d,
          (a, b) -> a.packageName().compareTo(b.packageName()) <= 0 ? a : b);
    }
    int duplicates = byPackage.size() - filteredOut - byDescription.size();
    Map<DatasetSplit, List<PackageDescription>> splits = new EnumMap<>(DatasetSplit.class);
    for (DatasetSplit s : DatasetSplit.values()) {
      splits.put(s, new ArrayList<>());
    }
    for (PackageDescription d : byDescription.values()) {
      splits.get(DatasetSplit.of(d.packageName(), validationFraction, testFraction)).add(d);
    }
    splits.values().forEach(l -> l.sort(Comparator.comparing(PackageDescription::packageName)));
    return new Result(splits, descriptions.size(), byPackage.size(), filteredOut, duplicates);
  }
}

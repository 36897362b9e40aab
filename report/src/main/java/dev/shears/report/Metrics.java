package dev.shears.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The quality metrics' order and names, and which one is the primary ("quality") metric of a report: the one used
 * for retention, the Pareto front, the claim and the figures.
 *
 * <p>One primary metric per task metric: ROUGE-L for summarisation ({@code task.metric: rouge}; the NASH paper's
 * Table 1 compares summarisers on ROUGE-L), F1 for extractive QA ({@code squad}: exact match is coarser), accuracy
 * for classification, METEOR when it is the only metric. It is the first of {@link #ORDER} that the results carry,
 * unless a report names another.
 */
public final class Metrics {

  /** Preferred primary metrics, in order; also the order of the metric columns. */
  public static final List<String> ORDER = List.of("rougeL", "f1", "accuracy", "meteor", "exactMatch", "rouge1",
      "rouge2", "rougeLsum");

  private Metrics() {}

  /** The primary metric of results that carry {@code available}; "" when there are none. */
  public static String primary(Collection<String> available) {
    return ORDER.stream().filter(available::contains).findFirst()
        .orElse(available.stream().sorted().findFirst().orElse(""));
  }

  /** {@code available} in column order: {@link #ORDER} first, then the rest alphabetically. */
  public static List<String> columns(Collection<String> available) {
    Set<String> all = new LinkedHashSet<>(available);
    List<String> ordered = new ArrayList<>();
    for (String m : ORDER) {
      if (all.remove(m)) {
        ordered.add(m);
      }
    }
    all.stream().sorted().forEach(ordered::add);
    return ordered;
  }

  /** How tables and figures name a metric: ROUGE-L, METEOR, EM, … */
  public static String displayName(String metric) {
    return switch (metric) {
      case "rouge1" -> "ROUGE-1";
      case "rouge2" -> "ROUGE-2";
      case "rougeL" -> "ROUGE-L";
      case "rougeLsum" -> "ROUGE-Lsum";
      case "meteor" -> "METEOR";
      case "exactMatch" -> "EM";
      case "f1" -> "F1";
      case "accuracy" -> "Acc";
      default -> metric;
    };
  }
}

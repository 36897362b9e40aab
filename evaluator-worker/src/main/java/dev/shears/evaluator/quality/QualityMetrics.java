package dev.shears.evaluator.quality;

import dev.shears.model.rouge.ExampleScores;
import dev.shears.evaluator.metrics.Meteor;
import dev.shears.model.rouge.Prf;
import dev.shears.model.rouge.RougeScorer;
import dev.shears.model.rouge.RougeType;
import dev.shears.evaluator.metrics.SquadMetrics;
import dev.shears.evaluator.metrics.WordNetSynonyms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scores predictions against examples' targets with the metrics an experiment asks for: {@code rouge}
 * (rouge1, rouge2, rougeL, rougeLsum), {@code meteor}, {@code squad} (exactMatch, f1) and {@code accuracy}.
 * With several targets, ROUGE uses the first (as rouge_score takes one target), METEOR, EM and F1 the best.
 * WordNet is loaded once, on first use of METEOR.
 */
public final class QualityMetrics {

  /** Metric families that can be requested. */
  public static final Set<String> FAMILIES = Set.of("rouge", "meteor", "squad", "accuracy");

  private final List<String> families;
  private final RougeScorer rouge;
  private final Supplier<WordNetSynonyms> wordNet;
  private final SquadMetrics squad = new SquadMetrics();
  private Meteor meteor;

  /**
   * Metrics.
   *
   * @param families  the families to compute, e.g. {@code [rouge, meteor]}
   * @param stem      Porter stemming for ROUGE
   * @param wordNet   WordNet for METEOR's synonym module (called once, when first needed)
   */
  public QualityMetrics(List<String> families, boolean stem, Supplier<WordNetSynonyms> wordNet) {
    for (String f : families) {
      if (!FAMILIES.contains(f)) {
        throw new IllegalArgumentException("Invalid metric '" + f + "': expected one of " + FAMILIES);
      }
    }
    this.families = List.copyOf(families);
    this.rouge = new RougeScorer(RougeType.STANDARD, stem);
    this.wordNet = wordNet;
  }

  /** The families computed. */
  public List<String> families() {
    return families;
  }

  /** Per-example scores of every requested metric. */
  public synchronized ExampleScores score(List<EvalExample> examples, List<String> predictions) {
    if (examples.size() != predictions.size()) {
      throw new IllegalArgumentException(predictions.size() + " predictions for " + examples.size() + " examples");
    }
    int n = examples.size();
    Map<String, double[]> out = new LinkedHashMap<>();
    if (families.contains("rouge")) {
      List<String> refs = examples.stream().map(e -> e.targets().get(0)).toList();
      List<Map<RougeType, Prf>> all = rouge.scoreAll(refs, predictions);
      for (RougeType t : RougeType.STANDARD) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = all.get(i).get(t).fmeasure();
        }
        out.put(t.name(), v);
      }
    }
    if (families.contains("meteor")) {
      if (meteor == null) {
        meteor = new Meteor(wordNet.get());
      }
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        List<List<String>> refs = new ArrayList<>();
        examples.get(i).targets().forEach(t -> refs.add(Meteor.tokenize(t)));
        v[i] = meteor.scoreMax(refs, Meteor.tokenize(predictions.get(i)));
      }
      out.put("meteor", v);
    }
    if (families.contains("squad")) {
      double[] em = new double[n];
      double[] f1 = new double[n];
      for (int i = 0; i < n; i++) {
        em[i] = squad.exactMatch(predictions.get(i), examples.get(i).targets());
        f1[i] = squad.f1(predictions.get(i), examples.get(i).targets());
      }
      out.put("exactMatch", em);
      out.put("f1", f1);
    }
    if (families.contains("accuracy")) {
      double[] acc = new double[n];
      for (int i = 0; i < n; i++) {
        String p = predictions.get(i);
        acc[i] = examples.get(i).targets().stream().anyMatch(t -> SquadMetrics.accuracy(p, t) == 1.0) ? 1.0 : 0.0;
      }
      out.put("accuracy", acc);
    }
    return new ExampleScores(out);
  }

  /** Parses a comma-separated family list, e.g. {@code rouge,meteor}. */
  public static List<String> parseFamilies(String csv) {
    return List.of(csv.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
  }
}

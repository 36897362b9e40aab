package dev.shears.model;

import java.util.Locale;

/**
 * What an export's {@code README.md} (a Hugging Face model card) says beyond the model itself.
 *
 * @param title the card's heading, e.g. the trial id
 * @param baseModel the teacher it was pruned from (a path or hub id), or null
 * @param license the teacher's license when known, or null
 * @param method one line: the pruning method and its main settings
 * @param spec the experiment spec (or trial parameters) as text, or null
 * @param teacherParameters the teacher's parameter count, or 0 when unknown
 * @param evaluation measured quality and speed, or null when the model has not been evaluated
 */
public record ModelCard(
    String title, String baseModel, String license, String method, String spec, long teacherParameters,
    Evaluation evaluation) {
  private static final String EVALUATION_HEADING = "## Evaluation\n\n";

  /** A card for a model with no pruning history recorded (a teacher or any checkpoint). */
  public static ModelCard plain(String title, String baseModel) {
    return new ModelCard(title, baseModel, null, "none (exported as trained)", null, 0, null);
  }

  /**
   * Measured quality and speed against the teacher. NaN bounds mean no interval was computed.
   *
   * @param metric the primary metric's name, e.g. rougeL
   * @param score the model's score
   * @param teacherScore the teacher's score on the same data
   * @param retainedLow lower bound of the 95% CI of score / teacherScore
   * @param retainedHigh upper bound of that interval
   * @param speedup measured generation speed-up over the teacher
   * @param speedupLow lower bound of the speed-up's 95% CI
   * @param speedupHigh upper bound of that interval
   * @param how how it was measured (data, decoding, timing), one line
   */
  public record Evaluation(
      String metric, double score, double teacherScore, double retainedLow, double retainedHigh,
      double speedup, double speedupLow, double speedupHigh, String how) {

    /** The quality retained: score / teacherScore. */
    public double retained() {
      return score / teacherScore;
    }
  }

  /** The README.md text for {@code model}. */
  public String render(T5Model model, GenerationConfig generation) {
    T5Config c = model.config();
    PruningInfo p = model.layout();
    StringBuilder s = new StringBuilder();
    s.append("---\n");
    s.append("library_name: transformers\n");
    s.append("pipeline_tag: text2text-generation\n");
    s.append("tags:\n  - t5\n  - shears\n  - structured-pruning\n");
    if (baseModel != null) {
      s.append("base_model: ").append(yaml(baseModel)).append('\n');
    }
    if (license != null) {
      s.append("license: ").append(yaml(license)).append('\n');
    }
    s.append("---\n\n");
    s.append("# ").append(title).append("\n\n");
    s.append("A T5 ").append(c.gated() ? "v1.1 (gated " + c.activation() + ")" : "v1.0 (" + c.activation() + ")")
        .append(" encoder-decoder written by Shears").append(baseModel == null ? "" : ", pruned from `" + baseModel + "`")
        .append(".\n\n");
    s.append("## Method\n\n").append(method).append("\n\n");
    if (spec != null && !spec.isBlank()) {
      s.append("```yaml\n").append(spec.strip()).append("\n```\n\n");
    }
    s.append("## Parameters\n\n");
    s.append(String.format(Locale.ROOT, "%,d parameters", model.numParameters()));
    if (teacherParameters > 0) {
      s.append(String.format(Locale.ROOT, " (teacher %,d: %.1f %% kept)", teacherParameters,
          100.0 * model.numParameters() / teacherParameters));
    }
    s.append(", embeddings ").append(c.tieWordEmbeddings() ? "tied to the LM head" : "separate from the LM head")
        .append(".\n\n");
    s.append("## Kept structure\n\n");
    s.append(String.format(Locale.ROOT, "d_model %d, %d heads of %d, d_ff %d in the teacher. "
        + "Heads are the teacher's head indices; 0 means the sublayer was removed.%n%n",
        c.dModel(), c.numHeads(), c.dKv(), c.dFf()));
    s.append("| stack | layer | teacher layer | self-attention heads | cross-attention heads | FFN dims |\n");
    s.append("|---|---:|---:|---|---|---:|\n");
    for (int l = 0; l < c.numLayers(); l++) {
      s.append("| encoder | ").append(l).append(" | ").append(l).append(" | ").append(heads(p.encoderHeads()[l], c))
          .append(" | — | ").append(p.encoderFfnDims()[l].length).append(" |\n");
    }
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      s.append("| decoder | ").append(l).append(" | ").append(p.decoderLayerMap()[l]).append(" | ")
          .append(heads(p.decoderSelfHeads()[l], c)).append(" | ").append(heads(p.decoderCrossHeads()[l], c))
          .append(" | ").append(p.decoderFfnDims()[l].length).append(" |\n");
    }
    s.append('\n');
    s.append(evaluationSection(evaluation));
    s.append("## Use in transformers\n\n");
    s.append("```python\n");
    s.append("from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\n");
    String remote = HfConfigJson.loadsAsStockT5(c, p) ? "" : ", trust_remote_code=True";
    s.append("tokenizer = AutoTokenizer.from_pretrained(path").append(remote).append(")\n");
    s.append("model = AutoModelForSeq2SeqLM.from_pretrained(path").append(remote).append(")\n");
    s.append("inputs = tokenizer([\"some text\"], return_tensors=\"pt\")\n");
    s.append("print(tokenizer.batch_decode(model.generate(**inputs), skip_special_tokens=True))\n");
    s.append("```\n\n");
    s.append(String.format(Locale.ROOT, "`generation_config.json` holds the decoding used in evaluation: %s, at most "
        + "%d new tokens.", generation.numBeams() == 1 ? "greedy search" : generation.numBeams() + " beams",
        generation.maxNewTokens()));
    if (!HfConfigJson.loadsAsStockT5(c, p)) {
      s.append(" Layers have their own widths, so the directory ships `modeling_shears_t5.py` (HF's T5 with resized"
          + " layers) and loads with `trust_remote_code=True` (AutoTokenizer reads config.json too, hence the flag there).");
    }
    s.append(" `pruning.json` records the kept FFN dimensions' teacher indices.\n");
    return s.toString();
  }

  /**
   * {@code card} (a README.md this class rendered) with its evaluation section replaced by {@code evaluation}'s.
   *
   * @throws IllegalArgumentException when {@code card} has no evaluation section
   */
  public static String withEvaluation(String card, Evaluation evaluation) {
    int start = card.indexOf("\n" + EVALUATION_HEADING) + 1;
    if (start == 0) {
      throw new IllegalArgumentException("The model card has no '" + EVALUATION_HEADING.strip() + "' section");
    }
    int end = card.indexOf("\n## ", start + EVALUATION_HEADING.length());
    return card.substring(0, start) + evaluationSection(evaluation) + (end < 0 ? "" : card.substring(end + 1));
  }

  private static String evaluationSection(Evaluation e) {
    StringBuilder s = new StringBuilder(EVALUATION_HEADING);
    if (e == null) {
      return s.append("Not evaluated when this directory was written.\n\n").toString();
    }
    s.append("| metric | model (× 100) | teacher (× 100) | quality retained (95% CI) | measured speed-up (95% CI) |\n");
    s.append("|---|---:|---:|---:|---:|\n");
    String retained = Double.isFinite(e.retained())
        ? String.format(Locale.ROOT, "%.1f %%", 100 * e.retained())
            + interval(100 * e.retainedLow(), 100 * e.retainedHigh(), "%.1f–%.1f %%")
        : "— (the teacher scores 0)";
    s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s | %.2f×%s |%n%n", e.metric(),
        100 * e.score(), 100 * e.teacherScore(), retained, e.speedup(),
        interval(e.speedupLow(), e.speedupHigh(), "%.2f–%.2f×")));
    if (e.how() != null) {
      s.append(e.how()).append("\n\n");
    }
    return s.toString();
  }

  private static String heads(int[] h, T5Config c) {
    if (h.length == c.numHeads()) {
      return "all " + h.length;
    }
    if (h.length == 0) {
      return "0";
    }
    StringBuilder s = new StringBuilder().append(h.length).append(" (");
    for (int i = 0; i < h.length; i++) {
      s.append(i == 0 ? "" : ",").append(h[i]);
    }
    return s.append(')').toString();
  }

  private static String interval(double low, double high, String format) {
    return !Double.isFinite(low) || !Double.isFinite(high) ? "" : " (" + String.format(Locale.ROOT, format, low, high) + ")";
  }

  private static String yaml(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

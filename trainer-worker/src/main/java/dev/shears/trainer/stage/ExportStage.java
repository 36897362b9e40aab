package dev.shears.trainer.stage;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.model.GenerationConfig;
import dev.shears.model.HfExport;
import dev.shears.model.ModelCard;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Model;
import dev.shears.spec.EvalSpec;
import dev.shears.spec.SpecWriter;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.spec.TrialSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 5 (DESIGN §4): writes the physically pruned student (the best validation model of finetune-pruned) as a
 * directory stock Hugging Face transformers loads ({@link HfExport}: config, weights, {@code pruning.json}, tokenizer,
 * generation config, model card) at {@code <trial>/export}, and announces it with
 * {@code CheckpointWritten(kind=EXPORT, teacherUri)} for the evaluators.
 */
public final class ExportStage implements Stage {
  @Override
  public String name() {
    return StageNames.EXPORT;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialState state = ctx.state();
    T5Model model = state.bestUri != null
        ? T5Model.load(CheckpointStore.pathOf(state.bestUri), ctx.manager())
        : state.student;
    try {
      ModelCard card = card(ctx.spec(), ctx.teacher().numParameters());
      CheckpointStore.Written export = ctx.store().write(ctx.spec().trialId(), "export",
          dir -> HfExport.write(model, dir, ctx.spec().teacherModel(), evaluationDecoding(ctx.spec()), card));
      state.exportUri = export.uri();
      ctx.sink().checkpoint(new CheckpointWritten(name(), state.globalStep, CheckpointKind.EXPORT, export.uri(),
          export.sha256(), export.bytes(), state.teacherUri));
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("encoderSparsity", measuredEncoderSparsity(model, ctx.teacher().config()));
      metrics.put("modelSparsity", measuredModelSparsity(model, ctx.teacher().config()));
      metrics.put("decoderLayers", (double) model.config().numDecoderLayers());
      metrics.put("params", (double) model.numParameters());
      metrics.put("teacherParams", (double) ctx.teacher().numParameters());
      metrics.putAll(KeptStructure.of(model.layout(), ctx.teacher().config()));
      return metrics;
    } finally {
      if (model != state.student) {
        model.close();
      }
    }
  }

  /**
   * The decoding the evaluator uses for this trial ({@code eval.beam}, {@code eval.maxNewTokens}; HF's length
   * penalty and early stopping), so that {@code generate()} in transformers decodes as the evaluation did.
   */
  static GenerationConfig evaluationDecoding(TrialSpec spec) {
    EvalSpec eval = spec.experiment().eval();
    return GenerationConfig.beam(eval.beam(), eval.maxNewTokens());
  }

  /** The card's method section: the method's title and summary, and the trial's resolved spec as YAML. */
  static ModelCard card(TrialSpec spec, long teacherParameters) {
    String method = String.format(Locale.ROOT, "`%s`, %s (Shears trial %s of experiment %s): %s.",
        spec.methodName(), spec.method().description(), spec.trialId(), spec.experimentId(),
        spec.method().method().summary());
    return new ModelCard(spec.trialId(), spec.teacherModel(), null, method, SpecWriter.yaml(spec.source()),
        teacherParameters, null);
  }

  /** The encoder sparsity of a pruned model, counted from its kept heads and FFN dimensions. */
  public static double measuredEncoderSparsity(T5Model model) {
    return measuredEncoderSparsity(model, model.config());
  }

  /**
   * The encoder sparsity of {@code model} against the encoder of {@code reference} (the teacher): kept heads and FFN
   * dimensions per layer, each weighted by its parameters in the reference (same d_model and d_kv).
   */
  public static double measuredEncoderSparsity(T5Model model, dev.shears.model.T5Config reference) {
    PruningInfo layout = model.layout();
    int layers = model.config().numLayers();
    int[] heads = new int[layers];
    int[] ffn = new int[layers];
    for (int l = 0; l < layers; l++) {
      heads[l] = layout.encoderHeads()[l].length;
      ffn[l] = layout.encoderFfnDims()[l].length;
    }
    return PruneEncoderStage.sparsityOf(reference).measured(heads, ffn);
  }

  /**
   * The sparsity of {@code model} over the prunable parameters of the whole {@code reference} (the teacher): kept
   * encoder heads and FFN dimensions plus kept decoder self- and cross-attention heads and FFN dimensions, against
   * M = M_enc + M_dec; decoder layers the model no longer has count as empty (the measure of cofi's target).
   */
  public static double measuredModelSparsity(T5Model model, dev.shears.model.T5Config reference) {
    PruningInfo layout = model.layout();
    long head = 4L * reference.dModel() * reference.dKv();
    long ffnDim = (reference.gated() ? 3L : 2L) * reference.dModel();
    long perLayer = head * reference.numHeads() + ffnDim * reference.dFf();
    long total = perLayer * reference.numLayers()
        + (perLayer + head * reference.numHeads()) * reference.numDecoderLayers();
    long kept = 0;
    for (int l = 0; l < layout.encoderHeads().length; l++) {
      kept += layout.encoderHeads()[l].length * head + layout.encoderFfnDims()[l].length * ffnDim;
    }
    for (int k = 0; k < layout.decoderSelfHeads().length; k++) {
      kept += (layout.decoderSelfHeads()[k].length + layout.decoderCrossHeads()[k].length) * head
          + layout.decoderFfnDims()[k].length * ffnDim;
    }
    return 1 - (double) kept / total;
  }
}

package dev.shears.trainer.stage;

import dev.shears.events.ValidationEvent;
import dev.shears.model.T5Model;
import dev.shears.model.T5Tokenizer;
import dev.shears.spec.TeacherSpec;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.validation.Plateau;
import dev.shears.trainer.validation.ValidationCurve;
import dev.shears.trainer.validation.ValidationRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Periodic validation of teacher fine-tuning ({@code teacher.finetune.validateEvery}): every N steps the validation
 * loss and ROUGE-L of greedy generation ({@link ValidationRun}), streamed as a {@link ValidationEvent} of stage
 * finetune-teacher; the best model by ROUGE-L kept as {@code <trial>/teacher-best}; the {@link Plateau} rule that ends
 * training; and the curve, kept as {@code <trial>/teacher-curve} after every validation so a resumed attempt
 * continues it (points past the resumed step are dropped: training replays them exactly).
 */
final class TeacherValidation implements AutoCloseable {
  static final String BEST = "teacher-best";
  static final String CURVE = "teacher-curve";

  private final TrialContext ctx;
  private final String stage;
  private final TeacherSpec.Validation settings;
  private final ValidationRun run;
  private final T5Tokenizer tokenizer;
  private final Plateau plateau;
  private final ValidationCurve curve;
  private final double wallOffset;
  /** The point whose model is kept as {@link #BEST}: the last improvement under the plateau rule. */
  private ValidationCurve.Point kept;
  private final long startNanos = System.nanoTime();
  private double lossSum;
  private int lossCount;

  private TeacherValidation(TrialContext ctx, String stage, T5Tokenizer tokenizer, ValidationCurve curve) {
    this.ctx = ctx;
    this.stage = stage;
    this.settings = ctx.spec().teacherValidation();
    this.tokenizer = tokenizer;
    this.run = ValidationRun.withRouge(ctx.data(), tokenizer::decode, ctx.spec().trainer().maxTargetLength());
    this.plateau = new Plateau(settings.patience(), settings.minDelta());
    this.curve = new ValidationCurve();
    for (ValidationCurve.Point p : curve.points()) {
      if (p.step() <= ctx.state().stageStep) {
        this.curve.add(p);
        if (plateau.observe(p.rougeL())) {
          kept = p;
        }
      }
    }
    var points = this.curve.points();
    this.wallOffset = points.isEmpty() ? 0 : points.get(points.size() - 1).wallSeconds();
  }

  /** Opens the validation of a fresh stage, or of a resumed one with the curve it had recorded. */
  static TeacherValidation open(TrialContext ctx, String stage) {
    ValidationCurve curve = ctx.store().find(ctx.spec().trialId(), CURVE)
        .map(w -> ValidationCurve.read(w.dir())).orElseGet(ValidationCurve::new);
    return new TeacherValidation(ctx, stage, T5Tokenizer.forModel(ctx.spec().teacherModel()), curve);
  }

  /** Adds one training step's loss to the mean reported at the next validation. */
  void trained(float loss) {
    lossSum += loss;
    lossCount++;
  }

  /** Whether a validation is due after {@code stageStep} of {@code steps} steps (every N, and at the last). */
  boolean due(long stageStep, int steps) {
    return stageStep % settings.every() == 0 || stageStep == steps;
  }

  /** Whether the plateau rule ended training. */
  boolean stalled() {
    return plateau.stalled();
  }

  /** Validates {@code model}, records and streams the point, and keeps the model when it is the best so far. */
  void validate(T5Model model, long stageStep) {
    ValidationRun.Result r = run.run(model, ctx.manager());
    double seconds = wallOffset + (System.nanoTime() - startNanos) / 1e9;
    ValidationCurve.Point point = new ValidationCurve.Point(stageStep,
        lossCount == 0 ? Double.NaN : lossSum / lossCount, r.loss(), r.rougeL(), seconds);
    curve.add(point);
    lossSum = 0;
    lossCount = 0;
    if (plateau.observe(r.rougeL())) {
      kept = point;
      ctx.store().write(ctx.spec().trialId(), BEST, dir -> {
        model.save(dir);
        FinetuneTeacherStage.copyTokenizer(ctx.spec().teacherModel(), dir);
      });
    }
    ctx.store().write(ctx.spec().trialId(), CURVE, curve::write);
    ctx.sink().trial(new ValidationEvent(stageStep, stage, r.loss(), r.rougeL()));
    ctx.sink().flush();
  }

  /**
   * The model to publish: the best validated one under the plateau rule (a result counts as better only by
   * {@code minDelta}), loaded from {@code <trial>/teacher-best} with {@code trained} closed, or {@code trained} when
   * it is that one or none was kept.
   */
  T5Model keepBest(T5Model trained) {
    var points = curve.points();
    Optional<CheckpointStore.Written> best = ctx.store().find(ctx.spec().trialId(), BEST);
    if (kept == null || best.isEmpty() || kept == points.get(points.size() - 1)) {
      return trained;
    }
    T5Model loaded = T5Model.load(best.get().dir(), ctx.manager());
    trained.close();
    return loaded;
  }

  /** Closes the tokenizer that validation decodes with; the curve and metrics stay readable. */
  @Override
  public void close() {
    tokenizer.close();
  }

  /** Writes the curve beside a published teacher. */
  void writeCurve(Path dir) {
    curve.write(dir);
  }

  /**
   * The stage metrics of the validation: the kept model's step, ROUGE-L and loss, validations, whether the plateau
   * ended training.
   */
  Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (kept != null) {
      out.put("bestStep", (double) kept.step());
      out.put("bestRougeL", kept.rougeL());
      out.put("bestValidationLoss", kept.validationLoss());
    }
    out.put("validations", (double) curve.points().size());
    out.put("stoppedOnPlateau", plateau.stalled() ? 1.0 : 0.0);
    return out;
  }
}

package dev.shears.launcher.model;

import dev.shears.launcher.UserInputException;
import dev.shears.launcher.plot.PngChart;
import dev.shears.trainer.validation.ValidationCurve;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shears model curve DIR}: draws the validation curve a fine-tuned teacher keeps beside its weights
 * ({@code curve.json}, written with {@code teacher.finetune.validateEvery}) as two PNGs: ROUGE-L and the losses, per
 * training step.
 */
@Command(name = "curve", mixinStandardHelpOptions = true,
    description = "Draw a teacher's validation curve (curve.json beside its weights) as PNG figures.")
public final class ModelCurveCommand implements Callable<Integer> {
  /** The ROUGE-L figure's file name. */
  public static final String ROUGE_PNG = "curve-rouge.png";
  /** The loss figure's file name. */
  public static final String LOSS_PNG = "curve-loss.png";

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A teacher directory holding curve.json.")
  private Path dir;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the figures (default: DIR).")
  private Path out;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(dir.resolve(ValidationCurve.JSON_FILE))) {
      throw new UserInputException("DIR: " + dir.toAbsolutePath() + " holds no " + ValidationCurve.JSON_FILE
          + "; a teacher fine-tuned with teacher.finetune.validateEvery writes one");
    }
    ValidationCurve curve = ValidationCurve.read(dir);
    Path target = out == null ? dir : out;
    Files.createDirectories(target);
    rouge(curve).write(target.resolve(ROUGE_PNG));
    loss(curve).write(target.resolve(LOSS_PNG));
    PrintWriter w = spec.commandLine().getOut();
    ValidationCurve.Point best = curve.best();
    List<ValidationCurve.Point> points = curve.points();
    ValidationCurve.Point last = points.get(points.size() - 1);
    w.printf(Locale.ROOT, "validations %d, last at step %d after %.1f min; highest ROUGE-L %.2f (F1 × 100) at step %d "
        + "(validation loss %.4f)%n", points.size(), last.step(), last.wallSeconds() / 60, 100 * best.rougeL(),
        best.step(), best.validationLoss());
    w.printf("wrote %s and %s%n", target.resolve(ROUGE_PNG), target.resolve(LOSS_PNG));
    return 0;
  }

  static PngChart rouge(ValidationCurve curve) {
    List<PngChart.Point> points = new ArrayList<>();
    ValidationCurve.Point best = curve.best();
    for (ValidationCurve.Point p : curve.points()) {
      points.add(new PngChart.Point(p.step(), 100 * p.rougeL(), p == best
          ? String.format(Locale.ROOT, "highest %.1f", 100 * p.rougeL()) : null));
    }
    return new PngChart("Teacher: validation ROUGE-L of greedy generation", "training step",
        "ROUGE-L F1 (×100)").add(new PngChart.Series("validation ROUGE-L", points, true));
  }

  static PngChart loss(ValidationCurve curve) {
    List<PngChart.Point> train = new ArrayList<>();
    List<PngChart.Point> validation = new ArrayList<>();
    for (ValidationCurve.Point p : curve.points()) {
      if (Double.isFinite(p.trainLoss())) {
        train.add(new PngChart.Point(p.step(), p.trainLoss(), null));
      }
      validation.add(new PngChart.Point(p.step(), p.validationLoss(), null));
    }
    PngChart chart = new PngChart("Teacher: label cross-entropy", "training step", "cross-entropy (nats/token)");
    if (!train.isEmpty()) {
      chart.add(new PngChart.Series("training (mean)", train, true));
    }
    return chart.add(new PngChart.Series("validation", validation, true));
  }
}

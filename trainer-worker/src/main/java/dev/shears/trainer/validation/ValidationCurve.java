package dev.shears.trainer.validation;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training run's validation curve: one {@link Point} per validation, written as {@code curve.json} (read back when a
 * trial resumes) and {@code curve.csv} (for plots and spreadsheets), each replaced atomically.
 */
public final class ValidationCurve {
  /** The JSON file name. */
  public static final String JSON_FILE = "curve.json";
  /** The CSV file name. */
  public static final String CSV_FILE = "curve.csv";
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /**
   * One validation.
   *
   * @param step training steps done when it ran
   * @param trainLoss mean training loss over the steps since the previous validation (NaN when none ran)
   * @param validationLoss mean label cross-entropy on the validation subset
   * @param rougeL ROUGE-L F1 of greedy generation on the same subset
   * @param wallSeconds seconds of training and validation since the stage started (summed over attempts)
   */
  public record Point(long step, double trainLoss, double validationLoss, double rougeL, double wallSeconds) {}

  private final List<Point> points = new ArrayList<>();

  /** Appends a point. */
  public void add(Point p) {
    points.add(p);
  }

  /** The points in order. */
  public List<Point> points() {
    return List.copyOf(points);
  }

  /**
   * The point with the highest ROUGE-L (the first of equals), or null when empty. Not always the model a plateau
   * rule keeps: there a result must beat the best by {@code minDelta}.
   */
  public Point best() {
    Point best = null;
    for (Point p : points) {
      if (best == null || p.rougeL() > best.rougeL()) {
        best = p;
      }
    }
    return best;
  }

  /** Writes {@code curve.json} and {@code curve.csv} into {@code dir}. */
  public void write(Path dir) {
    StringBuilder csv = new StringBuilder("step,train_loss,validation_loss,rouge_l,wall_seconds\n");
    for (Point p : points) {
      csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.1f%n", p.step(), p.trainLoss(), p.validationLoss(),
          p.rougeL(), p.wallSeconds()));
    }
    try {
      Files.createDirectories(dir);
      replace(dir.resolve(JSON_FILE), JSON.writeValueAsString(points));
      replace(dir.resolve(CSV_FILE), csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the validation curve to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The curve in {@code dir}'s {@code curve.json}, or an empty curve when there is none. */
  public static ValidationCurve read(Path dir) {
    ValidationCurve curve = new ValidationCurve();
    Path file = dir.resolve(JSON_FILE);
    if (!Files.isRegularFile(file)) {
      return curve;
    }
    try {
      curve.points.addAll(JSON.readValue(file.toFile(), new TypeReference<List<Point>>() {}));
      return curve;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the validation curve " + file + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

package dev.shears.dashboard.history;

import dev.shears.events.CurveSummary;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.ValidationEvent;
import dev.shears.spec.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bounded telemetry history of one trial: loss components, Lagrangian multipliers, expected vs target
 * sparsity, validation results (the student's at the early-stopping rungs, x the student step; the teacher's while
 * it is fine-tuned, x its stage step, apart), and the encoder's expected head gates (one column per layer × head) and
 * kept FFN dimensions.
 * Thread-safe: the ingest thread appends while HTTP handlers read.
 */
public final class TrialHistory {
  /** Loss components of {@link LossEvent}, in column order. */
  public static final List<String> LOSS_COLUMNS =
      List.of("total", "kd", "encHidden", "decHidden", "ce", "lagrangian", "lr");
  /** Columns of the Lagrangian table. */
  public static final List<String> LAGRANGIAN_COLUMNS = List.of("lambda1", "lambda2", "expectedSparsity", "target");
  /** Columns of the sparsity table, from {@link MaskEvent}s. */
  public static final List<String> SPARSITY_COLUMNS = List.of("expectedSparsity", "target", "overallSparsity");
  /** Columns of the validation table, from {@link ValidationEvent}s; rougeL is NaN where it was not measured. */
  public static final List<String> VALIDATION_COLUMNS = List.of("validationLoss", "rougeL");

  private final int capacity;
  private final int maskCapacity;
  private SeriesTable loss;
  private SeriesTable lagrangian;
  private SeriesTable sparsity;
  private SeriesTable validation;
  private SeriesTable teacherValidation;
  private boolean evicted;
  private SeriesTable heads;
  private SeriesTable ffn;
  private int layers;
  private int headsPerLayer;
  private long rejectedMasks;

  /**
   * @param capacity rows kept per scalar table (loss, Lagrangian, sparsity)
   * @param maskCapacity rows kept for the head-gate and FFN tables, which are wide
   */
  public TrialHistory(int capacity, int maskCapacity) {
    this.capacity = capacity;
    this.maskCapacity = maskCapacity;
    this.loss = new SeriesTable(LOSS_COLUMNS, capacity);
    this.lagrangian = new SeriesTable(LAGRANGIAN_COLUMNS, capacity);
    this.sparsity = new SeriesTable(SPARSITY_COLUMNS, capacity);
    this.validation = new SeriesTable(VALIDATION_COLUMNS, capacity);
    this.teacherValidation = new SeriesTable(VALIDATION_COLUMNS, capacity);
  }

  /** Names of the series a client may ask for. */
  public static List<String> seriesNames() {
    return List.of("loss", "lagrangian", "sparsity", "validation", "teacherValidation", "heads", "ffn");
  }

  /**
   * The series a validation result belongs to: the teacher's fine-tuning curve counts its own steps, which would
   * overlap (and, out of order, truncate) the student's rungs.
   */
  public static String validationSeries(ValidationEvent e) {
    return Stages.FINETUNE_TEACHER.equals(e.stage()) ? "teacherValidation" : "validation";
  }

  /** Appends a loss row. */
  public synchronized void add(LossEvent e) {
    loss.append(e.step(), e.total(), e.kd(), e.encHidden(), e.decHidden(), e.ce(), e.lagrangian(), e.lr());
  }

  /** Appends a Lagrangian row. */
  public synchronized void add(LagrangianEvent e) {
    lagrangian.append(e.step(), e.lambda1(), e.lambda2(), e.expectedSparsity(), e.target());
  }

  /** Appends a validation row at the event's step, to {@link #validationSeries}'s table. */
  public synchronized void add(ValidationEvent e) {
    table(validationSeries(e)).append(e.step(), e.validationLoss(), e.rougeL() == null ? Double.NaN : e.rougeL());
  }

  /**
   * Appends the sparsity row and the gate rows of a mask event.
   *
   * @return false when its head-gate shape differs from the first mask event of the trial (the gate rows are
   *     then skipped; the sparsity row is kept)
   */
  public synchronized boolean add(MaskEvent e) {
    double overall = e.overallSparsity() == null ? Double.NaN : e.overallSparsity();
    sparsity.append(e.step(), e.expectedSparsity(), e.target(), overall);
    int l = e.headZ().size();
    int h = l == 0 ? 0 : e.headZ().get(0).size();
    if (l == 0 || h == 0) {
      return true;
    }
    if (heads == null) {
      layers = l;
      headsPerLayer = h;
      heads = new SeriesTable(headColumns(l, h), maskCapacity);
      ffn = new SeriesTable(layerColumns(l), maskCapacity);
    }
    if (l != layers || e.headZ().stream().anyMatch(row -> row.size() != headsPerLayer)
        || (!e.ffnKept().isEmpty() && e.ffnKept().size() != layers)) {
      rejectedMasks++;
      return false;
    }
    double[] z = new double[l * h];
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < h; j++) {
        Double v = e.headZ().get(i).get(j);
        z[i * h + j] = v == null ? Double.NaN : v;
      }
    }
    heads.append(e.step(), z);
    if (!e.ffnKept().isEmpty()) {
      double[] kept = new double[l];
      for (int i = 0; i < l; i++) {
        Double v = e.ffnKept().get(i);
        kept[i] = v == null ? Double.NaN : v;
      }
      ffn.append(e.step(), kept);
    }
    return true;
  }

  /**
   * Drops every row to free memory (the dashboard keeps the histories of a bounded number of trials); later
   * events start a new history and {@link #evicted()} stays true.
   */
  public synchronized void evict() {
    clear();
    evicted = true;
  }

  /** Drops every row: the trial starts over (a user's retry), and its new attempt's events start a new history. */
  public synchronized void clear() {
    loss = new SeriesTable(LOSS_COLUMNS, capacity);
    lagrangian = new SeriesTable(LAGRANGIAN_COLUMNS, capacity);
    sparsity = new SeriesTable(SPARSITY_COLUMNS, capacity);
    validation = new SeriesTable(VALIDATION_COLUMNS, capacity);
    teacherValidation = new SeriesTable(VALIDATION_COLUMNS, capacity);
    heads = null;
    ffn = null;
    layers = 0;
    headsPerLayer = 0;
  }

  /** True once older rows were dropped by {@link #evict()}. */
  public synchronized boolean evicted() {
    return evicted;
  }

  /** Encoder layers and heads per layer of the gate heatmap; zeros before the first mask event. */
  public synchronized int[] headShape() {
    return new int[] {layers, headsPerLayer};
  }

  /** Mask events whose shape did not match the first one. */
  public synchronized long rejectedMasks() {
    return rejectedMasks;
  }

  /**
   * A downsampled range of one series.
   *
   * @throws IllegalArgumentException naming an unknown series
   */
  public synchronized SeriesSlice slice(String series, double from, double to, int maxPoints, Downsampling mode) {
    SeriesTable table = table(series);
    return table == null ? SeriesSlice.empty(List.of()) : table.slice(from, to, maxPoints, mode);
  }

  /** Rows of one series after {@code step}, unreduced. */
  public synchronized SeriesSlice after(String series, double step) {
    SeriesTable table = table(series);
    return table == null ? SeriesSlice.empty(List.of()) : table.after(step);
  }

  /** Rows held over all tables (for memory accounting). */
  public synchronized long rows() {
    long n = (long) loss.size() + lagrangian.size() + sparsity.size() + validation.size()
        + teacherValidation.size();
    if (heads != null) {
      n += heads.size() + ffn.size();
    }
    return n;
  }

  /** The capacity of the scalar tables. */
  public int capacity() {
    return capacity;
  }

  private SeriesTable table(String series) {
    return switch (series) {
      case "loss" -> loss;
      case "lagrangian" -> lagrangian;
      case "sparsity" -> sparsity;
      case "validation" -> validation;
      case "teacherValidation" -> teacherValidation;
      case "heads" -> heads;
      case "ffn" -> ffn;
      default -> throw new IllegalArgumentException(
          "unknown series '" + series + "'; allowed: " + seriesNames());
    };
  }

  /**
   * Every non-empty series downsampled by min/max for a {@code TrialSummary}: at most {@code points} rows of the
   * scalar series and {@code maskPoints} of the gate tables (whose last row, the masks' last state, always stays).
   * A column holding a missing value (NaN) is left out: trainers write an optional column in every row or in none.
   * Validation results (the student's and the teacher's) are not summarised: they come from {@code shears.trials},
   * which is never deleted.
   */
  public synchronized List<CurveSummary> summarise(int points, int maskPoints) {
    List<CurveSummary> out = new ArrayList<>();
    for (String name : seriesNames()) {
      SeriesTable table = name.equals("validation") || name.equals("teacherValidation") ? null : table(name);
      if (table == null || table.size() == 0) {
        continue;
      }
      boolean mask = name.equals("heads") || name.equals("ffn");
      SeriesSlice slice = table.slice(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
          mask ? maskPoints : points, Downsampling.MIN_MAX);
      List<String> columns = new ArrayList<>();
      List<List<Float>> values = new ArrayList<>();
      for (int c = 0; c < slice.columns().size(); c++) {
        List<Float> column = new ArrayList<>(slice.size());
        for (float v : slice.y()[c]) {
          if (Float.isNaN(v)) {
            column = null;
            break;
          }
          column.add(v);
        }
        if (column != null) {
          columns.add(slice.columns().get(c));
          values.add(column);
        }
      }
      List<Double> steps = new ArrayList<>(slice.size());
      for (double x : slice.x()) {
        steps.add(x);
      }
      out.add(new CurveSummary(name, columns, steps, values));
    }
    return out;
  }

  /**
   * Replaces every telemetry table with the curves of a summary (columns it lacks read as missing; validation
   * results, which come from the trial log, stay); unknown series are skipped, as are gate tables whose column names do not describe a layer × head grid.
   */
  public synchronized void restore(List<CurveSummary> curves) {
    loss = new SeriesTable(LOSS_COLUMNS, capacity);
    lagrangian = new SeriesTable(LAGRANGIAN_COLUMNS, capacity);
    sparsity = new SeriesTable(SPARSITY_COLUMNS, capacity);
    heads = null;
    ffn = null;
    layers = 0;
    headsPerLayer = 0;
    for (CurveSummary curve : curves) {
      if (curve.series().equals("heads")) {
        int h = (int) curve.columns().stream().filter(c -> c.startsWith("L0.")).count();
        if (h == 0 || curve.columns().size() % h != 0) {
          continue;
        }
        layers = curve.columns().size() / h;
        headsPerLayer = h;
        heads = new SeriesTable(headColumns(layers, h), maskCapacity);
        ffn = new SeriesTable(layerColumns(layers), maskCapacity);
      }
    }
    for (CurveSummary curve : curves) {
      SeriesTable table = switch (curve.series()) {
        case "loss", "lagrangian", "sparsity", "heads", "ffn" -> table(curve.series());
        default -> null;
      };
      if (table != null) {
        fill(table, curve);
      }
    }
  }

  private static void fill(SeriesTable table, CurveSummary curve) {
    int[] source = new int[table.columns().size()];
    for (int c = 0; c < source.length; c++) {
      source[c] = curve.columns().indexOf(table.columns().get(c));
    }
    double[] row = new double[source.length];
    for (int i = 0; i < curve.steps().size(); i++) {
      for (int c = 0; c < source.length; c++) {
        row[c] = source[c] < 0 ? Double.NaN : curve.values().get(source[c]).get(i);
      }
      table.append(curve.steps().get(i), row);
    }
  }

  private static List<String> headColumns(int l, int h) {
    List<String> names = new ArrayList<>(l * h);
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < h; j++) {
        names.add(String.format(Locale.ROOT, "L%d.H%d", i, j));
      }
    }
    return names;
  }

  private static List<String> layerColumns(int l) {
    List<String> names = new ArrayList<>(l);
    for (int i = 0; i < l; i++) {
      names.add("L" + i);
    }
    return names;
  }
}

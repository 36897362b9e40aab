package dev.shears.evaluator.quality;

import dev.shears.model.rouge.ExampleScores;
import dev.shears.evaluator.speed.Decoding;
import dev.shears.evaluator.speed.GenerationModel;
import dev.shears.evaluator.speed.SpeedComparison;
import dev.shears.evaluator.speed.SpeedMeter;
import dev.shears.evaluator.worker.CheckpointVerifier;
import dev.shears.evaluator.worker.EvaluationException;
import dev.shears.evaluator.worker.ExportEvaluation;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import dev.shears.report.SparsityTarget;
import dev.shears.report.stats.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a model against its teacher: generates for every example (quality), scores the metrics,
 * then times teacher and model on the same batch (speed). The teacher stays loaded and its metrics are
 * cached per (teacher content hash, evaluation settings), so a sweep's exports each cost one model's
 * generation plus the timed runs. Blocking, one evaluation at a time.
 */
public final class ModelEvaluation implements ExportEvaluation {

  private final EvalSettings settings;
  private final ModelSource source;
  private final List<EvalExample> examples;
  private final QualityMetrics metrics;
  private final Path defaultTeacher;
  private final SpeedMeter meter;
  private final Map<String, ExampleScores> teacherScoresCache = new HashMap<>();
  private String loadedTeacherSha;
  private GenerationModel loadedTeacher;

  /**
   * An evaluation.
   *
   * @param settings       batch, beam, tokens, runs, metrics
   * @param source         loads model directories
   * @param examples       the evaluation data
   * @param metrics        the metric suite
   * @param defaultTeacher the teacher when a checkpoint names none, or null
   */
  public ModelEvaluation(EvalSettings settings, ModelSource source, List<EvalExample> examples,
      QualityMetrics metrics, Path defaultTeacher) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("Evaluation needs at least one example");
    }
    this.settings = settings;
    this.source = source;
    this.examples = List.copyOf(examples);
    this.metrics = metrics;
    this.defaultTeacher = defaultTeacher;
    this.meter = new SpeedMeter(settings.warmupRuns(), settings.timedRuns(), settings.timing(),
        settings.bootstrapSeed());
  }

  @Override
  public EvaluationCompleted evaluate(CheckpointWritten checkpoint, Path exportDir) {
    Path teacherDir = checkpoint.teacherUri() != null ? CheckpointVerifier.pathOf(checkpoint.teacherUri())
        : defaultTeacher;
    if (teacherDir == null) {
      throw new EvaluationException("Checkpoint " + checkpoint.uri() + " names no teacher and none is configured");
    }
    return completed(evaluate(exportDir, teacherDir), checkpoint.sha256(), checkpoint.uri());
  }

  /** {@code r} as the event that publishes the evaluation of the export {@code sha256} at {@code uri}. */
  public static EvaluationCompleted completed(ModelReport r, String sha256, String uri) {
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("tokensPerSecond", r.speed().model().tokensPerSecond());
    extra.put("speedupPairedMedian", r.speed().pairedSpeedup());
    extra.put("teacherTokensPerSecond", r.speed().teacher().tokensPerSecond());
    extra.put("latencySpreadPercent", r.speed().model().spreadPercent());
    extra.put("teacherLatencySpreadPercent", r.speed().teacher().spreadPercent());
    extra.put("timingRounds", (double) r.speed().rounds());
    extra.put("speedupHalfWidthPercent", r.speed().halfWidthPercent());
    extra.put("decoderLayers", (double) r.stats().decoderLayers());
    extra.put(SparsityTarget.MODEL_SPARSITY, r.stats().modelSparsityAgainst(r.teacherStats()));
    extra.put("examples", (double) r.examples());
    extra.put("batchSize", (double) r.speed().batchSize());
    extra.put("beams", (double) r.speed().decoding().beams());
    extra.put("newTokens", (double) r.speed().decoding().maxNewTokens());
    if (r.speed().peakRssBytes() > 0) {
      extra.put("peakRssMb", r.speed().peakRssBytes() / 1048576.0);
    }
    r.intervals().forEach((k, ci) -> {
      extra.put(k + ".ci95.low", ci.low());
      extra.put(k + ".ci95.high", ci.high());
    });
    return new EvaluationCompleted(sha256, uri, r.metrics(), r.teacherMetrics(),
        r.speed().model().medianMs(), r.speed().teacher().medianMs(), r.speed().speedup(), r.stats().parameters(),
        r.teacherStats().parameters(), r.encoderSparsity(), extra, r.teacherDifference(), r.speedupInterval());
  }

  /** Evaluates the model in {@code modelDir} against the teacher in {@code teacherDir}. */
  public ModelReport evaluate(Path modelDir, Path teacherDir) {
    GenerationModel teacher = teacher(teacherDir);
    String teacherKey = loadedTeacherSha + "|" + settings.cacheKey();
    try (GenerationModel model = source.load(modelDir)) {
      ExampleScores scores = metrics.score(examples, generateAll(model));
      ExampleScores teacherScores = teacherScoresCache.get(teacherKey);
      if (teacherScores == null) {
        teacherScores = metrics.score(examples, generateAll(teacher));
        teacherScoresCache.put(teacherKey, teacherScores);
      }
      List<int[]> batch = timedBatch(model);
      SpeedComparison speed = meter.compare(teacher, model, batch, settings.speedDecoding());
      Bootstrap bootstrap = Bootstrap.defaults(settings.bootstrapSeed());
      ConfidenceInterval speedup = speed.speedupInterval();
      return new ModelReport(scores.means(), bootstrap.means(scores.asMap()), teacherScores.means(),
          bootstrap.pairedDifferences(scores.asMap(), teacherScores.asMap()), speed, model.stats(), teacher.stats(),
          model.stats().encoderSparsityAgainst(teacher.stats()), examples.size(), speedup);
    }
  }

  private GenerationModel teacher(Path teacherDir) {
    String sha = contentHash(teacherDir);
    if (!sha.equals(loadedTeacherSha)) {
      if (loadedTeacher != null) {
        loadedTeacher.close();
        loadedTeacher = null;
      }
      loadedTeacher = source.load(teacherDir);
      loadedTeacherSha = sha;
    }
    return loadedTeacher;
  }

  private List<String> generateAll(GenerationModel model) {
    List<String> out = new ArrayList<>(examples.size());
    Decoding decoding = settings.qualityDecoding();
    for (int from = 0; from < examples.size(); from += settings.batchSize()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new EvaluationException("Evaluation interrupted");
      }
      List<int[]> inputs = new ArrayList<>();
      for (EvalExample e : examples.subList(from, Math.min(examples.size(), from + settings.batchSize()))) {
        inputs.add(model.codec().encode(e.input()));
      }
      for (int[] ids : model.generate(inputs, decoding)) {
        out.add(model.codec().decode(ids));
      }
    }
    return out;
  }

  /** The first {@code batchSize} inputs, cycling through the examples when there are fewer. */
  private List<int[]> timedBatch(GenerationModel model) {
    List<int[]> batch = new ArrayList<>(settings.batchSize());
    for (int i = 0; i < settings.batchSize(); i++) {
      batch.add(model.codec().encode(examples.get(i % examples.size()).input()));
    }
    return batch;
  }

  /** The manifest's sha256 when the directory has one, else a hash of config and weights. */
  static String contentHash(Path dir) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Path manifest = dir.resolve(CheckpointVerifier.MANIFEST);
      List<Path> files = Files.isRegularFile(manifest) ? List.of(manifest)
          : List.of(dir.resolve("config.json"), dir.resolve("model.safetensors"));
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          throw new EvaluationException("Teacher directory " + dir + " has no " + f.getFileName());
        }
        try (InputStream in = Files.newInputStream(f)) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new EvaluationException("Cannot read teacher directory " + dir + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

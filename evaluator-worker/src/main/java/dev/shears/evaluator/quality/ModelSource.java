package dev.shears.evaluator.quality;

import dev.shears.evaluator.speed.GenerationModel;
import java.nio.file.Path;

/** Loads a model directory for evaluation. */
@FunctionalInterface
public interface ModelSource {
  /**
   * Loads {@code dir}.
   *
   * @throws dev.shears.evaluator.worker.EvaluationException naming the directory and why it does not load
   */
  GenerationModel load(Path dir);
}

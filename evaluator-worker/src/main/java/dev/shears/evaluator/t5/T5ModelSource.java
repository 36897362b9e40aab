package dev.shears.evaluator.t5;

import ai.djl.ndarray.NDManager;
import dev.shears.evaluator.quality.ModelSource;
import dev.shears.evaluator.speed.GenerationModel;
import dev.shears.evaluator.speed.TextCodec;
import dev.shears.evaluator.worker.EvaluationException;
import dev.shears.model.T5Model;
import dev.shears.model.T5Tokenizer;
import java.nio.file.Path;

/**
 * Loads Hugging Face-layout T5 directories ({@code config.json}, {@code model.safetensors}, optional
 * {@code pruning.json}, {@code tokenizer.json}) with the model module. Owns the NDManager its models live
 * in; close it after the models.
 */
public final class T5ModelSource implements ModelSource, AutoCloseable {

  private final NDManager manager = NDManager.newBaseManager();

  @Override
  public GenerationModel load(Path dir) {
    T5Model model;
    try {
      model = T5Model.load(dir, manager);
    } catch (RuntimeException e) {
      throw new EvaluationException("Model directory " + dir + " does not load: " + e.getMessage(), e);
    }
    try {
      T5Tokenizer tokenizer = T5Tokenizer.load(dir);
      return new T5GenerationModel(model, new TextCodec() {
        @Override
        public int[] encode(String text) {
          return tokenizer.encode(text);
        }

        @Override
        public String decode(int[] ids) {
          return tokenizer.decode(ids);
        }
      });
    } catch (RuntimeException e) {
      model.close();
      throw new EvaluationException("Model directory " + dir + " does not load: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}

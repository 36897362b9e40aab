package dev.shears.evaluator.t5;

import ai.djl.ndarray.NDManager;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Model;
import java.nio.file.Path;

/** Writes the built-in tiny T5 (12 decoder layers) and a copy keeping decoder layers {0, 11} as model dirs. */
final class TinyModels {

  private TinyModels() {}

  /** Saves the teacher to {@code teacher} and a 2-decoder-layer student to {@code student}. */
  static void write(Path teacher, Path student) {
    try (NDManager manager = NDManager.newBaseManager()) {
      T5Model deep = BuiltinModels.create(BuiltinModels.TINY_T5, 3, manager);
      deep.save(teacher);
      BuiltinModels.writeTokenizer(teacher);
      try (T5Model shallow = deep.withDecoderLayers(new int[] {0, deep.config().numDecoderLayers() - 1})) {
        shallow.save(student);
        BuiltinModels.writeTokenizer(student);
      }
      deep.close();
    }
  }
}

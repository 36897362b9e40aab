package dev.shears.evaluator.t5;

import java.nio.file.Path;

/** Gives the worker's integration test the tiny teacher/student pair. */
public final class TinyModelsForIt {

  private TinyModelsForIt() {}

  /** See {@link TinyModels#write}. */
  public static void write(Path teacher, Path student) {
    TinyModels.write(teacher, student);
  }
}

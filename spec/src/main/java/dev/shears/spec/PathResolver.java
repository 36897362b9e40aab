package dev.shears.spec;

import java.nio.file.Path;

/**
 * Resolves a dataset or model path of a spec to the absolute path it stands for, or refuses it. The one
 * implementation is {@code dev.shears.events.PathRoots}, which the orchestrator (at submission), trainers and
 * evaluators (on what they receive) share, so that a path the orchestrator accepts is the path a worker opens.
 */
@FunctionalInterface
public interface PathResolver {
  /** The kind of {@code task.dataset}. */
  String DATA = "data";
  /** The kind of {@code teacher.model}. */
  String MODEL = "model";

  /**
   * The absolute path {@code path} of {@code kind} ({@link #DATA} or {@link #MODEL}) stands for.
   *
   * @throws IllegalArgumentException saying why the path is refused (the caller prefixes the field)
   */
  Path resolve(String kind, String path);
}

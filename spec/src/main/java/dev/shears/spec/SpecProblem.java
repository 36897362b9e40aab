package dev.shears.spec;

import static java.util.Objects.requireNonNull;

/**
 * One problem with an experiment spec, located by its field path (e.g. {@code nash.encoderSparsity} or
 * {@code training.seed.list[2]}); {@code $} is the document itself.
 */
public record SpecProblem(String path, String message) {
  public SpecProblem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}

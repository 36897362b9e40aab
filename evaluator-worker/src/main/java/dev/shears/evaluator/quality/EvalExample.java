package dev.shears.evaluator.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One evaluation example: the model input and one or more acceptable targets.
 *
 * @param input   source text
 * @param targets reference texts (the first is the main one)
 */
public record EvalExample(String input, List<String> targets) {
  /** Validates. */
  public EvalExample {
    requireNonNull(input, "input");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("An evaluation example needs at least one target");
    }
  }
}

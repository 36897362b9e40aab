package dev.shears.trainer.spec;

import java.util.List;

/** A resolved trial spec the trainer cannot run; the message lists every problem as {@code path: message}. */
public final class TrialSpecException extends RuntimeException {
  private final List<String> problems;

  /** One exception for all {@code problems}. */
  public TrialSpecException(List<String> problems) {
    super("Invalid trial spec: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code path: message}. */
  public List<String> problems() {
    return problems;
  }
}

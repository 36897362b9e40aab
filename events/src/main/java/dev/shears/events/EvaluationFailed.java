package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** An export could not be evaluated; {@code reason} names the cause. */
public record EvaluationFailed(
    String sha256,
    @Optional String uri,
    String reason)
    implements EvaluationEvent {
  public EvaluationFailed {
    requireNonNull(sha256, "sha256");
    requireNonNull(reason, "reason");
  }
}

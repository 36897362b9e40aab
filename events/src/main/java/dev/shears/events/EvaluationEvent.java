package dev.shears.events;

/** Evaluation results on {@code shears.evaluations}, keyed by trial id. */
public sealed interface EvaluationEvent extends Event
    permits EvaluationCompleted, EvaluationFailed {

  @Override
  default String topic() {
    return Topics.EVALUATIONS;
  }
}

package dev.shears.events;

/** Events keyed by experiment id on {@code shears.experiments}. */
public sealed interface ExperimentEvent extends Event
    permits ExperimentSubmitted, ExperimentCancelled, ExperimentPaused, ExperimentResumed, ExperimentAnnotated {

  @Override
  default String topic() {
    return Topics.EXPERIMENTS;
  }
}

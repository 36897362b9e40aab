package dev.shears.events;

/** A paused experiment was resumed. */
public record ExperimentResumed(
    )
    implements ExperimentEvent {}

package dev.shears.events;

/** The experiment was paused; running trials are revoked and resume later from their last checkpoint. */
public record ExperimentPaused(
    @Optional String reason)
    implements ExperimentEvent {}

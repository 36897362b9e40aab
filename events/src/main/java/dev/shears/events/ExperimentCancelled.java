package dev.shears.events;

/** The experiment was cancelled; its unfinished trials are cancelled too. */
public record ExperimentCancelled(
    @Optional String reason)
    implements ExperimentEvent {}

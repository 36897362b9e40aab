package dev.shears.events;

/** The trial was cancelled (or paused, with {@code paused} set). */
public record TrialCancelled(
    @Optional String reason,
    boolean paused)
    implements TrialEvent {}

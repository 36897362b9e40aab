package dev.shears.events;

/** Checkpoints written by trainers on {@code shears.checkpoints}, keyed by trial id. */
public sealed interface CheckpointEvent extends Event
    permits CheckpointWritten {

  @Override
  default String topic() {
    return Topics.CHECKPOINTS;
  }
}

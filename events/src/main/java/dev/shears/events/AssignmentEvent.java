package dev.shears.events;

/** Work orders for one worker on {@code shears.assignments}, keyed by worker id. */
public sealed interface AssignmentEvent extends Event
    permits Assignment, Revocation {

  @Override
  default String topic() {
    return Topics.ASSIGNMENTS;
  }
}

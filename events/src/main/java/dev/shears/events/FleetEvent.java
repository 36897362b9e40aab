package dev.shears.events;

/** Liveness of services and workers on {@code shears.fleet}, keyed by worker id. */
public sealed interface FleetEvent extends Event
    permits WorkerHeartbeat {

  @Override
  default String topic() {
    return Topics.FLEET;
  }
}

package dev.shears.events;

/** High-rate training telemetry on {@code shears.telemetry}, keyed by trial id. */
public sealed interface TelemetryEvent extends Event
    permits LossEvent, MaskEvent, LagrangianEvent {

  @Override
  default String topic() {
    return Topics.TELEMETRY;
  }
}

package dev.shears.events;

/**
 * Every event Shears writes to Kafka. Each sub-interface belongs to one topic, so the topic an event goes
 * to follows from its type; the {@link Envelope} carries the routing and ordering fields.
 */
public sealed interface Event
    permits ExperimentEvent, TrialEvent, AssignmentEvent, FleetEvent, TelemetryEvent, CheckpointEvent,
        EvaluationEvent, HistoryEvent, DeadLetter {

  /** The topic this event is written to. */
  String topic();

  /** The wire name of this event, the {@code type} field of its envelope. */
  default String type() {
    return getClass().getSimpleName();
  }
}

/**
 * The Shears event contract (DESIGN §2): one sealed {@link dev.shears.events.Event} hierarchy of records, the
 * {@link dev.shears.events.Envelope}, its JSON {@link dev.shears.events.EventCodec}, Kafka serde, the
 * {@link dev.shears.events.Topics} catalogue, validation that names the field at fault, fencing on
 * (trialId, attempt, seq) and dead-letter routing.
 */
package dev.shears.events;

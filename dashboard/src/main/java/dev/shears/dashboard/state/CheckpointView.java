package dev.shears.dashboard.state;

import dev.shears.events.CheckpointKind;
import java.time.Instant;

/** A checkpoint the trial wrote. */
public record CheckpointView(
    String stage, long step, CheckpointKind kind, String uri, String sha256, long bytes, Instant writtenAt) {}

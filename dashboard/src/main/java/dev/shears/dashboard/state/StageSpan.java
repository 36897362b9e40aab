package dev.shears.dashboard.state;

import java.time.Instant;
import java.util.Map;

/** One NASH stage of one attempt on the trial's timeline; the end fields are null while it runs. */
public record StageSpan(
    String stage,
    int attempt,
    long startStep,
    Instant startedAt,
    Long endStep,
    Instant endedAt,
    Map<String, Double> metrics) {}

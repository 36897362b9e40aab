package dev.shears.dashboard.state;

import dev.shears.report.TrialState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One experiment with live counts of its trials by state, and the tags and note users gave it. */
public record ExperimentRow(
    String experimentId,
    String name,
    String state,
    Instant submittedAt,
    int trialCount,
    Map<TrialState, Integer> counts,
    String submittedBy,
    List<String> tags,
    String note) {}

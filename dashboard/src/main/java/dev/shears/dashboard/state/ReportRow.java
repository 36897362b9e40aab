package dev.shears.dashboard.state;

import java.util.Map;

/**
 * One model of an experiment's Table-1 report (NASH paper, Table 1): quality metrics, measured speed-up over
 * the teacher and parameter count. {@code trialId} is null for the teacher row.
 */
public record ReportRow(
    String label,
    String trialId,
    Map<String, Double> metrics,
    double quality,
    double speedup,
    long params,
    double encoderSparsity,
    boolean pareto) {}

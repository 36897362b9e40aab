package dev.shears.dashboard.state;

import java.util.List;

/**
 * An experiment's report: the teacher, every evaluated trial, and the quality/speed-up Pareto front.
 *
 * @param qualityMetric the metric used as "quality" on the scatter plot and for the front
 */
public record ExperimentReport(
    String experimentId, String qualityMetric, ReportRow teacher, List<ReportRow> rows) {}

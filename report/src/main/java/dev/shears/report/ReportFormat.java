package dev.shears.report;

import java.util.Locale;

/** Output formats of a report. */
public enum ReportFormat {
  /** A Markdown table plus the Pareto front and the seed arms. */
  MD,
  /** Comma-separated values with a header row. */
  CSV,
  /** The report as JSON. */
  JSON;

  /** Parses md, csv or json (any case). */
  public static ReportFormat parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value " + name + " for --format: expected md, csv or json", e);
    }
  }
}

package dev.shears.spec;

/**
 * Bounds on what a spec document may cost to read and expand, so that a hostile or mistaken document (an
 * alias bomb, a sweep of millions of trials) is rejected before it uses memory or reaches the scheduler.
 *
 * @param maxDocumentBytes largest document accepted
 * @param maxAliases most YAML aliases that refer to collections
 * @param maxNesting deepest nesting of objects and arrays
 * @param maxNodes most JSON nodes after every alias is expanded
 * @param maxTrials most trials one experiment may expand to
 */
public record SpecLimits(int maxDocumentBytes, int maxAliases, int maxNesting, int maxNodes, int maxTrials) {
  /**
   * 256 KiB documents, 20 aliases, depth 32, 100,000 nodes, 20,000 trials. The document limit keeps each trial's
   * resolved spec well inside one Kafka record (1 MiB).
   */
  public static final SpecLimits DEFAULT = new SpecLimits(256 * 1024, 20, 32, 100_000, 20_000);

  public SpecLimits {
    if (maxDocumentBytes < 1 || maxAliases < 0 || maxNesting < 2 || maxNodes < 1 || maxTrials < 1) {
      throw new IllegalArgumentException("Invalid spec limits " + maxDocumentBytes + ", " + maxAliases + ", "
          + maxNesting + ", " + maxNodes + ", " + maxTrials + ": all must be positive");
    }
  }
}

package dev.shears.orchestrator;

/**
 * The built-in demo sweep (NASH at 4 decoder depths and 3 encoder sparsities, cofi, uniform-only and distill-small on
 * the tiny T5 and the synthetic summarisation task),
 * sized for one CPU trainer; its idempotency key makes a repeated {@code shears up --demo} submit it once.
 */
public final class DemoSpec {
  private static final String RESOURCE = "demo-spec.yaml";

  private DemoSpec() {}

  /** The spec as YAML bytes, for {@link OrchestratorClient#submit(byte[], String)} with application/yaml. */
  public static byte[] yaml() {
    return BundledSpecs.read(RESOURCE);
  }
}

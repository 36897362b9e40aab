package dev.shears.spec;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The registry of pruning methods. Adding a method means one {@link MethodSpec} record (with its section's schema
 * and its {@link PruningMethod} entry), its stage(s) in the trainer, one line here, and tests.
 */
public final class PruningMethods {
  private static final List<PruningMethod> ALL = List.of(
      NashSpec.METHOD,
      CofiSpec.METHOD,
      UniformOnlySpec.METHOD,
      DistillSmallSpec.METHOD,
      NumericalSpec.METHOD);

  private PruningMethods() {}

  /** Every method, in the order forms and help texts list them. */
  public static List<PruningMethod> all() {
    return ALL;
  }

  /** Every method's name, sorted. */
  public static Set<String> names() {
    return ALL.stream().map(PruningMethod::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The method called {@code name}, if there is one. */
  public static Optional<PruningMethod> find(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * The method called {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods
   */
  public static PruningMethod of(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("method: unknown method '" + name
        + "'; use one of " + names()));
  }
}

package dev.shears.orchestrator.spec;

import dev.shears.events.PathRoots;
import java.nio.file.Path;
import java.util.List;

/**
 * Confines dataset and model paths named in specs to configured roots (DESIGN §8), so that a spec cannot make a
 * worker read {@code ../../etc/passwd}. Relative paths resolve against the first root of their kind. Workers check
 * the resolved paths again against their own roots.
 *
 * @param dataRoots directories datasets may live under
 * @param modelRoots directories models may live under
 */
public record PathPolicy(List<Path> dataRoots, List<Path> modelRoots) {
  public PathPolicy {
    dataRoots = dataRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    modelRoots = modelRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    if (dataRoots.isEmpty() || modelRoots.isEmpty()) {
      throw new IllegalArgumentException("Invalid path policy: at least one data root and one model root are needed");
    }
  }

  /** Data under {@code <dir>/data}, models under {@code <dir>/models}, plus {@code <dir>/.shears}. */
  public static PathPolicy under(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return new PathPolicy(List.of(base.resolve("data"), base.resolve(".shears")),
        List.of(base.resolve("models"), base.resolve(".shears")));
  }

  /**
   * The absolute, normalised form of {@code path} if it lies under a root of {@code kind}; {@code ..} segments and
   * symbolic links leading outside the roots are refused (see {@link PathRoots}).
   */
  public Path resolve(String kind, String path) throws IllegalArgumentException {
    return roots().resolve(kind, path);
  }

  /** The same roots in the form workers check them in. */
  public PathRoots roots() {
    return new PathRoots(dataRoots, modelRoots);
  }
}

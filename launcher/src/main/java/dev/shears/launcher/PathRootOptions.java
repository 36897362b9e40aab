package dev.shears.launcher;

import dev.shears.events.PathRoots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --data-root} and {@code --model-root}: where dataset and model paths of specs may lie. Without them,
 * datasets under {@code ./data}, models under {@code ./models}, both also under {@code ./.shears}.
 */
public final class PathRootOptions {
  @Option(names = "--data-root", paramLabel = "DIR",
      description = "A directory datasets may lie under (repeatable; default: ./data and ./.shears).")
  private List<Path> dataRoots = new ArrayList<>();

  @Option(names = "--model-root", paramLabel = "DIR",
      description = "A directory models may lie under (repeatable; default: ./models and ./.shears).")
  private List<Path> modelRoots = new ArrayList<>();

  /** The configured roots. */
  public PathRoots roots() {
    PathRoots defaults = PathRoots.under(Path.of(""));
    return new PathRoots(dataRoots.isEmpty() ? defaults.dataRoots() : dataRoots,
        modelRoots.isEmpty() ? defaults.modelRoots() : modelRoots);
  }
}

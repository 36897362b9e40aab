package dev.shears.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories dataset and model paths must lie under (DESIGN §8). Specs travel through Kafka, so the
 * orchestrator checks them when they are submitted and every worker checks them again, against its own roots,
 * before it opens anything: a record written to {@code shears.assignments} by anyone with access to the cluster
 * cannot make a trainer read {@code /etc} or a checkpoint outside its checkpoint directory.
 *
 * <p>A path is refused when it contains a {@code ..} segment, when it lies outside every root of its kind, or
 * when a symbolic link on the way leads outside them (the existing part of the path is resolved to its real
 * location, and so are the roots). Relative paths resolve against the first root of their kind.
 *
 * @param dataRoots directories datasets may live under
 * @param modelRoots directories models (teachers, exports, checkpoints) may live under
 */
public record PathRoots(List<Path> dataRoots, List<Path> modelRoots) {
  /** The kind of {@code task.dataset}. */
  public static final String DATA = "data";
  /** The kind of {@code teacher.model}, exports and checkpoints. */
  public static final String MODEL = "model";

  public PathRoots {
    dataRoots = normalise(dataRoots);
    modelRoots = normalise(modelRoots);
    if (dataRoots.isEmpty() || modelRoots.isEmpty()) {
      throw new IllegalArgumentException("Invalid path roots: at least one data root and one model root are needed");
    }
  }

  /** Data under {@code <dir>/data}, models under {@code <dir>/models}, both also under {@code <dir>/.shears}. */
  public static PathRoots under(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return new PathRoots(List.of(base.resolve("data"), base.resolve(".shears")),
        List.of(base.resolve("models"), base.resolve(".shears")));
  }

  /** These roots with one more directory for both kinds (a worker's checkpoint directory, say). */
  public PathRoots with(Path root) {
    List<Path> data = new ArrayList<>(dataRoots);
    List<Path> models = new ArrayList<>(modelRoots);
    data.add(root);
    models.add(root);
    return new PathRoots(data, models);
  }

  /** The roots of {@code kind} ({@link #DATA} or {@link #MODEL}). */
  public List<Path> roots(String kind) {
    return switch (kind) {
      case DATA -> dataRoots;
      case MODEL -> modelRoots;
      default -> throw new IllegalArgumentException("Unknown path kind '" + kind + "'; use data or model");
    };
  }

  /**
   * The absolute, normalised form of {@code path} if it is allowed for {@code kind}; otherwise an
   * {@link IllegalArgumentException} whose message names the path, where it leads and the allowed roots (the
   * caller prefixes the field, e.g. {@code task.dataset}).
   */
  public Path resolve(String kind, String path) {
    List<Path> roots = roots(kind);
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a path is required");
    }
    Path given;
    try {
      given = Path.of(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + path + "' is not a valid path: " + e.getReason());
    }
    for (Path segment : given) {
      if (segment.toString().equals("..")) {
        throw new IllegalArgumentException("path '" + path + "' contains '..'; give a path under the allowed "
            + kind + " roots " + roots);
      }
    }
    Path candidate = (given.isAbsolute() ? given : roots.get(0).resolve(given)).normalize();
    if (roots.stream().noneMatch(candidate::startsWith)) {
      throw new IllegalArgumentException("path '" + path + "' resolves to " + candidate + ", outside the allowed "
          + kind + " roots " + roots);
    }
    Path real = realLocation(candidate);
    if (roots.stream().map(PathRoots::realLocation).noneMatch(real::startsWith)) {
      throw new IllegalArgumentException("path '" + path + "' leads through a symbolic link to " + real
          + ", outside the allowed " + kind + " roots " + roots);
    }
    return candidate;
  }

  /**
   * Where {@code path} really is: its longest existing prefix with every symbolic link followed, plus the rest.
   * A path that does not exist yet is judged by the directory it would be created in.
   */
  private static Path realLocation(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      Path real = existing.toRealPath();
      return real.resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      // A dangling link or an unreadable directory: refuse rather than guess where it leads.
      throw new IllegalArgumentException("cannot resolve " + existing + " to a real path (" + e.getMessage()
          + "); dangling symbolic links are refused");
    }
  }

  private static List<Path> normalise(List<Path> roots) {
    if (roots == null) {
      return List.of();
    }
    return roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }
}

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
 * location, and so are the roots).
 *
 * <p>A relative path means one thing: it is read from the base directory (where Shears runs, or the directory
 * given to {@link #under}) when that puts it under a root of its kind, so {@code models/t5-mini} is
 * {@code ./models/t5-mini}; otherwise it is read from the first root of its kind, so {@code t5-mini} is
 * {@code ./models/t5-mini} too. The orchestrator resolves spec paths once, at submission, and trials carry the
 * absolute result; workers resolve what they receive with the same rule, which leaves an absolute path as it is.
 *
 * @param dataRoots directories datasets may live under
 * @param modelRoots directories models (teachers, exports, checkpoints) may live under
 * @param base the directory relative paths are read from first
 */
public record PathRoots(List<Path> dataRoots, List<Path> modelRoots, Path base) {
  /** The kind of {@code task.dataset}. */
  public static final String DATA = "data";
  /** The kind of {@code teacher.model}, exports and checkpoints. */
  public static final String MODEL = "model";

  public PathRoots {
    dataRoots = normalise(dataRoots);
    modelRoots = normalise(modelRoots);
    base = (base == null ? Path.of("") : base).toAbsolutePath().normalize();
    if (dataRoots.isEmpty() || modelRoots.isEmpty()) {
      throw new IllegalArgumentException("Invalid path roots: at least one data root and one model root are needed");
    }
  }

  /** Roots whose relative paths are read from the working directory first. */
  public PathRoots(List<Path> dataRoots, List<Path> modelRoots) {
    this(dataRoots, modelRoots, Path.of(""));
  }

  /** Data under {@code <dir>/data}, models under {@code <dir>/models}, both also under {@code <dir>/.shears}. */
  public static PathRoots under(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return new PathRoots(List.of(base.resolve("data"), base.resolve(".shears")),
        List.of(base.resolve("models"), base.resolve(".shears")), base);
  }

  /** These roots with one more directory for both kinds (a worker's checkpoint directory, say). */
  public PathRoots with(Path root) {
    List<Path> data = new ArrayList<>(dataRoots);
    List<Path> models = new ArrayList<>(modelRoots);
    data.add(root);
    models.add(root);
    return new PathRoots(data, models, base);
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
    Path candidate = given.isAbsolute() ? given.normalize() : relative(roots, given);
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
   * As {@link #resolve}, and the path must exist: a dataset as a file or as a directory of splits (holding {@code
   * train.jsonl}, as {@code shears data debian-descriptions} writes them), a model as a directory. The orchestrator
   * checks this at submission, so a spec whose path names nothing is refused there rather than failing in a worker.
   */
  public Path resolveExisting(String kind, String path) {
    Path resolved = resolve(kind, path);
    boolean exists = DATA.equals(kind)
        ? Files.isRegularFile(resolved) || Files.isRegularFile(resolved.resolve("train.jsonl"))
        : Files.isDirectory(resolved);
    if (!exists) {
      throw new IllegalArgumentException("'" + path + "' resolves to " + resolved + ", which is not "
          + (DATA.equals(kind) ? "a file or a directory holding train.jsonl" : "a directory")
          + (path.equals(resolved.toString()) ? ""
          : " (a relative path is read from " + base + " when that lies under a " + kind + " root, else from "
              + roots(kind).get(0) + ")"));
    }
    return resolved;
  }

  private Path relative(List<Path> roots, Path given) {
    Path fromBase = base.resolve(given).normalize();
    return roots.stream().anyMatch(fromBase::startsWith) ? fromBase : roots.get(0).resolve(given).normalize();
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

package dev.shears.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.HfExport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Checkpoint directories under {@code <root>/<trialId>/}, written atomically: the content goes to a hidden temp
 * directory, a {@code manifest.json} lists every file with its sha256 and size, and one rename publishes the
 * directory, so a reader never sees a half-written checkpoint. The checkpoint's sha256 is the manifest's.
 *
 * <p>The manifest leaves out a top-level {@code README.md}: an export's model card is rewritten once the export is
 * evaluated (with the measured quality and speed-up), and that must not make the checkpoint corrupt.
 */
public final class CheckpointStore {
  /** Name of the manifest inside every checkpoint directory. */
  public static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  /** A store rooted at {@code root} (created on first write). */
  public CheckpointStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** The directory of one trial's checkpoints. */
  public Path trialDir(String trialId) {
    if (trialId.isBlank() || trialId.contains("/") || trialId.contains("\\") || trialId.startsWith(".")) {
      throw new CheckpointException("trialId '" + trialId + "' cannot name a checkpoint directory");
    }
    return root.resolve(trialId);
  }

  /** Fills a directory. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the checkpoint's files into {@code dir}. */
    void write(Path dir) throws IOException;
  }

  /**
   * A published checkpoint.
   *
   * @param dir its directory
   * @param uri {@code file:} URI of the directory
   * @param sha256 hex sha256 of the manifest
   * @param bytes total size of the files
   */
  public record Written(Path dir, String uri, String sha256, long bytes) {}

  /**
   * Writes {@code <trialDir>/<name>} atomically, replacing an older directory of that name. Returns what was
   * published.
   */
  public Written write(String trialId, String name, Writer writer) {
    return publish(trialId, name, writer, true);
  }

  /**
   * Writes {@code <trialDir>/<name>} atomically unless it exists; when another writer published it first, that
   * directory is kept and returned (its readers are never disturbed).
   */
  public Written writeIfAbsent(String trialId, String name, Writer writer) {
    return find(trialId, name).orElseGet(() -> publish(trialId, name, writer, false));
  }

  /** The intact checkpoint {@code <trialDir>/<name>}, if one was published; a corrupt one reads as absent. */
  public Optional<Written> find(String trialId, String name) {
    Path dir = trialDir(trialId).resolve(name);
    if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
      return Optional.empty();
    }
    try {
      String sha = verify(dir);
      long bytes;
      try (Stream<Path> walk = Files.walk(dir)) {
        bytes = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
      return Optional.of(new Written(dir, dir.toUri().toString(), sha, bytes));
    } catch (CheckpointException | IOException e) {
      return Optional.empty();
    }
  }

  private Written publish(String trialId, String name, Writer writer, boolean replace) {
    Path trialDir = trialDir(trialId);
    Path target = trialDir.resolve(name);
    Path temp = trialDir.resolve(".tmp-" + name + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(temp);
      writer.write(temp);
      Map<String, FileEntry> files = scan(temp);
      ObjectNode manifest = JSON.createObjectNode();
      ObjectNode list = manifest.putObject("files");
      long bytes = 0;
      for (Map.Entry<String, FileEntry> e : files.entrySet()) {
        list.putObject(e.getKey()).put("sha256", e.getValue().sha256()).put("bytes", e.getValue().bytes());
        bytes += e.getValue().bytes();
      }
      byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
      Files.write(temp.resolve(MANIFEST), manifestBytes);
      String sha = HexFormat.of().formatHex(sha256().digest(manifestBytes));
      Path old = null;
      if (!replace && Files.exists(target)) {
        deleteQuietly(temp);
        return find(trialId, name).orElseThrow(() -> new CheckpointException("Checkpoint " + target
            + " exists but does not match its manifest"));
      }
      if (Files.exists(target)) {
        old = trialDir.resolve(".old-" + name + "-" + UUID.randomUUID());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new CheckpointException("The checkpoint root " + root + " does not support atomic renames", e);
      }
      if (old != null) {
        deleteTree(old);
      }
      return new Written(target, target.toUri().toString(), sha, bytes + manifestBytes.length);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new CheckpointException("Cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks every file of a checkpoint against its manifest; returns the manifest's sha256. Throws
   * {@link CheckpointException} naming a missing or corrupt file.
   */
  public static String verify(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new CheckpointException("Checkpoint " + dir + " has no " + MANIFEST
          + " (not a checkpoint directory, or an interrupted write)");
    }
    try {
      byte[] manifestBytes = Files.readAllBytes(manifestFile);
      JsonNode files = JSON.readTree(manifestBytes).path("files");
      Iterator<Map.Entry<String, JsonNode>> it = files.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        Path file = dir.resolve(e.getKey()).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
          throw new CheckpointException("Checkpoint " + dir + " is missing " + e.getKey());
        }
        String actual = hash(file).sha256();
        if (!actual.equals(e.getValue().path("sha256").asText())) {
          throw new CheckpointException("Checkpoint file " + file + " is corrupt: sha256 " + actual
              + " does not match the manifest");
        }
      }
      return HexFormat.of().formatHex(sha256().digest(manifestBytes));
    } catch (IOException e) {
      throw new CheckpointException("Cannot read checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The directory a {@code file:} URI (or plain path) names. */
  public static Path pathOf(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    return Path.of(uri);
  }

  /** Deletes a checkpoint directory tree (older periodic checkpoints). */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException ignored) {
      // The temp directory is hidden and never read; a leftover costs only disk.
    }
  }

  private record FileEntry(String sha256, long bytes) {}

  private static Map<String, FileEntry> scan(Path dir) throws IOException {
    Map<String, FileEntry> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String name = dir.relativize(f).toString().replace('\\', '/');
      if (!name.equals(HfExport.CARD_FILE)) {
        out.put(name, hash(f));
      }
    }
    return out;
  }

  private static FileEntry hash(Path file) throws IOException {
    MessageDigest digest = sha256();
    long bytes = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes += n;
      }
    }
    return new FileEntry(HexFormat.of().formatHex(digest.digest()), bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}

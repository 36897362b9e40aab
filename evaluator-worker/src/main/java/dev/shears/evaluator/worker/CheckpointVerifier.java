package dev.shears.evaluator.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import dev.shears.events.PathRoots;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks an exported checkpoint directory before it is evaluated: it exists, its {@code manifest.json}
 * lists files that are present with the listed sha256, and the manifest's own sha256 is the one the
 * {@code CheckpointWritten} event announced. Each failure names the file and what is wrong.
 */
public final class CheckpointVerifier {

  /** The manifest every checkpoint directory holds: {@code {"files": {name: {sha256, bytes}}}}. */
  public static final String MANIFEST = "manifest.json";

  private final ObjectMapper json = new ObjectMapper();
  private final PathRoots roots;

  /** A verifier that checks any directory it is given. */
  public CheckpointVerifier() {
    this(null);
  }

  /**
   * A verifier that first refuses directories outside {@code roots} (model kind): an export named in a Kafka record
   * must lie where this worker's checkpoints are.
   */
  public CheckpointVerifier(PathRoots roots) {
    this.roots = roots;
  }

  /** The directory a {@code file:} URI or plain path names. */
  public static Path pathOf(String uri) {
    try {
      return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("Checkpoint uri " + uri + " is not a file: URI or path: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies {@code dir} against the announced sha256.
   *
   * @return the directory
   * @throws EvaluationException naming the missing checkpoint, the corrupt file or the sha256 mismatch
   */
  public Path verify(Path dir, String expectedSha256) {
    if (roots != null) {
      try {
        roots.resolve(PathRoots.MODEL, dir.toString());
      } catch (IllegalArgumentException e) {
        throw new EvaluationException("Checkpoint " + dir + " refused by this worker: " + e.getMessage(), e);
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new EvaluationException("Checkpoint " + dir + " is missing");
    }
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new EvaluationException("Checkpoint " + dir + " has no " + MANIFEST);
    }
    try {
      byte[] bytes = Files.readAllBytes(manifest);
      String actual = HexFormat.of().formatHex(sha256().digest(bytes));
      if (!actual.equalsIgnoreCase(expectedSha256)) {
        throw new EvaluationException("Checkpoint " + dir + " sha256 mismatch: the event announced "
            + expectedSha256 + ", its manifest hashes to " + actual);
      }
      Iterator<Map.Entry<String, JsonNode>> files = json.readTree(bytes).path("files").fields();
      while (files.hasNext()) {
        Map.Entry<String, JsonNode> e = files.next();
        Path file = dir.resolve(e.getKey()).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
          throw new EvaluationException("Checkpoint " + dir + " is missing " + e.getKey() + " listed in its manifest");
        }
        String fileSha = hash(file);
        if (!fileSha.equalsIgnoreCase(e.getValue().path("sha256").asText())) {
          throw new EvaluationException("Checkpoint file " + file + " is corrupt: sha256 " + fileSha
              + " does not match the manifest");
        }
      }
      return dir;
    } catch (IOException e) {
      throw new EvaluationException("Cannot read checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Hex sha256 of a file. */
  static String hash(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

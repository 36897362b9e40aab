package dev.shears.evaluator.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Writes export directories with a manifest the way the trainer's checkpoint store does. */
final class ExportFixture {

  private ExportFixture() {}

  /** Writes {@code files} (name, content pairs) plus manifest.json into {@code dir}; returns the manifest sha256. */
  static String write(Path dir, String... namesAndContents) throws Exception {
    Files.createDirectories(dir);
    StringBuilder manifest = new StringBuilder("{\"files\":{");
    for (int i = 0; i < namesAndContents.length; i += 2) {
      byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
      Files.write(dir.resolve(namesAndContents[i]), content);
      if (i > 0) {
        manifest.append(',');
      }
      manifest.append('"').append(namesAndContents[i]).append("\":{\"sha256\":\"").append(sha(content))
          .append("\",\"bytes\":").append(content.length).append('}');
    }
    byte[] bytes = manifest.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(CheckpointVerifier.MANIFEST), bytes);
    return sha(bytes);
  }

  /** Adds a manifest.json over every file already in {@code dir} but the model card; returns its sha256. */
  static String manifest(Path dir) throws Exception {
    StringBuilder manifest = new StringBuilder("{\"files\":{");
    boolean first = true;
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().filter(f -> !f.getFileName().toString().equals("README.md")).toList()) {
        byte[] content = Files.readAllBytes(f);
        manifest.append(first ? "" : ",").append('"').append(f.getFileName()).append("\":{\"sha256\":\"")
            .append(sha(content)).append("\",\"bytes\":").append(content.length).append('}');
        first = false;
      }
    }
    byte[] bytes = manifest.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(CheckpointVerifier.MANIFEST), bytes);
    return sha(bytes);
  }

  static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static void corrupt(Path file) throws IOException {
    Files.writeString(file, "corrupted");
  }
}

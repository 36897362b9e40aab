package dev.shears.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Ships (or removes) the {@code shears_t5} Python sources that a model directory's config.json names. */
final class HfRemoteCode {
  private static final String RESOURCES = "/dev/shears/model/hf/";

  private HfRemoteCode() {}

  static void writeOrRemove(Path dir, boolean needed) throws IOException {
    for (String file : HfConfigJson.remoteCodeFiles()) {
      Path target = dir.resolve(file);
      if (!needed) {
        Files.deleteIfExists(target);
        continue;
      }
      try (InputStream in = HfRemoteCode.class.getResourceAsStream(RESOURCES + file)) {
        if (in == null) {
          throw new UncheckedIOException(new IOException("Missing resource " + RESOURCES + file));
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}

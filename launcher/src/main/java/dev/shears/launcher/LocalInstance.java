package dev.shears.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@code shears up} tells the other commands on the same machine: where Kafka and the services
 * listen and the API token. Written to {@code .shears/instance.json} (owner-only permissions) and removed on
 * shutdown.
 *
 * @param pid the process id of {@code shears up}
 * @param bootstrap Kafka bootstrap servers
 * @param token the bearer token for mutating API calls
 * @param endpoints service name to base URL
 */
public record LocalInstance(long pid, String bootstrap, String token, Map<String, String> endpoints) {
  static final String FILE = "instance.json";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LocalInstance {
    endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  /** The instance recorded under {@code dataDir}, if its process is still alive. */
  public static Optional<LocalInstance> find(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      LocalInstance instance = MAPPER.readValue(file.toFile(), LocalInstance.class);
      return ProcessHandle.of(instance.pid()).filter(ProcessHandle::isAlive).map(p -> instance);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The orchestrator URL of the instance recorded under {@code dataDir}, if it is alive and serves one. */
  public static Optional<String> orchestratorUrl(Path dataDir) {
    return find(dataDir).map(i -> i.endpoints().get("orchestrator"));
  }

  /** Writes this instance atomically under {@code dataDir}. */
  public void write(Path dataDir) {
    try {
      Path tmp = Files.createTempFile(dataDir, "instance", ".tmp");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      MAPPER.writeValue(tmp.toFile(), this);
      Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dataDir.resolve(FILE), e);
    }
  }

  /** Removes the instance file if it still describes this process. */
  public void remove(Path dataDir) {
    find(dataDir).filter(i -> i.pid() == pid).ifPresent(i -> {
      try {
        Files.deleteIfExists(dataDir.resolve(FILE));
      } catch (IOException ignored) {
        // A stale file is harmless: find() checks that its process is alive.
      }
    });
  }
}

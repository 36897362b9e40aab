package dev.shears.launcher.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One compose project on the local Docker engine, driven through the {@code docker-compose} (or {@code docker
 * compose}) and {@code docker} command-line clients: up, down, and the faults the container chaos run injects
 * (kill, stop, start, network disconnect and connect). Each command's output goes to {@code log}.
 */
final class DockerCompose {
  private final List<String> compose;
  private final String project;
  private final List<Path> files;
  private final Map<String, String> env;
  private final Path log;
  private final Map<String, String> containers = new java.util.HashMap<>();

  DockerCompose(String project, List<Path> files, Map<String, String> env, Path log) {
    this.compose = composeCommand();
    this.project = project;
    this.files = List.copyOf(files);
    this.env = Map.copyOf(env);
    this.log = log;
  }

  String project() {
    return project;
  }

  /** {@code docker-compose … ARGS}: fails naming the command when it exits non-zero. */
  String compose(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(compose);
    command.add("-p");
    command.add(project);
    for (Path f : files) {
      command.add("-f");
      command.add(f.toString());
    }
    command.addAll(List.of(args));
    return run(command, timeout);
  }

  /** {@code docker ARGS}. */
  String docker(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return run(command, timeout);
  }

  /** Any other command, e.g. a build script, with this project's environment and log. */
  String exec(Duration timeout, String... command) {
    return run(List.of(command), timeout);
  }

  /**
   * The id of the container of a one-replica service. Asked once per service: kill, stop, start and network
   * changes keep a container's id, and {@code docker-compose} itself is slow to start.
   */
  synchronized String container(String service) {
    String known = containers.get(service);
    if (known != null) {
      return known;
    }
    String id = compose(Duration.ofSeconds(60), "ps", "-q", service).strip();
    if (id.isEmpty() || id.contains("\n")) {
      throw new SweepRun.RunFailure("compose", "expected one container of service " + service + " in project "
          + project + ", found '" + id + "'");
    }
    containers.put(service, id);
    return id;
  }

  /**
   * The health of each service's container, in one {@code docker inspect}: healthy, unhealthy, starting, or its
   * state (exited, dead…) when it is not running or has no health check.
   */
  Map<String, String> health(List<String> services) {
    List<String> args = new ArrayList<>(List.of("inspect", "-f",
        "{{if and .State.Running .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}"));
    for (String s : services) {
      args.add(container(s));
    }
    List<String> states = docker(Duration.ofSeconds(30), args.toArray(String[]::new)).lines().toList();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < services.size(); i++) {
      out.put(services.get(i), i < states.size() ? states.get(i).strip() : "unknown");
    }
    return out;
  }

  /** The compose project's default network, which every service joins. */
  String network() {
    return project + "_default";
  }

  private String run(List<String> command, Duration timeout) {
    Path output = null;
    try {
      Files.createDirectories(log.getParent());
      output = Files.createTempFile(log.getParent(), "docker-", ".out");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.writeString(log, "$ " + String.join(" ", command) + "\n" + text + (text.endsWith("\n") ? "" : "\n"),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (!ended) {
        throw new SweepRun.RunFailure("docker", "timed out after " + timeout.toSeconds() + " s: "
            + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new SweepRun.RunFailure("docker", String.join(" ", command) + " exited " + p.exitValue() + ": "
            + tail(text, 20));
      }
      return text;
    } catch (IOException e) {
      throw new SweepRun.RunFailure("docker", "cannot run " + command.get(0) + " (" + e.getMessage()
          + "); is Docker installed? See compose/README.md");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SweepRun.RunFailure("interrupted", "interrupted while running " + String.join(" ", command));
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover temp file in the work dir is harmless
        }
      }
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** {@code docker-compose} (Compose v1, Debian's package) when installed, else the v2 plugin. */
  private static List<String> composeCommand() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
        return List.of("docker-compose");
      }
    }
    return List.of("docker", "compose");
  }
}

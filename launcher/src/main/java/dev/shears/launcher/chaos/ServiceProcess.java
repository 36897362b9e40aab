package dev.shears.launcher.chaos;

import dev.shears.launcher.Shears;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Shears service as a separate OS process: {@code java -cp <this class path> dev.shears.launcher.Shears
 * <args>}, its output appended to a log file. May be killed (SIGKILL) and started again with the same arguments.
 */
final class ServiceProcess {
  private final String name;
  private final List<String> jvmOptions;
  private final List<String> args;
  private final Path workDir;
  private final Path log;
  private final Map<String, String> env;
  private Process process;
  private int starts;

  ServiceProcess(String name, List<String> jvmOptions, List<String> args, Path workDir, Map<String, String> env) {
    this.name = name;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.args = List.copyOf(args);
    this.workDir = workDir;
    this.log = workDir.resolve("logs").resolve(name + ".log");
    this.env = Map.copyOf(env);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  synchronized ServiceProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(Shears.class.getName());
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, (starts++ == 0 ? "" : "\n") + "=== start " + starts + ": " + String.join(" ", args)
          + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(env);
      process = pb.start();
      // Nothing is ever written to it; closing it now keeps a service that reads stdin from waiting on us.
      process.getOutputStream().close();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /** SIGKILL, then waits for the process to be gone. */
  synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitGone(30);
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it has not exited within {@code seconds}. */
  synchronized void stop(int seconds) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    waitGone(30);
  }

  private void waitGone(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit within " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + name + " to exit", e);
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** The log's text, for readiness checks and failure messages. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last lines of the log, for failure messages. */
  String tail(int lines) {
    List<String> all = output().lines().toList();
    return all.subList(Math.max(0, all.size() - lines), all.size()).stream().collect(Collectors.joining("\n"));
  }

  /** This JVM's class path with absolute entries, since services run in their own working directory. */
  private static String classPath() {
    String cp = System.getProperty("java.class.path");
    List<String> entries = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}

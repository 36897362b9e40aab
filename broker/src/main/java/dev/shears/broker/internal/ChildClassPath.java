package dev.shears.broker.internal;

import dev.shears.broker.KafkaBrokerException;

import java.io.IOException;
import java.io.InputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The class path of the broker JVM: Kafka's server jars plus this module's own classes.
 *
 * <p>Resolved in order from the system property {@value #PROPERTY}, the environment variable {@value #ENV},
 * then the {@value #RESOURCE} resource written by the build. An entry {@code DIR/*} stands for the jars in DIR,
 * as in {@code java -cp}. Every entry must exist, so a cleaned Maven
 * repository fails here, naming the missing jar, rather than as a {@code ClassNotFoundException} in the child.
 */
public final class ChildClassPath {

  public static final String PROPERTY = "shears.broker.classpath";
  public static final String ENV = "SHEARS_BROKER_CLASSPATH";
  public static final String RESOURCE = "/dev/shears/broker/broker.classpath";

  private ChildClassPath() {
  }

  /**
   * Resolves the class path.
   *
   * @param override an explicit class path, or null to use {@code systemProperties} / {@code env} / the resource
   */
  public static String resolve(String override, Properties systemProperties, Map<String, String> env) {
    String source;
    String raw;
    if (override != null) {
      source = "the builder's classPath";
      raw = override;
    } else if (systemProperties.getProperty(PROPERTY) != null) {
      source = "system property " + PROPERTY;
      raw = systemProperties.getProperty(PROPERTY);
    } else if (env.get(ENV) != null) {
      source = "environment variable " + ENV;
      raw = env.get(ENV);
    } else {
      source = "resource " + RESOURCE;
      raw = readResource();
    }
    Set<String> entries = new LinkedHashSet<>();
    entries.add(ownLocation().toString());
    for (String entry : raw.trim().split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      if (entry.endsWith("*")) {
        entries.addAll(jarsIn(entry, source));
        continue;
      }
      if (!Files.exists(Path.of(entry))) {
        throw new KafkaBrokerException("Broker class path entry " + entry + " (from " + source
            + ") does not exist; rebuild shears-broker or set " + ENV);
      }
      entries.add(entry);
    }
    return String.join(File.pathSeparator, new ArrayList<>(entries));
  }

  /**
   * The jars of a {@code DIR/*} entry (as {@code java -cp} reads it), sorted by name so the child's class path is
   * the same on every start; an image ships the broker's jars as one directory rather than Maven paths.
   */
  private static List<String> jarsIn(String wildcard, String source) {
    Path dir = Path.of(wildcard.substring(0, wildcard.length() - 1));
    if (!Files.isDirectory(dir)) {
      throw new KafkaBrokerException("Broker class path entry " + wildcard + " (from " + source
          + ") names directory " + dir + ", which does not exist; set " + ENV + " to the directory of the"
          + " org.apache.kafka:kafka_2.13 jars followed by /*");
    }
    try (var files = Files.list(dir)) {
      List<String> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).map(Path::toString)
          .sorted().toList();
      if (jars.isEmpty()) {
        throw new KafkaBrokerException("Broker class path entry " + wildcard + " (from " + source
            + ") matches no jar in " + dir);
      }
      return jars;
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot list broker class path directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String readResource() {
    try (InputStream in = ChildClassPath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new KafkaBrokerException("Resource " + RESOURCE + " is missing from shears-broker; rebuild it"
            + " or set " + ENV + " to the class path of org.apache.kafka:kafka_2.13");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot read resource " + RESOURCE, e);
    }
  }

  /** The jar or class directory holding {@link BrokerMain}. */
  static Path ownLocation() {
    try {
      return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new KafkaBrokerException("Cannot locate the classes of shears-broker", e);
    }
  }

  /** The class path split into entries, for diagnostics. */
  public static List<String> entries(String classPath) {
    return List.of(classPath.split(File.pathSeparator));
  }
}

package dev.shears.broker.internal;

import java.nio.file.Path;

/**
 * Where a broker keeps its files inside its data directory.
 *
 * @param dataDir the broker's data directory, absolute
 */
public record BrokerLayout(Path dataDir) {

  public BrokerLayout {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** Kafka's {@code log.dirs}: partitions and the KRaft metadata log. */
  public Path logDirs() {
    return dataDir.resolve("logs");
  }

  /** The cluster id chosen on first start, reused on every later start. */
  public Path clusterIdFile() {
    return dataDir.resolve("cluster.id");
  }

  /** {@code server.properties}, rewritten on every start (ports may change). */
  public Path serverProperties() {
    return dataDir.resolve("server.properties");
  }

  /** The broker's log4j log. */
  public Path brokerLog() {
    return dataDir.resolve("broker.log");
  }

  /** Standard output and error of the broker JVM. */
  public Path processOutput() {
    return dataDir.resolve("broker.out");
  }
}

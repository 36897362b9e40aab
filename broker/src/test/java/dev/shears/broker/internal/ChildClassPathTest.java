package dev.shears.broker.internal;

import dev.shears.broker.KafkaBrokerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChildClassPathTest {

  @TempDir
  Path dir;

  @Test
  void buildTimeClassPathHoldsTheKafkaServerAndOurOwnClasses() {
    String cp = ChildClassPath.resolve(null, new Properties(), Map.of());

    assertThat(ChildClassPath.entries(cp).get(0)).isEqualTo(ChildClassPath.ownLocation().toString());
    assertThat(cp).contains("kafka_2.13-").contains("scala-library-").contains("log4j-core-");
  }

  @Test
  void systemPropertyWinsOverEnvironment() throws Exception {
    Path jar = Files.createFile(dir.resolve("a.jar"));
    Path other = Files.createFile(dir.resolve("b.jar"));
    Properties props = new Properties();
    props.setProperty(ChildClassPath.PROPERTY, jar.toString());

    String cp = ChildClassPath.resolve(null, props, Map.of(ChildClassPath.ENV, other.toString()));

    assertThat(ChildClassPath.entries(cp)).containsExactly(ChildClassPath.ownLocation().toString(), jar.toString());
  }

  @Test
  void missingEntryIsNamedWithItsSource() {
    String missing = dir.resolve("gone.jar").toString();

    assertThatThrownBy(() -> ChildClassPath.resolve(null, new Properties(),
        Map.of(ChildClassPath.ENV, missing + File.pathSeparator)))
        .isInstanceOf(KafkaBrokerException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining(ChildClassPath.ENV);
  }

  @Test
  void directoryWildcardStandsForItsJarsInNameOrder() throws Exception {
    Path lib = Files.createDirectory(dir.resolve("broker-lib"));
    Path b = Files.createFile(lib.resolve("b.jar"));
    Path a = Files.createFile(lib.resolve("a.jar"));
    Files.createFile(lib.resolve("notes.txt"));

    String cp = ChildClassPath.resolve(null, new Properties(), Map.of(ChildClassPath.ENV, lib + File.separator + "*"));

    assertThat(ChildClassPath.entries(cp)).containsExactly(ChildClassPath.ownLocation().toString(), a.toString(),
        b.toString());
  }

  @Test
  void wildcardOverAMissingDirectoryIsNamed() {
    String missing = dir.resolve("no-such-dir") + File.separator + "*";

    assertThatThrownBy(() -> ChildClassPath.resolve(null, new Properties(), Map.of(ChildClassPath.ENV, missing)))
        .isInstanceOf(KafkaBrokerException.class)
        .hasMessageContaining(dir.resolve("no-such-dir").toString())
        .hasMessageContaining(ChildClassPath.ENV);
  }
}

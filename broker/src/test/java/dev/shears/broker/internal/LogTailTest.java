package dev.shears.broker.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheLastLinesWrittenSinceTheOffset() throws Exception {
    Path log = dir.resolve("broker.log");
    Files.writeString(log, "old run\n");
    long since = LogTail.sizeOf(log);
    Files.writeString(log, "one\ntwo\n\nthree\nfour\n", java.nio.file.StandardOpenOption.APPEND);

    assertThat(LogTail.of(log, since, 3)).isEqualTo(String.join(System.lineSeparator(), "two", "three", "four"));
  }

  @Test
  void aRolledFileIsReadWhole() throws Exception {
    Path log = Files.writeString(dir.resolve("broker.log"), "after roll\n");

    assertThat(LogTail.of(log, 10_000, 5)).isEqualTo("after roll");
  }

  @Test
  void missingFileHasNoTail() {
    assertThat(LogTail.of(dir.resolve("absent.log"), 0, 5)).isEmpty();
    assertThat(LogTail.sizeOf(dir.resolve("absent.log"))).isZero();
  }
}

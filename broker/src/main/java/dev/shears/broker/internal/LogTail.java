package dev.shears.broker.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a log file written since a known offset, for error messages. */
public final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {
  }

  /** The current size of {@code file}, or 0 when it does not exist. */
  public static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Returns at most {@code lines} last lines written to {@code file} after byte {@code since}; if the file
   * shrank (it rolled over) the whole file counts. Empty when there is nothing.
   */
  public static String of(Path file, long since, int lines) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long start = since > length ? 0 : since;
      start = Math.max(start, length - MAX_BYTES);
      byte[] bytes = new byte[(int) (length - start)];
      raf.seek(start);
      raf.readFully(bytes);
      Deque<String> kept = new ArrayDeque<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        kept.addLast(line);
        if (kept.size() > lines) {
          kept.removeFirst();
        }
      }
      return String.join(System.lineSeparator(), kept);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}

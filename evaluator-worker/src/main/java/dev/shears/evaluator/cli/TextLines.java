package dev.shears.evaluator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of one text per line, where a text spanning several sentences writes its newlines as
 * the two characters {@code \n} (and a literal backslash as {@code \\}). A final empty line (a trailing
 * newline) is not a text.
 */
public final class TextLines {

  private TextLines() {}

  /**
   * The texts of {@code file}, unescaped.
   *
   * @throws IOException when the file cannot be read (NoSuchFileException names it)
   */
  public static List<String> read(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(unescape(line));
    }
    return out;
  }

  /** Decodes {@code \n} to a newline and {@code \\} to a backslash; other characters stay. */
  public static String unescape(String line) {
    if (line.indexOf('\\') < 0) {
      return line;
    }
    StringBuilder b = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(i + 1);
        if (next == 'n') {
          b.append('\n');
          i++;
          continue;
        }
        if (next == '\\') {
          b.append('\\');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }
}

package dev.shears.model.data;

import dev.shears.model.ModelFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds apt's English description indexes in a lists directory (by default {@code /var/lib/apt/lists}). */
public final class AptIndexes {
  /** Where apt keeps its downloaded indexes. */
  public static final Path DEFAULT_LISTS = Path.of("/var/lib/apt/lists");
  /** The file names looked for: {@code *_i18n_Translation-en} with any compression suffix. */
  public static final String PATTERN = "*_i18n_Translation-en*";
  /** What fetches them on Debian (Ubuntu fetches them by default). */
  public static final String FETCH_COMMAND = "apt-get update -o Acquire::Languages=en";

  private AptIndexes() {}

  /**
   * The index files in {@code listsDir}, sorted by name.
   *
   * @throws ModelFormatException when there are none, naming the directory, the pattern and the fetch command
   */
  public static List<Path> find(Path listsDir) {
    if (!Files.isDirectory(listsDir)) {
      throw missing(listsDir, "the directory does not exist");
    }
    List<Path> found;
    try (Stream<Path> files = Files.list(listsDir)) {
      found = files.filter(Files::isRegularFile)
          .filter(p -> matches(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + listsDir + ": " + e.getMessage(), e);
    }
    if (found.isEmpty()) {
      throw missing(listsDir, "no such file");
    }
    return found;
  }

  static boolean matches(String name) {
    int i = name.indexOf("_i18n_Translation-en");
    if (i < 0) {
      return false;
    }
    // Translation-en, Translation-en.lz4, .gz, ...; not Translation-en_GB or apt's partial .diff files.
    String rest = name.substring(i + "_i18n_Translation-en".length());
    return rest.isEmpty() || (rest.startsWith(".") && !rest.contains(".diff"));
  }

  private static ModelFormatException missing(Path dir, String why) {
    return new ModelFormatException("No English package descriptions in " + dir + " (looked for "
        + dir.resolve(PATTERN) + ": " + why + "). Fetch them as root with: " + FETCH_COMMAND);
  }
}

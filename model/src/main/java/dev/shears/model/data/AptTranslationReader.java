package dev.shears.model.data;

import dev.shears.model.ModelFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads apt's {@code *_i18n_Translation-en} index files: deb822 stanzas of {@code Package}, {@code
 * Description-md5} and {@code Description-en}, whose first line is the synopsis and whose continuation lines
 * (one leading space; {@code " ."} a blank line) the long description. Files may be plain, LZ4-framed (apt's
 * default on Debian, see {@link Lz4FrameInputStream}) or gzip; the format is told by the file's magic bytes, not its name.
 */
public final class AptTranslationReader {
  /** Every described package in {@code file}, in file order; stanzas without a description are skipped. */
  public List<PackageDescription> read(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        BufferedReader r = new BufferedReader(new InputStreamReader(decompressed(raw, file), StandardCharsets.UTF_8))) {
      return parse(r, file);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read apt index " + file + ": " + e.getMessage(), e);
    }
  }

  private static InputStream decompressed(InputStream in, Path file) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length == 4) {
      int le = (magic[0] & 0xff) | (magic[1] & 0xff) << 8 | (magic[2] & 0xff) << 16 | (magic[3] & 0xff) << 24;
      if (le == Lz4FrameInputStream.MAGIC) {
        return new Lz4FrameInputStream(in);
      }
    }
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in);
    }
    if (magic.length >= 2 && (magic[0] & 0xff) == 0xfd && magic[1] == '7') {
      throw new ModelFormatException("Apt index " + file + " is xz-compressed, which is not supported: "
          + "decompress it (unxz) or fetch the lz4/plain index");
    }
    return in;
  }

  private static List<PackageDescription> parse(BufferedReader r, Path file) throws IOException {
    List<PackageDescription> out = new ArrayList<>();
    Stanza s = new Stanza();
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        s.emitTo(out, file, n);
        s = new Stanza();
      } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        s.continuation(line, file, n);
      } else {
        s.field(line, file, n);
      }
    }
    s.emitTo(out, file, n);
    return out;
  }

  /** The fields of the stanza being read. */
  private static final class Stanza {
    private String packageName;
    private String md5;
    private String synopsis;
    private final StringBuilder description = new StringBuilder();
    private String currentField;

    void field(String line, Path file, int n) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ModelFormatException(file + ":" + n + ": expected 'Field: value', got '" + abbreviate(line) + "'");
      }
      currentField = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (currentField) {
        case "Package" -> packageName = value;
        case "Description-md5" -> md5 = value;
        case "Description-en" -> synopsis = value;
        default -> { }
      }
    }

    void continuation(String line, Path file, int n) {
      if (currentField == null) {
        throw new ModelFormatException(file + ":" + n + ": continuation line before any field");
      }
      if (!"Description-en".equals(currentField)) {
        return;
      }
      // deb822 long descriptions: " ." is an empty line; lines with more indentation are verbatim.
      String text = line.strip();
      if (!text.equals(".")) {
        append(text);
      }
    }

    private void append(String text) {
      for (String word : text.split("\\s+")) {
        if (!word.isEmpty()) {
          if (!description.isEmpty()) {
            description.append(' ');
          }
          description.append(word);
        }
      }
    }

    void emitTo(List<PackageDescription> out, Path file, int n) {
      if (packageName == null && synopsis == null) {
        return;
      }
      if (packageName == null || packageName.isEmpty()) {
        throw new ModelFormatException(file + ":" + n + ": stanza without a Package field");
      }
      if (synopsis == null) {
        return;
      }
      String oneLine = String.join(" ", synopsis.split("\\s+")).strip();
      out.add(new PackageDescription(packageName, md5 == null ? "" : md5, oneLine, description.toString()));
    }

    private static String abbreviate(String s) {
      return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
  }
}

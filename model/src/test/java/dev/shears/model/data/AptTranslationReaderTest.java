package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.model.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptTranslationReaderTest {
  private final AptTranslationReader reader = new AptTranslationReader();

  @Test
  void readsEveryStanzaOfAPlainIndex(@TempDir Path dir) throws IOException {
    List<PackageDescription> all = reader.read(copy("Translation-en", dir));
    assertThat(all).hasSize(71);
    PackageDescription zstd = all.stream().filter(d -> d.packageName().equals("zstd")).findFirst().orElseThrow();
    assertThat(zstd.md5()).isEqualTo("d2e4d40bb07cc70b5a32d3b4a9b5f53d");
    assertThat(zstd.synopsis()).isEqualTo("fast lossless compression algorithm -- CLI tool");
    // Continuation lines joined, the " ." paragraph break dropped, whitespace collapsed.
    assertThat(zstd.description()).isEqualTo("Zstd, short for Zstandard, is a fast lossless compression algorithm, "
        + "targeting real-time compression scenarios at zlib-level compression ratio. "
        + "This package contains the CLI program implementing zstd.");
  }

  @Test
  void lz4AndGzipIndexesReadTheSameAsThePlainOne(@TempDir Path dir) throws IOException {
    List<PackageDescription> plain = reader.read(copy("Translation-en", dir));
    Path gz = dir.resolve("any-name");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(dir.resolve("Translation-en")));
    }
    assertThat(reader.read(copy("Translation-en.lz4", dir))).isEqualTo(plain);
    assertThat(reader.read(gz)).isEqualTo(plain);
  }

  @Test
  void aLineThatIsNeitherFieldNorContinuationNamesFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("Translation-en");
    Files.writeString(f, "Package: a\nDescription-en: x\n y\n\nno colon here\n", StandardCharsets.UTF_8);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> reader.read(f));
    assertThat(e).hasMessageContaining(f + ":5").hasMessageContaining("'no colon here'");
  }

  @Test
  void stanzasWithoutADescriptionAreSkipped(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("Translation-en");
    Files.writeString(f, "Package: a\nDescription-md5: 1\n\nPackage: b\nDescription-en: B tool\n long text\n",
        StandardCharsets.UTF_8);
    assertThat(reader.read(f)).containsExactly(new PackageDescription("b", "", "B tool", "long text"));
  }

  static Path copy(String resource, Path dir) throws IOException {
    Path target = dir.resolve(resource);
    try (InputStream in = AptTranslationReaderTest.class.getResourceAsStream("/data/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }
}

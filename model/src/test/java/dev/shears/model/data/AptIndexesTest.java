package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptIndexesTest {
  @Test
  void findsEnglishTranslationIndexesOnly(@TempDir Path dir) throws IOException {
    for (String name : new String[] {
        "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en.lz4",
        "deb.debian.org_debian_dists_bookworm-updates_main_i18n_Translation-en",
        "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-de.lz4",
        "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en_GB",
        "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"}) {
      Files.writeString(dir.resolve(name), "");
    }
    assertThat(AptIndexes.find(dir)).extracting(p -> p.getFileName().toString()).containsExactly(
        "deb.debian.org_debian_dists_bookworm-updates_main_i18n_Translation-en",
        "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en.lz4");
  }

  @Test
  void noIndexNamesThePatternAndTheCommandThatFetchesIt(@TempDir Path dir) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> AptIndexes.find(dir));
    assertThat(e).hasMessageContaining(dir.resolve("*_i18n_Translation-en*").toString())
        .hasMessageContaining("apt-get update -o Acquire::Languages=en");
  }
}

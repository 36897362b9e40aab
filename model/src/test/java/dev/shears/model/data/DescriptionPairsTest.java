package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionPairsTest {
  private static final String TEXT = "a long description of ten words that is long enough";

  private final DescriptionPairs pairs = new DescriptionPairs(DescriptionFilter.DEFAULT, 0.3, 0.3);

  @Test
  void theFixtureIndexSplitsDisjointlyByPackageAndDescription(@TempDir Path dir) throws IOException {
    List<PackageDescription> all = new AptTranslationReader().read(AptTranslationReaderTest.copy("Translation-en", dir));
    DescriptionPairs.Result r = pairs.split(all);

    Set<String> packages = new HashSet<>();
    Set<String> descriptions = new HashSet<>();
    int total = 0;
    for (DatasetSplit s : DatasetSplit.values()) {
      assertThat(r.count(s)).as(s.label()).isPositive();
      for (PackageDescription d : r.splits().get(s)) {
        assertThat(packages.add(d.packageName())).as("package %s in two splits", d.packageName()).isTrue();
        assertThat(descriptions.add(d.description())).as("description of %s twice", d.packageName()).isTrue();
        assertThat(DatasetSplit.of(d.packageName(), 0.3, 0.3)).isEqualTo(s);
        total++;
      }
    }
    assertThat(total + r.filteredOut() + r.duplicateDescriptions()).isEqualTo(r.packages());
  }

  @Test
  void aSharedDescriptionIsKeptOnceUnderTheFirstPackageName() {
    DescriptionPairs.Result r = pairs.split(List.of(
        new PackageDescription("libfoo-dev", "2", "foo library - development files", TEXT),
        new PackageDescription("libfoo1", "1", "foo library - runtime", TEXT)));
    List<PackageDescription> kept = r.splits().values().stream().flatMap(List::stream).toList();
    assertThat(kept).extracting(PackageDescription::packageName).containsExactly("libfoo-dev");
    assertThat(r.duplicateDescriptions()).isEqualTo(1);
  }

  @Test
  void aPackageListedTwiceKeepsItsSmallestMd5() {
    DescriptionPairs.Result r = pairs.split(List.of(
        new PackageDescription("foo", "bb", "newer synopsis of foo", TEXT + " newer"),
        new PackageDescription("foo", "aa", "older synopsis of foo", TEXT)));
    assertThat(r.packages()).isEqualTo(1);
    assertThat(r.splits().values().stream().flatMap(List::stream).map(PackageDescription::md5).toList())
        .containsExactly("aa");
  }

  @Test
  void lengthFiltersCountWords() {
    DescriptionPairs.Result r = pairs.split(List.of(
        new PackageDescription("short", "1", "two words", "too short to summarise"),
        new PackageDescription("onewordsynopsis", "2", "tool", TEXT),
        new PackageDescription("kept", "3", "two words", TEXT)));
    assertThat(r.filteredOut()).isEqualTo(2);
    assertThat(r.splits().values().stream().flatMap(List::stream).map(PackageDescription::packageName).toList())
        .containsExactly("kept");
  }

  @Test
  void theResultDoesNotDependOnInputOrder() {
    List<PackageDescription> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(new PackageDescription("pkg" + i, "m" + i, "synopsis number " + i, TEXT + " " + (i % 150)));
    }
    DescriptionPairs.Result a = pairs.split(all);
    Collections.shuffle(all, new Random(42));
    DescriptionPairs.Result b = pairs.split(all);
    assertThat(b.splits()).isEqualTo(a.splits());
    assertThat(a.duplicateDescriptions()).isEqualTo(50);
  }

  @Test
  void writesOneJsonObjectPerLineWithTheThreeFields(@TempDir Path dir) throws IOException {
    DescriptionPairs.Result r = new DescriptionPairs(DescriptionFilter.DEFAULT, 0.01, 0.01)
        .split(List.of(new PackageDescription("Ω-tool", "1", "a \"quoted\" synopsis", TEXT)));
    r.writeTo(dir);
    assertThat(Files.readAllLines(dir.resolve("train.jsonl")))
        .containsExactly("{\"package\":\"Ω-tool\",\"description\":\"" + TEXT + "\",\"synopsis\":\"a \\\"quoted\\\" synopsis\"}");
    assertThat(dir.resolve("validation.jsonl")).isEmptyFile();
    assertThat(dir.resolve("test.jsonl")).isEmptyFile();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("train.jsonl", "validation.jsonl", "test.jsonl");
    }
  }

  @Test
  void fractionsThatLeaveNoTrainingDataAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DescriptionPairs(DescriptionFilter.DEFAULT, 0.5, 0.5));
    assertThat(e).hasMessageContaining("validation 0.5 + test 0.5");
  }

  @Test
  void splitSharesFollowTheFractions() {
    int[] counts = new int[3];
    for (int i = 0; i < 20_000; i++) {
      counts[DatasetSplit.of("package-" + i, 0.1, 0.05).ordinal()]++;
    }
    assertThat(counts[DatasetSplit.TEST.ordinal()]).isBetween(850, 1150);
    assertThat(counts[DatasetSplit.VALIDATION.ordinal()]).isBetween(1750, 2250);
  }
}

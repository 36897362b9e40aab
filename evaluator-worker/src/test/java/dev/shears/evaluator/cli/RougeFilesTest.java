package dev.shears.evaluator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.model.rouge.RougeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RougeFilesTest {

  @TempDir
  Path dir;

  @Test
  void escapesBecomeSentenceBreaks() {
    assertThat(TextLines.unescape("one.\\ntwo.")).isEqualTo("one.\ntwo.");
    assertThat(TextLines.unescape("a\\\\nb")).isEqualTo("a\\nb");
    assertThat(TextLines.unescape("trailing\\")).isEqualTo("trailing\\");
  }

  @Test
  void corpusMeanOverLines() throws Exception {
    Path pred = write("pred.txt", "testing\nw1 w2 w6 w7 w8\\nw1 w3 w8 w9 w5\n");
    Path ref = write("ref.txt", "testing one two\nw1 w2 w3 w4 w5\n");
    RougeFiles.Result r = new RougeFiles(RougeType.STANDARD, false).score(pred, ref, null);
    assertThat(r.pairs()).isEqualTo(2);
    // rouge1: pair 1 F = 0.5 (P 1, R 1/3); pair 2 unigrams w1,w2,w3,w5 of 10 and of 5 → F = 2·0.4·0.8/1.2.
    assertThat(r.meanF1().get("rouge1")).isCloseTo((0.5 + 0.8 * 0.8 / 1.2) / 2, within(1e-12));
    // rougeLsum: pair 1 = its rougeL 0.5; pair 2 the union LCS case, 0.5333….
    assertThat(r.meanF1().get("rougeLsum")).isCloseTo((0.5 + 0.64 / 1.2) / 2, within(1e-12));
    assertThat(r.intervals()).isEmpty();
  }

  @Test
  void differentLengthsNameBothCounts() throws Exception {
    Path pred = write("pred.txt", "a\nb\nc\n");
    Path ref = write("ref.txt", "a\nb\n");
    LengthMismatchException e = assertThrows(LengthMismatchException.class,
        () -> new RougeFiles(RougeType.STANDARD, false).score(pred, ref, null));
    assertThat(e.predictions()).isEqualTo(3);
    assertThat(e.references()).isEqualTo(2);
    assertThat(e.getMessage()).contains("pred.txt has 3").contains("ref.txt has 2");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.txt");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> new RougeFiles(RougeType.STANDARD, false).score(missing, missing, null));
    assertThat(e.getMessage()).contains("nope.txt");
  }

  @Test
  void intervalsWhenAsked() throws Exception {
    Path pred = write("pred.txt", "a b\na c\nx y\n");
    Path ref = write("ref.txt", "a b\na b\na b\n");
    RougeFiles.Result r = new RougeFiles(RougeType.STANDARD, false).score(pred, ref, 1L);
    assertThat(r.intervals().get("rouge1").low()).isLessThanOrEqualTo(r.meanF1().get("rouge1"));
    assertThat(r.intervals().get("rouge1").high()).isGreaterThanOrEqualTo(r.meanF1().get("rouge1"));
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}

package dev.shears.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDataTest {

  @TempDir
  Path dir;

  @Test
  void aLimitedSplitFromFilesIsSpreadOverTheWholeSplitNotItsFirstLines() throws IOException {
    // Sorted like shears data debian-descriptions writes them: a prefix would hold one end of the alphabet only.
    String test = String.join("\n", IntStream.range(0, 10)
        .mapToObj(i -> "{\"description\": \"d" + i + "\", \"synopsis\": \"s" + i + "\"}").toList()) + "\n";
    for (String split : new String[] {"train.jsonl", "validation.jsonl"}) {
      Files.writeString(dir.resolve(split), "{\"description\": \"x\", \"synopsis\": \"y\"}\n");
    }
    Files.writeString(dir.resolve("test.jsonl"), test);
    List<EvalExample> four = EvalData.testSplit(dir.toString(), "description", "synopsis", 4, 0);
    assertThat(four).extracting(EvalExample::input).containsExactly("d0", "d2", "d5", "d7");
    assertThat(EvalData.testSplit(dir.toString(), "description", "synopsis", 0, 0)).hasSize(10);
    assertThat(EvalData.testSplit(dir.toString(), "description", "synopsis", 20, 0)).hasSize(10);
  }

  @Test
  void aLimitedBuiltinSplitKeepsItsFirstExamples() {
    List<EvalExample> all = EvalData.testSplit("builtin:synthetic-summarize", "input", "target", 0, 0);
    assertThat(EvalData.testSplit("builtin:synthetic-summarize", "input", "target", 5, 0))
        .isEqualTo(all.subList(0, 5));
  }

  @Test
  void spreadTakesEveryNthInOrder() {
    List<Integer> all = IntStream.range(0, 1467).boxed().toList();
    List<Integer> spread = EvalData.spread(all, 128);
    assertThat(spread).hasSize(128).isSorted().doesNotHaveDuplicates().startsWith(0, 11, 22).endsWith(1455);
  }
}

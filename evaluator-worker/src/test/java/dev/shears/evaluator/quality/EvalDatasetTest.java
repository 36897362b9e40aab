package dev.shears.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDatasetTest {

  @TempDir
  Path dir;

  @Test
  void readsStringAndListTargets() throws Exception {
    Path file = Files.writeString(dir.resolve("qa.jsonl"), """
        {"question": "Which team won?", "answers": ["Denver Broncos", "the Broncos"]}

        {"question": "Where?", "answers": "Levi's Stadium"}
        """);
    List<EvalExample> examples = new EvalDataset().read(file, "question", "answers", 0);
    assertThat(examples).containsExactly(
        new EvalExample("Which team won?", List.of("Denver Broncos", "the Broncos")),
        new EvalExample("Where?", List.of("Levi's Stadium")));
    assertThat(new EvalDataset().read(file, "question", "answers", 1)).hasSize(1);
  }

  @Test
  void badLinesNameFileLineAndField() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"input\": \"x\", \"target\": \"y\"}\n{\"input\": 3}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EvalDataset().read(file, "input", "target", 0));
    assertThat(e.getMessage()).contains("bad.jsonl line 2").contains("'input'");
    Path noTarget = Files.writeString(dir.resolve("nt.jsonl"), "{\"input\": \"x\"}\n");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> new EvalDataset().read(noTarget, "input", "target", 0)).getMessage()).contains("line 1").contains("'target'");
    Path notJson = Files.writeString(dir.resolve("nj.jsonl"), "{oops\n");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> new EvalDataset().read(notJson, "input", "target", 0)).getMessage()).contains("not JSON");
  }
}

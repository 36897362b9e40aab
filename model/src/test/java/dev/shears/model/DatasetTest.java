package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  private static T5Tokenizer tokenizer;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    tokenizer = T5Tokenizer.builtin();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void builtinTokenizerEncodesWordsAndAppendsEos() {
    int[] ids = tokenizer.encode("Anna sold five apples in Paris.");
    assertThat(ids).hasSize(8);
    assertThat(ids[ids.length - 1]).isEqualTo(1);
    assertThat(ids).doesNotContain(2);
    assertThat(tokenizer.decode(ids)).isEqualTo("anna sold five apples in paris .");
    assertThat(tokenizer.encode("anna zebra")).containsExactly(ids[0], 2, 1);
  }

  @Test
  void writtenTokenizerJsonLoadsFromDisk() {
    BuiltinModels.writeTokenizer(tmp);
    try (T5Tokenizer fromFile = T5Tokenizer.load(tmp)) {
      String text = "question : where does anna live ? context : anna lives in oslo .";
      assertThat(fromFile.encode(text)).containsExactly(tokenizer.encode(text));
    }
    assertThatThrownBy(() -> T5Tokenizer.load(tmp.resolve("nope")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void syntheticTasksAreSeededAndInVocabulary() {
    for (String task : SyntheticTasks.names()) {
      Seq2SeqDataset a = SyntheticTasks.load(task, 5, 300, 20, 20);
      Seq2SeqDataset b = SyntheticTasks.load(task, 5, 300, 20, 20);
      Seq2SeqDataset c = SyntheticTasks.load(task, 6, 300, 20, 20);
      assertThat(a).isEqualTo(b);
      assertThat(a.train()).isNotEqualTo(c.train());
      assertThat(a.train()).hasSize(300);
      assertThat(a.validation()).hasSize(20).isNotEqualTo(a.test());
      for (Seq2SeqExample e : a.train()) {
        assertThat(tokenizer.encode(e.input())).as(e.input()).doesNotContain(2);
        assertThat(tokenizer.encode(e.target())).as(e.target()).doesNotContain(2);
        for (String word : e.target().split(" ")) {
          if (!word.equals("and")) {
            assertThat(e.input()).as(task).contains(word);
          }
        }
      }
    }
    assertThat(SyntheticTasks.load(SyntheticTasks.SUMMARIZE, 1).train()).hasSize(SyntheticTasks.TRAIN);
  }

  @Test
  void jsonlReadsNamedFieldsAndNamesBadLines() throws IOException {
    Path f = tmp.resolve("data.jsonl");
    Files.writeString(f, "{\"dialogue\": \"anna lives in oslo\", \"summary\": \"oslo\"}\n\n"
        + "{\"dialogue\": \"ben works\", \"summary\": \"ben\"}\n");
    assertThat(JsonlDataset.read(f, "dialogue", "summary"))
        .containsExactly(new Seq2SeqExample("anna lives in oslo", "oslo"), new Seq2SeqExample("ben works", "ben"));
    Files.writeString(f, "{\"dialogue\": \"x\", \"summary\": \"y\"}\n{\"dialogue\": \"x\"}\n");
    assertThatThrownBy(() -> JsonlDataset.read(f, "dialogue", "summary"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("data.jsonl:2")
        .hasMessageContaining("'summary' is missing");
  }

  @Test
  void singleJsonlFileIsSplitDeterministically() throws IOException {
    Path f = tmp.resolve("all.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append("{\"in\": \"text ").append(i).append("\", \"out\": \"t").append(i).append("\"}\n");
    }
    Files.writeString(f, sb.toString());
    Seq2SeqDataset a = Seq2SeqDataset.open(f.toString(), "in", "out", 3);
    Seq2SeqDataset b = Seq2SeqDataset.open(f.toString(), "in", "out", 3);
    assertThat(a).isEqualTo(b);
    assertThat(a.train()).hasSize(40);
    assertThat(a.validation()).hasSize(5);
    assertThat(a.test()).hasSize(5);
    assertThat(a.train()).doesNotContainAnyElementsOf(a.test());
    assertThat(Seq2SeqDataset.open(SyntheticTasks.QA, "x", "y", 1).name()).isEqualTo(SyntheticTasks.QA);
  }

  @Test
  void batcherPadsAndIgnoresPadInLabels() {
    Seq2SeqBatcher batcher = new Seq2SeqBatcher(tokenizer, BuiltinModels.tinyT5Config(), 8, 4);
    List<Seq2SeqExample> ex =
        List.of(new Seq2SeqExample("anna lives in oslo .", "oslo"),
            new Seq2SeqExample("ben works as a baker in paris on monday .", "ben works as a baker"));
    try (NDManager m = NDManager.newBaseManager();
        Seq2SeqBatch b = batcher.batch(ex, m)) {
      int oslo = tokenizer.encode("oslo")[0];
      int[] ben = tokenizer.encode("ben works as");
      assertThat(b.inputIds().getShape().getShape()).containsExactly(2, 8);
      assertThat(b.labels().toLongArray())
          .containsExactly(oslo, 1, -100, -100, ben[0], ben[1], ben[2], 1);
      assertThat(b.decoderInputIds().toLongArray())
          .containsExactly(0, oslo, 0, 0, 0, ben[0], ben[1], ben[2]);
      assertThat(b.decoderAttentionMask().toLongArray()).containsExactly(1, 1, 0, 0, 1, 1, 1, 1);
      long[] mask = b.attentionMask().toLongArray();
      assertThat(Arrays.copyOf(mask, 8)).containsExactly(1, 1, 1, 1, 1, 1, 0, 0);
      long[] ids = b.inputIds().toLongArray();
      assertThat(ids[15]).isEqualTo(1); // truncated input keeps its EOS
    }
  }
}

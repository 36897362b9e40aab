package dev.shears.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.BuiltinModels;
import dev.shears.model.Seq2SeqDataset;
import dev.shears.model.Seq2SeqExample;
import dev.shears.model.T5Tokenizer;
import dev.shears.trainer.spec.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSONL dataset is batched as its eagerly tokenised examples would be, tokenising only what batches reach. */
class DatasetBatchesTest {
  private static final String[] WORDS = {"anna", "sold", "five", "apples", "in", "paris", "on", "monday", "ben",
      "repaired", "boats", "the", "weather", "was", "sunny"};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void batchesEqualThoseOfTheExamplesTokenisedUpFront() throws IOException {
    writeSplits(40, 12);
    TrialSpec spec = spec();
    Seq2SeqDataset dataset = Seq2SeqDataset.open(dir.toString(), "description", "synopsis", DatasetBatches.DATA_SEED);
    try (T5Tokenizer tokenizer = T5Tokenizer.builtin();
        BatchSource lazy = new DatasetBatches().open(spec);
        NDManager manager = NDManager.newBaseManager()) {
      ExampleBatches eager = new ExampleBatches(tokenize(dataset.train(), tokenizer),
          tokenize(dataset.validation().subList(0, 8), tokenizer), 4, 10, 6, 3, new ExampleBatches.Special(0, 1, 0));
      assertThat(lazy.validationBatches()).isEqualTo(2);
      for (long k = 0; k < 25; k++) { // 100 examples: past the end of the first epoch of 40
        assertSame(lazy.train(k, manager), eager.train(k, manager));
      }
      for (int k = 0; k < 2; k++) {
        assertSame(lazy.validation(k, manager), eager.validation(k, manager));
      }
    }
  }

  @Test
  void anExampleIsTokenisedWhenFirstReadAndOnce() {
    List<Seq2SeqExample> texts = List.of(new Seq2SeqExample("anna sold five apples", "anna sold apples"),
        new Seq2SeqExample("ben repaired boats in paris", "ben repaired boats"),
        new Seq2SeqExample("the weather was sunny", "sunny"));
    try (T5Tokenizer tokenizer = T5Tokenizer.builtin()) {
      TokenizedExamples examples = new TokenizedExamples(texts, tokenizer, 1);
      assertThat(examples).hasSize(3);
      assertThat(examples.tokenizedCount()).isZero();
      Example second = examples.get(1);
      assertThat(examples.tokenizedCount()).isEqualTo(1);
      assertThat(examples.get(1)).isSameAs(second);
      int[] source = tokenizer.encode("ben repaired boats in paris");
      assertThat(source[source.length - 1]).as("the tokenizer appends EOS").isEqualTo(1);
      assertThat(second.source()).as("without EOS").containsExactly(Arrays.copyOf(source, source.length - 1));
    }
  }

  private static void assertSame(Batch a, Batch b) {
    assertThat(a.inputIds().toLongArray()).containsExactly(b.inputIds().toLongArray());
    assertThat(a.attentionMask().toLongArray()).containsExactly(b.attentionMask().toLongArray());
    assertThat(a.decoderInputIds().toLongArray()).containsExactly(b.decoderInputIds().toLongArray());
    assertThat(a.labels().toLongArray()).containsExactly(b.labels().toLongArray());
  }

  private static List<Example> tokenize(List<Seq2SeqExample> texts, T5Tokenizer tokenizer) {
    List<Example> out = new ArrayList<>();
    for (Seq2SeqExample e : texts) {
      int[] source = tokenizer.encode(e.input());
      int[] target = tokenizer.encode(e.target());
      out.add(new Example(Arrays.copyOf(source, source.length - 1), Arrays.copyOf(target, target.length - 1)));
    }
    return out;
  }

  private TrialSpec spec() {
    ObjectNode spec = JSON.createObjectNode().put("name", "data").put("method", "nash");
    spec.putObject("task").put("dataset", dir.toString()).put("inputField", "description")
        .put("targetField", "synopsis");
    spec.putObject("teacher").put("model", BuiltinModels.TINY_T5).put("finetuned", true);
    spec.putObject("training").put("batchSize", 4).put("seed", 3);
    spec.putObject("trainer").put("validationBatches", 2).put("maxSourceLength", 10).put("maxTargetLength", 6);
    return TrialSpec.parse(spec);
  }

  private void writeSplits(int train, int validation) throws IOException {
    java.util.Random random = new java.util.Random(5);
    for (String split : new String[] {"train", "validation", "test"}) {
      StringBuilder lines = new StringBuilder();
      int n = split.equals("train") ? train : validation;
      for (int i = 0; i < n; i++) {
        ObjectNode line = JSON.createObjectNode().put("package", split + i)
            .put("description", words(random, 4 + random.nextInt(10))).put("synopsis", words(random, 2 + random.nextInt(5)));
        lines.append(line).append('\n');
      }
      Files.writeString(dir.resolve(split + ".jsonl"), lines);
    }
  }

  private static String words(java.util.Random random, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return s.toString();
  }
}

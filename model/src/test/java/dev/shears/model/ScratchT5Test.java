package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchT5Test {
  private static final ScratchT5 TINY = new ScratchT5(32, 8, 4, 48, 2, 3);

  @Test
  void cpuSmallHasElevenMillionParametersOverEightThousandTokens() {
    T5Config c = ScratchT5.CPU_SMALL.config(8000);
    long embeddings = 2L * 8000 * c.dModel();
    long encoder = c.numLayers() * (4L * c.dModel() * c.numHeads() * c.dKv() + 3L * c.dModel() * c.dFf());
    long decoder = c.numDecoderLayers() * (8L * c.dModel() * c.numHeads() * c.dKv() + 3L * c.dModel() * c.dFf());
    assertThat(embeddings + encoder + decoder).isBetween(10_900_000L, 11_100_000L);
    assertThat(c.feedForwardProj()).isEqualTo("gated-gelu");
    assertThat(c.tieWordEmbeddings()).isFalse();
  }

  @Test
  void theLmHeadStartsAtUnitLogitScale() {
    try (NDManager m = NDManager.newBaseManager(); T5Model model = TINY.create(400, 7, m)) {
      NDArray head = model.parameters().get("lm_head.weight");
      double std = Math.sqrt(head.pow(2).mean().getFloat());
      assertThat(std).isCloseTo(Math.pow(32, -0.5), org.assertj.core.data.Offset.offset(0.01));
      NDArray shared = model.parameters().get("shared.weight");
      assertThat(Math.sqrt(shared.pow(2).mean().getFloat())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
    }
  }

  @Test
  void savedModelLoadsBackWithTheTokenizersVocabulary(@TempDir Path dir) throws IOException {
    Path tokenizer = dir.resolve("tokenizer.json");
    try (InputStream in = getClass().getResourceAsStream("/tokenizer/tokenizer.json")) {
      Files.copy(in, tokenizer);
    }
    int vocab = ScratchT5.vocabularySize(tokenizer);
    assertThat(vocab).isEqualTo(400);
    try (NDManager m = NDManager.newBaseManager(); T5Model model = TINY.create(vocab, 7, m)) {
      model.save(dir.resolve("model"));
      try (T5Model back = T5Model.load(dir.resolve("model"), m)) {
        assertThat(back.config()).isEqualTo(model.config());
        assertThat(back.parameters().get("lm_head.weight").contentEquals(model.parameters().get("lm_head.weight")))
            .isTrue();
      }
    }
  }

  @Test
  void aTokenizerWithoutVocabularyIsRefused(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {}}");
    assertThat(assertThrows(ModelFormatException.class, () -> ScratchT5.vocabularySize(f)))
        .hasMessageContaining("holds no vocabulary");
  }
}

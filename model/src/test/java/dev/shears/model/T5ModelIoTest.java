package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class T5ModelIoTest {
  @TempDir Path tmp;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"t5-v1_0", "t5-v1_1"})
  void saveThenLoadIsBitExact(String name) {
    Golden g = Golden.load(name);
    try (T5Model model = T5Model.load(g.dir, manager)) {
      model.save(tmp.resolve("copy"));
      try (T5Model again = T5Model.load(tmp.resolve("copy"), manager)) {
        assertThat(again.config()).isEqualTo(model.config());
        assertThat(again.parameters().keySet()).containsExactlyElementsOf(model.parameters().keySet());
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
          assertThat(again.parameters().get(e.getKey()).toFloatArray())
              .as(e.getKey())
              .containsExactly(e.getValue().toFloatArray());
        }
      }
      assertThat(Files.exists(tmp.resolve("copy/pruning.json"))).isFalse();
    }
  }

  @Test
  void v11KeepsItsOwnHeadAndV10IsTied() {
    try (T5Model v10 = T5Model.load(Golden.load("t5-v1_0").dir, manager);
        T5Model v11 = T5Model.load(Golden.load("t5-v1_1").dir, manager)) {
      assertThat(v10.config().tieWordEmbeddings()).isTrue();
      assertThat(v10.config().scaleDecoderOutputs()).isTrue();
      assertThat(v10.parameters()).doesNotContainKey("lm_head.weight");
      assertThat(v11.config().tieWordEmbeddings()).isFalse();
      assertThat(v11.config().scaleDecoderOutputs()).isFalse();
      assertThat(v11.parameters()).containsKey("lm_head.weight");
      assertThat(v11.config().activation()).isEqualTo("gelu_new");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"f16", "bf16"})
  void halfPrecisionWeightsDecodeExactly(String tag) throws IOException {
    Golden g = Golden.load("t5-v1_0");
    Path half = dirWith(g, "model." + tag + ".safetensors");
    Path asF32 = dirWith(g, "model." + tag + "-as-f32.safetensors");
    try (T5Model a = T5Model.load(half, manager);
        T5Model b = T5Model.load(asF32, manager)) {
      for (String key : a.parameters().keySet()) {
        assertThat(a.parameters().get(key).toFloatArray())
            .as(key)
            .containsExactly(b.parameters().get(key).toFloatArray());
      }
    }
  }

  @Test
  void missingWeightsFileIsNamed() throws IOException {
    Path dir = tmp.resolve("m");
    Files.createDirectories(dir);
    Files.copy(Golden.load("t5-v1_0").dir.resolve("config.json"), dir.resolve("config.json"));
    assertThatThrownBy(() -> T5Model.load(dir, manager))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void truncatedWeightsFileIsCorrupt() throws IOException {
    Path dir = dirWith(Golden.load("t5-v1_0"), "model.safetensors");
    Path w = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(w);
    Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> T5Model.load(dir, manager))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("Corrupt safetensors")
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void garbageHeaderIsCorrupt() throws IOException {
    Path dir = dirWith(Golden.load("t5-v1_0"), "model.safetensors");
    Files.writeString(dir.resolve("model.safetensors"), "not a safetensors file at all", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> T5Model.load(dir, manager))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("Corrupt safetensors");
  }

  @Test
  void shapeDisagreeingWithConfigNamesTheTensor() throws IOException {
    Path dir = dirWith(Golden.load("t5-v1_0"), "model.safetensors");
    Path cfg = dir.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"d_ff\": 64", "\"d_ff\": 65"));
    assertThatThrownBy(() -> T5Model.load(dir, manager))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("encoder.block.0.layer.1.DenseReluDense.wi.weight")
        .hasMessageContaining("(64, 32)")
        .hasMessageContaining("(65, 32)");
  }

  @Test
  void unknownFeedForwardProjNamesTheField() throws IOException {
    Path dir = dirWith(Golden.load("t5-v1_0"), "model.safetensors");
    Path cfg = dir.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"relu\"", "\"swishy\""));
    assertThatThrownBy(() -> T5Model.load(dir, manager))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("feed_forward_proj")
        .hasMessageContaining("swishy");
  }

  @Test
  void tokenOutsideVocabularyIsRejected() {
    try (T5Model model = T5Model.load(Golden.load("t5-v1_0").dir, manager)) {
      NDArray ids = manager.create(new long[] {5, 64}, new Shape(1, 2));
      NDArray dec = manager.create(new long[] {0}, new Shape(1, 1));
      assertThatThrownBy(() -> model.forward(ids, null, dec, null, Gates.none()))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("inputIds")
          .hasMessageContaining("64");
    }
  }

  @Test
  void builtinTinyT5IsDeterministicPerSeed() {
    try (T5Model a = T5Model.builtin(BuiltinModels.TINY_T5, 7, manager);
        T5Model b = T5Model.builtin(BuiltinModels.TINY_T5, 7, manager);
        T5Model c = T5Model.builtin(BuiltinModels.TINY_T5, 8, manager)) {
      assertThat(a.config().numDecoderLayers()).isEqualTo(12);
      String key = "decoder.block.3.layer.2.DenseReluDense.wo.weight";
      assertThat(a.parameters().get(key).toFloatArray()).containsExactly(b.parameters().get(key).toFloatArray());
      assertThat(a.parameters().get(key).toFloatArray()).isNotEqualTo(c.parameters().get(key).toFloatArray());
      // HF init: wo ~ N(0, 1/d_ff)
      float[] wo = a.parameters().get(key).toFloatArray();
      double var = 0;
      for (float x : wo) {
        var += x * x;
      }
      assertThat(var / wo.length).isCloseTo(1.0 / 512, org.assertj.core.data.Offset.offset(0.0002));
    }
  }

  private Path dirWith(Golden g, String weights) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "model");
    Files.copy(g.dir.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(g.dir.resolve(weights), dir.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }
}

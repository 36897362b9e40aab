package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class T5ConfigTest {
  private static final String BASE =
      "\"vocab_size\": 100, \"d_model\": 16, \"d_kv\": 4, \"d_ff\": 32, \"num_layers\": 2, \"num_heads\": 4";

  @Test
  void transformers4V11ConfigUntiesAndDoesNotScale() {
    T5Config c = T5Config.fromJson("{" + BASE + ", \"feed_forward_proj\": \"gated-gelu\", \"tie_word_embeddings\": false}");
    assertThat(c.tieWordEmbeddings()).isFalse();
    assertThat(c.scaleDecoderOutputs()).isFalse();
    assertThat(c.gated()).isTrue();
    assertThat(c.activation()).isEqualTo("gelu_new");
    assertThat(c.ffnMatricesPerDim()).isEqualTo(3);
    assertThat(c.numDecoderLayers()).isEqualTo(2);
  }

  @Test
  void transformers5KeepsTheScalingInItsOwnKey() {
    T5Config c = T5Config.fromJson(
        "{" + BASE + ", \"tie_word_embeddings\": true, \"scale_decoder_outputs\": false, \"num_decoder_layers\": 5}");
    assertThat(c.tieWordEmbeddings()).isTrue();
    assertThat(c.scaleDecoderOutputs()).isFalse();
    assertThat(c.numDecoderLayers()).isEqualTo(5);
    T5Config v10 = T5Config.fromJson("{" + BASE + "}");
    assertThat(v10.scaleDecoderOutputs()).isTrue();
    assertThat(v10.activation()).isEqualTo("relu");
    assertThat(v10.ffnMatricesPerDim()).isEqualTo(2);
  }

  @Test
  void roundTripsThroughJson() {
    T5Config c = BuiltinModels.tinyT5Config();
    assertThat(T5Config.fromJson(c.toJson())).isEqualTo(c);
  }

  @Test
  void errorsNameTheField() {
    assertThatThrownBy(() -> T5Config.fromJson("{" + BASE + ", \"d_kv\": \"big\"}"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("d_kv");
    assertThatThrownBy(() -> T5Config.fromJson("{" + BASE + ", \"num_heads\": 0}"))
        .hasMessageContaining("num_heads: 0 must be > 0");
    assertThatThrownBy(() -> T5Config.fromJson("{" + BASE + ", \"eos_token_id\": 100}"))
        .hasMessageContaining("eos_token_id: 100 is outside the vocabulary");
    assertThatThrownBy(() -> T5Config.fromJson("not json")).hasMessageContaining("not valid JSON");
  }
}

package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A T5 v1.1 (gated-GELU feed-forward, untied LM head, no dropout) to be trained from scratch over a trained
 * tokenizer.
 *
 * <p>Initialisation is HF's ({@link T5Model#initialize}) except the LM head: HF draws it from N(0, 1), which,
 * after the final RMS norm, gives logits of standard deviation ≈ √d_model and a first loss near 15 (DESIGN §10's
 * measurement). Drawn from N(0, 1/d_model) instead, as a fan-in initialisation of that projection, the logits
 * start with unit scale and the first loss near ln(vocabulary size).
 *
 * @param dModel d_model; {@code heads · dKv} need not equal it
 * @param encoderLayers encoder blocks
 * @param decoderLayers decoder blocks
 */
public record ScratchT5(int dModel, int dKv, int heads, int dFf, int encoderLayers, int decoderLayers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * d_model 192, 6 heads of 32, d_ff 768, 6 + 6 layers: 11.0 M parameters with an 8,000-token vocabulary, the size
   * DESIGN §10 measured at ~400 ms a step (batch 16) on the 2-core machine.
   */
  public static final ScratchT5 CPU_SMALL = new ScratchT5(192, 32, 6, 768, 6, 6);

  /** The config for a vocabulary of {@code vocabSize} with T5's ids: pad 0, EOS 1, decoder start = pad. */
  public T5Config config(int vocabSize) {
    return new T5Config(vocabSize, dModel, dKv, dFf, encoderLayers, decoderLayers, heads, 32, 128, 0.0, 1e-6, 1.0,
        "gated-gelu", false, false, 0, 1, 0);
  }

  /** A freshly initialised model over {@code vocabSize} tokens, from {@code seed}. */
  public T5Model create(int vocabSize, long seed, NDManager parent) {
    T5Model model = T5Model.initialize(config(vocabSize), seed, parent);
    NDArray head = model.parameters().get("lm_head.weight");
    head.muli((float) Math.pow(dModel, -0.5));
    return model;
  }

  /**
   * The vocabulary size of a tokenizer.json: one more than its largest id (model vocabulary and added tokens).
   *
   * @throws ModelFormatException when the file is missing or holds no vocabulary
   */
  public static int vocabularySize(Path tokenizerJson) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(tokenizerJson));
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
    int max = -1;
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      for (JsonNode id : vocab) {
        max = Math.max(max, id.asInt(-1));
      }
    } else if (vocab.isArray()) {
      max = vocab.size() - 1;
    }
    for (JsonNode t : root.path("added_tokens")) {
      max = Math.max(max, t.path("id").asInt(-1));
    }
    if (max < 2) {
      throw new ModelFormatException("Tokenizer " + tokenizerJson + " holds no vocabulary (model.vocab)");
    }
    return max + 1;
  }
}

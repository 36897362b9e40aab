package dev.shears.evaluator.t5;

import ai.djl.ndarray.NDArray;
import dev.shears.evaluator.speed.Decoding;
import dev.shears.evaluator.speed.GenerationModel;
import dev.shears.evaluator.speed.ModelStats;
import dev.shears.evaluator.speed.TextCodec;
import dev.shears.model.GenerationConfig;
import dev.shears.model.Generator;
import dev.shears.model.T5Model;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link T5Model} with its tokenizer, decoded by the model module's {@link Generator} (KV cache, HF beam
 * search). Owns the model: {@link #close()} frees its weights.
 */
public final class T5GenerationModel implements GenerationModel {

  private static final Pattern ENCODER_PRUNABLE = Pattern.compile(
      "encoder\\.block\\.\\d+\\.layer\\.(0\\.SelfAttention\\.[qkvo]|1\\.DenseReluDense\\.w[io](_[01])?)\\.weight");
  private static final Pattern DECODER_PRUNABLE = Pattern.compile("decoder\\.block\\.\\d+\\.layer\\."
      + "(0\\.SelfAttention\\.[qkvo]|1\\.EncDecAttention\\.[qkvo]|2\\.DenseReluDense\\.w[io](_[01])?)\\.weight");

  private final T5Model model;
  private final Generator generator;
  private final TextCodec codec;
  private final ModelStats stats;

  /** Wraps {@code model}; {@code codec} encodes and decodes its text. */
  public T5GenerationModel(T5Model model, TextCodec codec) {
    this.model = model;
    this.generator = new Generator(model);
    this.codec = codec;
    this.stats = stats(model);
  }

  @Override
  public List<int[]> generate(List<int[]> inputs, Decoding decoding) {
    GenerationConfig cfg = GenerationConfig.beam(decoding.beams(), decoding.maxNewTokens())
        .withForceAllSteps(decoding.allSteps());
    return generator.generate(inputs, cfg);
  }

  @Override
  public ModelStats stats() {
    return stats;
  }

  @Override
  public TextCodec codec() {
    return codec;
  }

  @Override
  public void close() {
    model.close();
  }

  private static ModelStats stats(T5Model model) {
    long prunable = 0;
    long decoder = 0;
    for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
      if (ENCODER_PRUNABLE.matcher(e.getKey()).matches()) {
        prunable += e.getValue().getShape().size();
      } else if (DECODER_PRUNABLE.matcher(e.getKey()).matches()) {
        decoder += e.getValue().getShape().size();
      }
    }
    return new ModelStats(model.numParameters(), prunable, model.config().numLayers(),
        model.config().numDecoderLayers(), prunable + decoder);
  }
}

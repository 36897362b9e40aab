package dev.shears.evaluator.speed;

import java.util.List;

/** A loaded encoder–decoder model that can decode batches of token ids. Blocking; not thread-safe. */
public interface GenerationModel extends AutoCloseable {

  /** Decodes each input; returns the generated ids (after the decoder start token). */
  List<int[]> generate(List<int[]> inputs, Decoding decoding);

  /** Size and shape figures from the weights. */
  ModelStats stats();

  /** Encodes text to input ids and decodes generated ids to text. */
  TextCodec codec();

  @Override
  void close();
}

package dev.shears.evaluator.speed;

/** A model's tokenizer, both ways. */
public interface TextCodec {
  /** Input ids of {@code text}, end-of-sequence included. */
  int[] encode(String text);

  /** Text of generated ids, special tokens dropped. */
  String decode(int[] ids);
}

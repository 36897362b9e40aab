package dev.shears.model;

/** One input text and its target text. */
public record Seq2SeqExample(String input, String target) {
  public Seq2SeqExample {
    if (input == null || target == null) {
      throw new IllegalArgumentException("input and target must not be null");
    }
  }
}

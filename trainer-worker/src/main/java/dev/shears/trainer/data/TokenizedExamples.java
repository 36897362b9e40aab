package dev.shears.trainer.data;

import dev.shears.model.Seq2SeqExample;
import dev.shears.model.T5Tokenizer;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A split's examples, tokenised on first access and kept: a trial reads only the few thousand training examples its
 * steps reach, and tokenising a whole real-text training split up front (56,000 Debian descriptions: 13–30 s on a
 * shared 2-core machine) cost every trial more than its first rung of training. The tokenizer stays open as long
 * as examples are read; whoever opened it closes it (the batches do). Safe for concurrent reads.
 */
final class TokenizedExamples extends AbstractList<Example> implements RandomAccess {
  private final List<Seq2SeqExample> texts;
  private final T5Tokenizer tokenizer;
  private final int eos;
  private final AtomicReferenceArray<Example> tokenized;

  /** The examples of {@code texts}, source and target each tokenised by {@code tokenizer} without a final EOS. */
  TokenizedExamples(List<Seq2SeqExample> texts, T5Tokenizer tokenizer, int eos) {
    this.texts = List.copyOf(texts);
    this.tokenizer = tokenizer;
    this.eos = eos;
    this.tokenized = new AtomicReferenceArray<>(this.texts.size());
  }

  @Override
  public Example get(int index) {
    Example e = tokenized.get(index);
    if (e == null) {
      Seq2SeqExample text = texts.get(index);
      e = new Example(withoutEos(tokenizer.encode(text.input())), withoutEos(tokenizer.encode(text.target())));
      tokenized.set(index, e);
    }
    return e;
  }

  @Override
  public int size() {
    return texts.size();
  }

  /** How many examples have been tokenised so far. */
  int tokenizedCount() {
    int n = 0;
    for (int i = 0; i < tokenized.length(); i++) {
      n += tokenized.get(i) == null ? 0 : 1;
    }
    return n;
  }

  private int[] withoutEos(int[] ids) {
    return ids.length > 0 && ids[ids.length - 1] == eos ? Arrays.copyOf(ids, ids.length - 1) : ids;
  }
}

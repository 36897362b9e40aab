package dev.shears.model.data;

import dev.shears.model.JsonlDataset;
import dev.shears.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a T5 subword tokenizer on the text fields of a JSONL training split: counts pre-tokenised words
 * ({@link SubwordPreTokenizer}), learns BPE ({@link BpeTrainer}) and writes the tokenizer.json ({@link
 * BpeTokenizerJson}).
 */
public final class TokenizerTraining {
  private final SubwordPreTokenizer preTokenizer = new SubwordPreTokenizer();

  /** What was trained: lines read, distinct words, final vocabulary size and merges. */
  public record Summary(int lines, int distinctWords, long words, int vocabSize, int merges) {}

  /** How often each pre-tokenised word occurs, over {@code lines} JSONL records. */
  public record WordCounts(Map<String, Long> counts, int lines) {}

  /** Counts the words of {@code fields} over every line of {@code jsonl}; errors name file, line and field. */
  public WordCounts wordCounts(Path jsonl, List<String> fields) {
    Map<String, Long> counts = new HashMap<>();
    int records;
    try {
      records = JsonlDataset.forEachRecord(jsonl, fields, texts -> {
        for (String text : texts) {
          for (String w : preTokenizer.words(text)) {
            counts.merge(w, 1L, Long::sum);
          }
        }
      });
    } catch (NoSuchFileException e) {
      throw new ModelFormatException("Missing training file " + jsonl
          + " (make the splits with: shears data debian-descriptions --out " + jsonl.getParent() + ")", e);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read " + jsonl + ": " + e.getMessage(), e);
    }
    if (counts.isEmpty()) {
      throw new ModelFormatException("Training file " + jsonl + " holds no text in fields " + fields);
    }
    return new WordCounts(counts, records);
  }

  /** Trains on {@code jsonl}'s {@code fields} and writes the tokenizer into {@code outDir}. */
  public Summary train(Path jsonl, List<String> fields, int vocabSize, int minFrequency, Path outDir) {
    WordCounts wc = wordCounts(jsonl, fields);
    BpeTrainer.Bpe bpe =
        new BpeTrainer(vocabSize, minFrequency, BpeTokenizerJson.T5_SPECIAL_TOKENS).train(wc.counts());
    BpeTokenizerJson.write(bpe, outDir);
    long words = wc.counts().values().stream().mapToLong(Long::longValue).sum();
    return new Summary(wc.lines(), wc.counts().size(), words, bpe.vocab().size(), bpe.merges().size());
  }
}

package dev.shears.trainer.data;

import ai.djl.ndarray.NDManager;

/**
 * The batches of one trial. Training batch {@code k} is a pure function of the seed and {@code k}, so the data
 * position of a checkpoint is just the batch index and a resumed trial sees exactly the batches it would have seen.
 */
public interface BatchSource extends AutoCloseable {
  /** Training batch {@code index} (0-based, unbounded: epochs wrap with a fresh seeded shuffle). */
  Batch train(long index, NDManager manager);

  /** Validation batch {@code index} in [0, {@link #validationBatches()}). */
  Batch validation(int index, NDManager manager);

  /** How many validation batches there are. */
  int validationBatches();

  /** Releases what the source holds open (a tokenizer); the trial that opened it closes it. */
  @Override
  default void close() {}
}

package dev.shears.trainer.data;

import dev.shears.trainer.spec.TrialSpec;

/** Opens the batches a trial trains on; throws {@link IllegalArgumentException} naming the spec field on bad input. */
@FunctionalInterface
public interface BatchSourceFactory {
  /** The batches for {@code spec} (dataset, batch size, lengths, seed). */
  BatchSource open(TrialSpec spec);
}

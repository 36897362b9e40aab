package dev.shears.events;

/** Why a checkpoint was written. */
public enum CheckpointKind {
  /** Every K steps, for resumption. */
  PERIODIC,
  /** At the end of a stage. */
  STAGE,
  /** The physically pruned, Hugging Face-layout model that evaluators consume. */
  EXPORT
}

package dev.shears.events;

/** Why a trial attempt failed, as far as a retry is concerned. */
public enum FailureKind {
  /**
   * The trial's configuration is wrong (a missing file, an invalid field): the same spec fails the same way on any
   * worker, so the trial fails once, without using up its attempts.
   */
  CONFIGURATION,
  /** Anything else (a crash, an I/O error, divergence): another attempt may succeed. */
  RUNTIME
}

package dev.shears.evaluator.worker;

import java.util.HashSet;
import java.util.Set;

/**
 * Which exports have been evaluated (a result — completed or failed — is on {@code shears.evaluations})
 * and which are being evaluated now. Rebuilt at start-up from the evaluations topic; a key is claimed
 * before its evaluation starts and marked done once its result is committed, so a redelivered or
 * duplicated {@code CheckpointWritten} never starts a second evaluation. Synchronized; pure state.
 */
public final class EvaluationLedger {

  private final Set<EvaluationKey> done = new HashSet<>();
  private final Set<EvaluationKey> inFlight = new HashSet<>();

  /** Records a result seen on the evaluations topic. */
  public synchronized void markDone(EvaluationKey key) {
    inFlight.remove(key);
    done.add(key);
  }

  /** Claims {@code key} for evaluation; false when it is done or already being evaluated. */
  public synchronized boolean tryClaim(EvaluationKey key) {
    if (done.contains(key) || inFlight.contains(key)) {
      return false;
    }
    inFlight.add(key);
    return true;
  }

  /** Gives a claim back without a result (the evaluation was interrupted). */
  public synchronized void release(EvaluationKey key) {
    inFlight.remove(key);
  }

  /** Whether a result for {@code key} exists. */
  public synchronized boolean isDone(EvaluationKey key) {
    return done.contains(key);
  }

  /** Number of keys with a result. */
  public synchronized int doneCount() {
    return done.size();
  }
}

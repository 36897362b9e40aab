package dev.shears.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Deduplication and fencing on (trialId, attempt, seq) (DESIGN §2). Within a trial, a higher attempt fences
 * every older one; within an attempt, a seq at or below the highest seen is a redelivery. Events without a
 * trial id are always accepted. Not thread-safe: one instance per consuming thread (or per topic).
 */
public final class SequenceFence {
  /** What to do with an event. */
  public enum Verdict {
    /** New: process it. */
    ACCEPT,
    /** Already seen in this attempt: drop it. */
    DUPLICATE,
    /** From an attempt older than one already seen: drop it. */
    FENCED
  }

  private record Position(int attempt, long seq) {}

  private final Map<String, Position> latest = new HashMap<>();

  /** Judges an envelope and, when accepted, remembers it. */
  public Verdict offer(Envelope envelope) {
    return offer(envelope.trialId(), envelope.attempt(), envelope.seq());
  }

  /** Judges (trialId, attempt, seq) and, when accepted, remembers it. */
  public Verdict offer(String trialId, int attempt, long seq) {
    if (trialId == null) {
      return Verdict.ACCEPT;
    }
    Position seen = latest.get(trialId);
    if (seen != null) {
      if (attempt < seen.attempt()) {
        return Verdict.FENCED;
      }
      if (attempt == seen.attempt() && seq <= seen.seq()) {
        return Verdict.DUPLICATE;
      }
    }
    latest.put(trialId, new Position(attempt, seq));
    return Verdict.ACCEPT;
  }

  /** The highest attempt seen for a trial, or -1. */
  public int attemptOf(String trialId) {
    Position seen = latest.get(trialId);
    return seen == null ? -1 : seen.attempt();
  }

  /** Forgets a trial whose stream has ended, so the fence's memory stays bounded by live trials. */
  public void forget(String trialId) {
    latest.remove(trialId);
  }
}

package dev.shears.trainer.nash;

/**
 * SplitMix64: a random stream whose whole state is one {@code long}, so a checkpoint can store it and a resumed
 * trial draws exactly the numbers it would have drawn without the interruption. Not thread-safe; one per trial.
 */
public final class SeededRandom {
  private long state;

  /** A stream starting from {@code seed}. */
  public SeededRandom(long seed) {
    this.state = seed;
  }

  /** The state to checkpoint; {@code new SeededRandom(state())} continues the same stream. */
  public long state() {
    return state;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, was " + bound);
    }
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** Standard normal by Box–Muller (one draw per call, so the state stays a single long). */
  public double nextGaussian() {
    double u1 = Math.max(nextDouble(), 1e-300);
    double u2 = nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

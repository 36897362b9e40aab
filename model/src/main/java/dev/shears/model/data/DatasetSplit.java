package dev.shears.model.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The three splits of a dataset, and the deterministic assignment of a key (a package name) to one. */
public enum DatasetSplit {
  TRAIN("train"),
  VALIDATION("validation"),
  TEST("test");

  private final String fileStem;

  DatasetSplit(String fileStem) {
    this.fileStem = fileStem;
  }

  /** {@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl}. */
  public String fileName() {
    return fileStem + ".jsonl";
  }

  /** The split's name as written in file names and printed counts. */
  public String label() {
    return fileStem;
  }

  /**
   * The split of {@code key}: the first 64 bits of SHA-256(key), read as a fraction u in [0, 1), give test
   * when u &lt; testFraction, validation when u &lt; testFraction + validationFraction, else train. The same
   * key always lands in the same split, on every machine and JVM.
   */
  public static DatasetSplit of(String key, double validationFraction, double testFraction) {
    double u = unitHash(key);
    if (u < testFraction) {
      return TEST;
    }
    return u < testFraction + validationFraction ? VALIDATION : TRAIN;
  }

  static double unitHash(String key) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = bits << 8 | (h[i] & 0xff);
    }
    // The top 53 bits as a double in [0, 1).
    return (bits >>> 11) * 0x1.0p-53;
  }
}

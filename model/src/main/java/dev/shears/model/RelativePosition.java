package dev.shears.model;

/**
 * T5's bucketed relative positions (Raffel et al. 2020, §2.1; Mesh TensorFlow's {@code
 * _relative_position_bucket}): half the buckets hold exact small distances, the other half
 * logarithmically wider bins up to {@code maxDistance}. Computed in float32 to reproduce HF's
 * bucket boundaries.
 */
final class RelativePosition {
  private RelativePosition() {}

  /**
   * Bucket index for every (query, key) pair, row-major {@code [qLen, kLen]}; the query at row i sits
   * at absolute position {@code offset + i}.
   */
  static long[] buckets(
      int qLen, int kLen, int offset, boolean bidirectional, int numBuckets, int maxDistance) {
    long[] out = new long[qLen * kLen];
    for (int i = 0; i < qLen; i++) {
      for (int j = 0; j < kLen; j++) {
        out[i * kLen + j] = bucket(j - (offset + i), bidirectional, numBuckets, maxDistance);
      }
    }
    return out;
  }

  static int bucket(int relative, boolean bidirectional, int numBuckets, int maxDistance) {
    int result = 0;
    int n = numBuckets;
    int rp = relative;
    if (bidirectional) {
      n /= 2;
      if (rp > 0) {
        result += n;
      }
      rp = Math.abs(rp);
    } else {
      rp = -Math.min(rp, 0);
    }
    int maxExact = n / 2;
    if (rp < maxExact) {
      return result + rp;
    }
    float ratio = (float) rp / maxExact;
    float scaled =
        (float) Math.log(ratio) / (float) Math.log((double) maxDistance / maxExact) * (n - maxExact);
    int large = maxExact + (int) scaled;
    return result + Math.min(large, n - 1);
  }
}

package dev.shears.dashboard.history;

/** The reductions behind {@link Downsampling}. Pure functions of their input. */
final class Downsamplers {
  private Downsamplers() {}

  static SeriesSlice minMax(SeriesSlice in, int maxPoints) {
    int n = in.size();
    int target = Math.max(4, maxPoints);
    if (n <= target) {
      return in;
    }
    int buckets = target / 2;
    double[] xs = new double[buckets * 2];
    float[][] ys = new float[in.y().length][buckets * 2];
    int out = 0;
    for (int b = 0; b < buckets; b++) {
      int start = (int) ((long) b * n / buckets);
      int end = (int) ((long) (b + 1) * n / buckets);
      if (end <= start) {
        continue;
      }
      // The bucket's first and last steps carry the two rows, so x stays strictly increasing.
      xs[out] = in.x()[start];
      xs[out + 1] = in.x()[end - 1];
      for (int c = 0; c < ys.length; c++) {
        float[] col = in.y()[c];
        int min = start;
        int max = start;
        for (int i = start + 1; i < end; i++) {
          if (Float.isNaN(col[min]) || col[i] < col[min]) {
            min = i;
          }
          if (Float.isNaN(col[max]) || col[i] > col[max]) {
            max = i;
          }
        }
        ys[c][out] = min <= max ? col[min] : col[max];
        ys[c][out + 1] = min <= max ? col[max] : col[min];
      }
      out += end - start == 1 ? 1 : 2;
    }
    return trim(in, xs, ys, out);
  }

  static SeriesSlice lttb(SeriesSlice in, int maxPoints, int column) {
    int n = in.size();
    int target = Math.max(4, maxPoints);
    if (n <= target) {
      return in;
    }
    double[] x = in.x();
    float[] y = in.y()[column];
    int[] picked = new int[target];
    int count = 0;
    picked[count++] = 0;
    double every = (double) (n - 2) / (target - 2);
    int a = 0;
    for (int i = 0; i < target - 2; i++) {
      int avgStart = (int) Math.floor((i + 1) * every) + 1;
      int avgEnd = Math.min((int) Math.floor((i + 2) * every) + 1, n);
      double avgX = 0;
      double avgY = 0;
      int avgLen = Math.max(1, avgEnd - avgStart);
      for (int j = avgStart; j < avgEnd; j++) {
        avgX += x[j];
        avgY += value(y[j]);
      }
      avgX /= avgLen;
      avgY /= avgLen;
      int rangeStart = (int) Math.floor(i * every) + 1;
      int rangeEnd = (int) Math.floor((i + 1) * every) + 1;
      double ax = x[a];
      double ay = value(y[a]);
      double best = -1;
      int next = rangeStart;
      for (int j = rangeStart; j < rangeEnd; j++) {
        double area = Math.abs((ax - avgX) * (value(y[j]) - ay) - (ax - x[j]) * (avgY - ay));
        if (area > best) {
          best = area;
          next = j;
        }
      }
      picked[count++] = next;
      a = next;
    }
    picked[count++] = n - 1;
    double[] xs = new double[count];
    float[][] ys = new float[in.y().length][count];
    for (int k = 0; k < count; k++) {
      xs[k] = x[picked[k]];
      for (int c = 0; c < ys.length; c++) {
        ys[c][k] = in.y()[c][picked[k]];
      }
    }
    return new SeriesSlice(in.columns(), xs, ys);
  }

  private static double value(float v) {
    return Float.isNaN(v) ? 0 : v;
  }

  private static SeriesSlice trim(SeriesSlice in, double[] xs, float[][] ys, int size) {
    if (size == xs.length) {
      return new SeriesSlice(in.columns(), xs, ys);
    }
    double[] x2 = java.util.Arrays.copyOf(xs, size);
    float[][] y2 = new float[ys.length][];
    for (int c = 0; c < ys.length; c++) {
      y2[c] = java.util.Arrays.copyOf(ys[c], size);
    }
    return new SeriesSlice(in.columns(), x2, y2);
  }
}

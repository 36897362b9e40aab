package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy and beam-search decoding for a {@link T5Model}, batched with padding, following HF {@code
 * generate} (transformers 5.x vectorised beam search: 2·K candidates per step, a finished-hypothesis
 * pool of K per batch item, length penalty {@code score / len^lp}, the {@code early_stopping}
 * heuristics). With {@link GenerationConfig#useCache()} the self-attention K/V grow by one position
 * per step and the cross-attention K/V are computed once; otherwise the decoder reruns over the whole
 * prefix. Both give the same tokens.
 *
 * <p>Results are the generated ids after the decoder start token, up to and including EOS (without
 * EOS when the length limit ended the sequence).
 */
public final class Generator {
  private static final float NEG = -1.0e9f;

  private final T5Model model;
  private final T5Layers layers;

  public Generator(T5Model model) {
    this.model = model;
    this.layers = model.layers();
  }

  /** Decodes a padded batch without gates. */
  public List<int[]> generate(NDArray inputIds, NDArray attentionMask, GenerationConfig cfg) {
    return generate(inputIds, attentionMask, Gates.none(), cfg);
  }

  /** Pads {@code inputs} with the pad id and decodes them. */
  public List<int[]> generate(List<int[]> inputs, GenerationConfig cfg) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    int len = inputs.stream().mapToInt(a -> a.length).max().orElse(0);
    if (len == 0) {
      throw new ModelFormatException("inputIds: every input sequence is empty");
    }
    long[] ids = new long[inputs.size() * len];
    long[] mask = new long[ids.length];
    Arrays.fill(ids, model.config().padTokenId());
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = 0; j < inputs.get(i).length; j++) {
        ids[i * len + j] = inputs.get(i)[j];
        mask[i * len + j] = 1;
      }
    }
    try (NDManager m = model.manager().getParentManager().newSubManager()) {
      return generate(
          m.create(ids, new Shape(inputs.size(), len)), m.create(mask, new Shape(inputs.size(), len)),
          Gates.none(), cfg);
    }
  }

  /**
   * Decodes a padded batch.
   *
   * @param inputIds {@code [B, S]}
   * @param attentionMask {@code [B, S]} or null
   * @param gates gates applied in every forward pass (e.g. deterministic masks during training)
   */
  public List<int[]> generate(
      NDArray inputIds, NDArray attentionMask, Gates gates, GenerationConfig cfg) {
    model.checkIds("inputIds", inputIds);
    try (NDManager m = inputIds.getManager().newSubManager()) {
      NDArray ids = inputIds.duplicate();
      ids.attach(m);
      NDArray mask = null;
      if (attentionMask != null) {
        mask = attentionMask.duplicate();
        mask.attach(m);
      }
      return cfg.numBeams() == 1 ? greedy(ids, mask, gates, cfg) : beam(ids, mask, gates, cfg);
    }
  }

  /** The beam-search algorithm even for one beam (HF's beam search with K=1 equals greedy search). */
  List<int[]> beamSearch(NDArray inputIds, NDArray attentionMask, GenerationConfig cfg) {
    model.checkIds("inputIds", inputIds);
    try (NDManager m = inputIds.getManager().newSubManager()) {
      NDArray ids = inputIds.duplicate();
      ids.attach(m);
      NDArray mask = attentionMask == null ? null : attentionMask.duplicate();
      if (mask != null) {
        mask.attach(m);
      }
      return beam(ids, mask, Gates.none(), cfg);
    }
  }

  // ------------------------------------------------------------------ greedy

  private List<int[]> greedy(NDArray ids, NDArray mask, Gates gates, GenerationConfig cfg) {
    int b = (int) ids.getShape().get(0);
    int eos = cfg.forceAllSteps() ? -1 : model.config().eosTokenId();
    int pad = model.config().padTokenId();
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      out.add(new ArrayList<>());
    }
    boolean[] done = new boolean[b];
    long[] tokens = new long[b];
    Arrays.fill(tokens, model.config().decoderStartTokenId());
    try (Decoder dec = decoder(ids, mask, gates, cfg, new int[b])) {
      for (int step = 0; step < cfg.maxNewTokens(); step++) {
        long[] next;
        try (NDArray logits = dec.next(tokens);
            NDArray arg = logits.argMax(1)) {
          next = arg.toLongArray();
        }
        boolean all = true;
        for (int i = 0; i < b; i++) {
          if (done[i]) {
            next[i] = pad;
            continue;
          }
          out.get(i).add((int) next[i]);
          if (next[i] == eos) {
            done[i] = true;
          }
          all &= done[i];
        }
        if (all) {
          break;
        }
        tokens = next;
      }
    }
    List<int[]> result = new ArrayList<>();
    for (List<Integer> l : out) {
      result.add(l.stream().mapToInt(Integer::intValue).toArray());
    }
    return result;
  }

  // ------------------------------------------------------------------ beam search

  private List<int[]> beam(NDArray ids, NDArray mask, Gates gates, GenerationConfig cfg) {
    int b = (int) ids.getShape().get(0);
    int k = cfg.numBeams();
    int n = b * k;
    int v = model.config().vocabSize();
    int keep = 2 * k;
    int eos = cfg.forceAllSteps() ? -1 : model.config().eosTokenId();
    float lp = (float) cfg.lengthPenalty();
    int[] expand = new int[n];
    for (int i = 0; i < n; i++) {
      expand[i] = i / k;
    }
    int[][][] running = new int[b][k][0];
    float[][] runningScores = new float[b][k];
    int[][][] finished = new int[b][k][];
    float[][] finishedScores = new float[b][k];
    boolean[][] isFinished = new boolean[b][k];
    boolean[] improvable = new boolean[b];
    for (int i = 0; i < b; i++) {
      Arrays.fill(runningScores[i], 1, k, NEG);
      Arrays.fill(finishedScores[i], NEG);
      Arrays.fill(finished[i], new int[0]);
      improvable[i] = true;
    }
    long[] tokens = new long[n];
    Arrays.fill(tokens, model.config().decoderStartTokenId());
    NDManager m = ids.getManager();
    try (Decoder dec = decoder(ids, mask, gates, cfg, expand)) {
      for (int step = 0; step < cfg.maxNewTokens(); step++) {
        boolean lastStep = step == cfg.maxNewTokens() - 1;
        float[] topV;
        long[] topI;
        float[] flatScores = new float[n];
        for (int i = 0; i < n; i++) {
          flatScores[i] = runningScores[i / k][i % k];
        }
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDArray logits = dec.next(tokens); // [N, V]
          NDArray scores = logits.logSoftmax(1).add(m.create(flatScores, new Shape(n, 1)));
          NDList top = scores.reshape(b, (long) k * v).topK(keep, 1, true, true);
          topV = top.get(0).toFloatArray();
          topI = top.get(1).toLongArray();
          logits.close();
        }
        int[] rows = new int[n];
        boolean allHit = true;
        for (int bi = 0; bi < b; bi++) {
          float[] candScore = new float[keep];
          int[][] candSeq = new int[keep][];
          int[] candBeam = new int[keep];
          boolean[] hits = new boolean[keep];
          for (int j = 0; j < keep; j++) {
            long idx = topI[bi * keep + j];
            int beam = (int) (idx / v);
            int tok = (int) (idx % v);
            candScore[j] = topV[bi * keep + j];
            candBeam[j] = beam;
            int[] prev = running[bi][beam];
            int[] seq = Arrays.copyOf(prev, prev.length + 1);
            seq[prev.length] = tok;
            candSeq[j] = seq;
            hits[j] = tok == eos || lastStep;
            allHit &= hits[j];
          }
          // running beams for the next step: best K candidates that did not stop
          Integer[] order = new Integer[keep];
          float[] runScore = new float[keep];
          for (int j = 0; j < keep; j++) {
            order[j] = j;
            runScore[j] = candScore[j] + (hits[j] ? NEG : 0f);
          }
          Arrays.sort(order, (x, y) -> Float.compare(runScore[y], runScore[x]));
          int[][] nextRunning = new int[k][];
          for (int j = 0; j < k; j++) {
            int c = order[j];
            nextRunning[j] = candSeq[c];
            runningScores[bi][j] = runScore[c];
            rows[bi * k + j] = bi * k + candBeam[c];
          }
          running[bi] = nextRunning;
          // finished pool: merge the K best stopped candidates among the top K
          boolean full = cfg.earlyStopping() == GenerationConfig.EarlyStopping.TRUE && allTrue(isFinished[bi]);
          float denom = (float) Math.pow(step + 1, lp);
          int total = k + keep;
          float[] mergedScore = new float[total];
          int[][] mergedSeq = new int[total][];
          boolean[] mergedDone = new boolean[total];
          for (int j = 0; j < k; j++) {
            mergedScore[j] = finishedScores[bi][j];
            mergedSeq[j] = finished[bi][j];
            mergedDone[j] = isFinished[bi][j];
          }
          for (int j = 0; j < keep; j++) {
            boolean justFinished = hits[j] && j < k;
            float s = candScore[j] / denom;
            s += full ? NEG : 0f;
            s += improvable[bi] ? 0f : NEG;
            s += justFinished ? 0f : NEG;
            mergedScore[k + j] = s;
            mergedSeq[k + j] = candSeq[j];
            mergedDone[k + j] = justFinished;
          }
          Integer[] mOrder = new Integer[total];
          for (int j = 0; j < total; j++) {
            mOrder[j] = j;
          }
          Arrays.sort(mOrder, (x, y) -> Float.compare(mergedScore[y], mergedScore[x]));
          for (int j = 0; j < k; j++) {
            int c = mOrder[j];
            finishedScores[bi][j] = mergedScore[c];
            finished[bi][j] = mergedSeq[c];
            isFinished[bi][j] = mergedDone[c];
          }
          // can a running beam still beat the worst finished one?
          int bestLen =
              cfg.earlyStopping() == GenerationConfig.EarlyStopping.NEVER && lp > 0
                  ? cfg.maxNewTokens()
                  : step + 1;
          float bestPossible = runningScores[bi][0] / (float) Math.pow(bestLen, lp);
          float worst = NEG;
          if (allTrue(isFinished[bi])) {
            worst = Float.POSITIVE_INFINITY;
            for (float f : finishedScores[bi]) {
              worst = Math.min(worst, f);
            }
          }
          improvable[bi] &= bestPossible > worst;
        }
        boolean anyImprovable = false;
        boolean allFinished = true;
        for (int bi = 0; bi < b; bi++) {
          anyImprovable |= improvable[bi];
          allFinished &= allTrue(isFinished[bi]);
        }
        boolean openBeam = !(allFinished && cfg.earlyStopping() == GenerationConfig.EarlyStopping.TRUE);
        if (!anyImprovable || !openBeam || allHit) {
          break;
        }
        dec.reorder(rows);
        for (int bi = 0; bi < b; bi++) {
          for (int j = 0; j < k; j++) {
            int[] seq = running[bi][j];
            tokens[bi * k + j] = seq[seq.length - 1];
          }
        }
      }
    }
    List<int[]> result = new ArrayList<>();
    for (int bi = 0; bi < b; bi++) {
      result.add(finished[bi][0]);
    }
    return result;
  }

  private static boolean allTrue(boolean[] a) {
    for (boolean x : a) {
      if (!x) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ decoders

  /** Produces next-token logits {@code [N, V]} for N decoder rows; rows can be reordered. */
  private interface Decoder extends AutoCloseable {
    NDArray next(long[] tokens);

    void reorder(int[] rows);

    @Override
    void close();
  }

  /** Runs the encoder once and expands its output to the decoder rows ({@code expand[i]} = source row). */
  private Decoder decoder(NDArray ids, NDArray mask, Gates gates, GenerationConfig cfg, int[] expand) {
    NDManager m = ids.getManager();
    NDArray encOut;
    NDArray crossMask;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      T5Layers.Encoded enc = layers.encode(ids, mask, gates);
      NDArray index = m.create(Arrays.stream(expand).asLongStream().toArray());
      boolean identity = expand.length == ids.getShape().get(0);
      encOut = identity ? enc.last() : T5Layers.selectRows(enc.last(), index);
      crossMask = enc.crossMask() == null ? null
          : identity ? enc.crossMask() : T5Layers.selectRows(enc.crossMask(), index);
      NDScope.unregister(encOut);
      if (crossMask != null) {
        NDScope.unregister(crossMask);
      }
    }
    return cfg.useCache()
        ? new CachedDecoder(encOut, crossMask, gates)
        : new FullDecoder(encOut, crossMask, gates, expand.length);
  }

  private final class CachedDecoder implements Decoder {
    private final T5Layers.Cache cache;
    private final NDArray encOut;
    private final Gates gates;

    CachedDecoder(NDArray encOut, NDArray crossMask, Gates gates) {
      this.encOut = encOut;
      this.gates = gates;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        this.cache = layers.newCache(encOut, crossMask);
        cache.arrays().forEach(NDScope::unregister);
      }
    }

    @Override
    public NDArray next(long[] tokens) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray t = encOut.getManager().create(tokens, new Shape(tokens.length, 1));
        NDArray logits = layers.step(t, cache, gates);
        NDScope.unregister(logits);
        cache.arrays().forEach(NDScope::unregister);
        return logits;
      }
    }

    @Override
    public void reorder(int[] rows) {
      if (isIdentity(rows)) {
        return;
      }
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray index = encOut.getManager().create(Arrays.stream(rows).asLongStream().toArray());
        layers.reorder(cache, index);
        cache.arrays().forEach(NDScope::unregister);
      }
    }

    @Override
    public void close() {
      cache.close();
      encOut.close();
    }
  }

  private final class FullDecoder implements Decoder {
    private final NDArray encOut;
    private final NDArray crossMask;
    private final Gates gates;
    private long[][] prefix;

    FullDecoder(NDArray encOut, NDArray crossMask, Gates gates, int rows) {
      this.encOut = encOut;
      this.crossMask = crossMask;
      this.gates = gates;
      this.prefix = new long[rows][0];
    }

    @Override
    public NDArray next(long[] tokens) {
      int n = prefix.length;
      int t = prefix[0].length + 1;
      long[] flat = new long[n * t];
      for (int i = 0; i < n; i++) {
        prefix[i] = Arrays.copyOf(prefix[i], t);
        prefix[i][t - 1] = tokens[i];
        System.arraycopy(prefix[i], 0, flat, i * t, t);
      }
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray ids = encOut.getManager().create(flat, new Shape(n, t));
        T5Layers.Decoded dec = layers.decode(ids, null, encOut, crossMask, gates);
        NDArray last = dec.last().get(":, -1, :"); // [N, D]
        NDArray logits = layers.lmHead(last);
        NDScope.unregister(logits);
        return logits;
      }
    }

    @Override
    public void reorder(int[] rows) {
      long[][] next = new long[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        next[i] = prefix[rows[i]];
      }
      prefix = next;
    }

    @Override
    public void close() {
      encOut.close();
      if (crossMask != null) {
        crossMask.close();
      }
    }
  }

  private static boolean isIdentity(int[] rows) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] != i) {
        return false;
      }
    }
    return true;
  }
}

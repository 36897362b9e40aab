package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationTest {
  private NDManager m;

  @BeforeEach
  void open() {
    m = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    m.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"t5-v1_0", "t5-v1_1"})
  void greedyAndBeamTokensMatchTransformersCachedAndUncached(String name) {
    Golden g = Golden.load(name);
    try (T5Model model = T5Model.load(g.dir, m)) {
      long[][] ids = g.ints("input_ids");
      long[][] mask = g.ints("attention_mask");
      NDArray idArr = m.create(Golden.flatten(ids), new Shape(ids.length, ids[0].length));
      NDArray maskArr = m.create(Golden.flatten(mask), new Shape(ids.length, ids[0].length));
      Generator gen = new Generator(model);
      int maxNew = g.json.get("max_new_tokens").asInt();
      for (JsonNode spec : g.json.get("generations")) {
        GenerationConfig cfg =
            new GenerationConfig(
                spec.get("num_beams").asInt(), maxNew, spec.get("length_penalty").asDouble(),
                GenerationConfig.EarlyStopping.parse(spec.get("early_stopping").asText()), false, true);
        List<int[]> expected = Golden.tokenRows(spec.get("tokens"));
        assertThat(gen.generate(idArr, maskArr, cfg)).as("cached %s", spec).containsExactlyElementsOf(expected);
        assertThat(gen.generate(idArr, maskArr, cfg.withUseCache(false)))
            .as("uncached %s", spec)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void beamSearchWithOneBeamEqualsGreedy() {
    Golden g = Golden.load("t5-v1_1");
    try (T5Model model = T5Model.load(g.dir, m)) {
      long[][] ids = g.ints("input_ids");
      NDArray idArr = m.create(Golden.flatten(ids), new Shape(ids.length, ids[0].length));
      NDArray maskArr = m.create(Golden.flatten(g.ints("attention_mask")), new Shape(ids.length, ids[0].length));
      Generator gen = new Generator(model);
      GenerationConfig cfg = GenerationConfig.greedy(10);
      assertThat(gen.beamSearch(idArr, maskArr, cfg)).containsExactlyElementsOf(gen.generate(idArr, maskArr, cfg));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0})
  void wideBeamSearchFindsTheBruteForceOptimum(double lengthPenalty) {
    T5Config tiny = new T5Config(5, 8, 4, 8, 1, 2, 2, 4, 8, 0.0, 1e-6, 1.0, "relu", true, true, 0, 1, 0);
    int maxNew = 3;
    for (long seed = 1; seed <= 4; seed++) {
      try (T5Model model = T5Model.initialize(tiny, seed, m)) {
        int[] input = {2, 3, 4, 2};
        int[] best = bruteForce(model, input, maxNew, lengthPenalty);
        GenerationConfig cfg =
            new GenerationConfig(40, maxNew, lengthPenalty, GenerationConfig.EarlyStopping.NEVER, false, true);
        assertThat(new Generator(model).generate(List.of(input), cfg).get(0))
            .as("seed %d", seed)
            .containsExactly(best);
      }
    }
  }

  @Test
  void forcedStepsRunEveryStepAndAgreeUpToEos() {
    Golden g = Golden.load("t5-v1_0");
    try (T5Model model = T5Model.load(g.dir, m)) {
      List<int[]> inputs = List.of(new int[] {5, 6, 7, 8}, new int[] {9, 10});
      Generator gen = new Generator(model);
      for (int beams : new int[] {1, 3}) {
        GenerationConfig cfg = new GenerationConfig(beams, 9, 1.0, GenerationConfig.EarlyStopping.FALSE, false, true);
        List<int[]> forced = gen.generate(inputs, cfg.withForceAllSteps(true));
        assertThat(forced).allSatisfy(t -> assertThat(t).hasSize(9));
        if (beams == 1) {
          List<int[]> free = gen.generate(inputs, cfg);
          for (int i = 0; i < inputs.size(); i++) {
            int[] f = free.get(i);
            assertThat(java.util.Arrays.copyOf(forced.get(i), f.length)).containsExactly(f);
          }
        }
      }
    }
  }

  @Test
  void prunedModelGeneratesWhatTheMaskedModelGenerates() {
    try (T5Model model = T5Model.initialize(PruningTest.GATED, 21, m)) {
      Gates gates =
          Gates.builder()
              .optEncoderHeads(m.create(new float[] {1, 0, 1, 1, 0, 1, 0.5f, 1}, new Shape(2, 4)))
              .optDecoderSelfHeads(m.create(new float[] {1, 1, 0, 1, 0, 0, 0, 0, 1, 0.6f, 1, 1}, new Shape(3, 4)))
              .build();
      NDArray ids = m.create(new long[] {4, 5, 6, 7, 8, 9, 10, 0}, new Shape(2, 4));
      NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 4));
      GenerationConfig cfg = GenerationConfig.beam(3, 8);
      List<int[]> masked = new Generator(model).generate(ids, mask, gates, cfg);
      try (T5Model pruned = PhysicalPruner.prune(model, gates)) {
        assertThat(new Generator(pruned).generate(ids, mask, cfg)).containsExactlyElementsOf(masked);
      }
    }
  }

  @Test
  void greedyUnderFractionalEncoderGatesMatchesThePrunedModel() {
    // The gates' deterministic values during prune-encoder: some dimensions off, the rest scaled by fractions.
    float[] ffn = new float[2 * 16];
    for (int i = 0; i < ffn.length; i++) {
      ffn[i] = i % 5 == 0 ? 0 : 0.3f + 0.04f * (i % 7);
    }
    try (T5Model model = T5Model.initialize(PruningTest.GATED, 23, m)) {
      Gates gates = Gates.builder()
          .optEncoderHeads(m.create(new float[] {0.5f, 0, 1, 0.7f, 0, 1, 0.5f, 0.9f}, new Shape(2, 4)))
          .optEncoderFfn(m.create(ffn, new Shape(2, 16)))
          .build();
      NDArray ids = m.create(new long[] {4, 5, 6, 7, 8, 9, 10, 0}, new Shape(2, 4));
      NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 4));
      GenerationConfig cfg = GenerationConfig.greedy(8);
      List<int[]> masked = new Generator(model).generate(ids, mask, gates, cfg);
      try (T5Model pruned = PhysicalPruner.prune(model, gates)) {
        assertThat(new Generator(pruned).generate(ids, mask, cfg)).containsExactlyElementsOf(masked);
      }
    }
  }

  /** Exhaustive search over all sequences that end with EOS or reach maxNew tokens. */
  private int[] bruteForce(T5Model model, int[] input, int maxNew, double lp) {
    int v = model.config().vocabSize();
    int eos = model.config().eosTokenId();
    double bestScore = Double.NEGATIVE_INFINITY;
    int[] best = null;
    List<int[]> frontier = new ArrayList<>();
    frontier.add(new int[0]);
    List<double[]> frontierScores = new ArrayList<>();
    frontierScores.add(new double[] {0});
    for (int len = 1; len <= maxNew; len++) {
      List<int[]> next = new ArrayList<>();
      List<double[]> nextScores = new ArrayList<>();
      for (int p = 0; p < frontier.size(); p++) {
        int[] prefix = frontier.get(p);
        float[] logp = lastLogProbs(model, input, prefix);
        for (int tok = 0; tok < v; tok++) {
          int[] seq = java.util.Arrays.copyOf(prefix, prefix.length + 1);
          seq[prefix.length] = tok;
          float sum = (float) frontierScores.get(p)[0] + logp[tok];
          if (tok == eos || len == maxNew) {
            double score = sum / Math.pow(len, lp);
            if (score > bestScore) {
              bestScore = score;
              best = seq;
            }
          } else {
            next.add(seq);
            nextScores.add(new double[] {sum});
          }
        }
      }
      frontier = next;
      frontierScores = nextScores;
    }
    return best;
  }

  private float[] lastLogProbs(T5Model model, int[] input, int[] prefix) {
    long[] ids = java.util.Arrays.stream(input).asLongStream().toArray();
    long[] dec = new long[prefix.length + 1];
    for (int i = 0; i < prefix.length; i++) {
      dec[i + 1] = prefix[i];
    }
    try (NDManager s = m.newSubManager()) {
      NDArray logits =
          model.logits(s.create(ids, new Shape(1, ids.length)), null, s.create(dec, new Shape(1, dec.length)),
              null, Gates.none());
      return logits.get(0, dec.length - 1).logSoftmax(0).toFloatArray();
    }
  }
}

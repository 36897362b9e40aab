package dev.shears.trainer.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.model.BuiltinModels;
import dev.shears.model.GenerationConfig;
import dev.shears.model.Generator;
import dev.shears.model.T5Model;
import dev.shears.model.rouge.RougeScorer;
import dev.shears.model.rouge.RougeType;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.data.Example;
import dev.shears.trainer.data.ExampleBatches;
import dev.shears.trainer.nash.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ValidationRunTest {
  private static final Function<int[], String> IDS_AS_WORDS =
      ids -> Arrays.stream(ids).filter(id -> id > 1).mapToObj(id -> "w" + id).collect(Collectors.joining(" "));

  /** 10 validation examples in batches of 4: three batches, the last one short. */
  private static ExampleBatches data() {
    SeededRandom random = new SeededRandom(5);
    List<Example> validation = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int[] source = new int[6 + random.nextInt(4)];
      for (int k = 0; k < source.length; k++) {
        source[k] = 5 + random.nextInt(40);
      }
      validation.add(new Example(source, Arrays.copyOf(source, 3)));
    }
    return new ExampleBatches(validation, validation, 4, 12, 6, 1, new ExampleBatches.Special(0, 1, 0));
  }

  @Test
  void lossOnlyAndWithRougeAgreeOnTheLossAndCountEveryExample() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(BuiltinModels.TINY_T5, 3, m)) {
      ValidationRun.Result plain = ValidationRun.lossOnly(data()).run(model, m);
      ValidationRun.Result scored = ValidationRun.withRouge(data(), IDS_AS_WORDS, 6).run(model, m);
      assertNull(plain.rougeL());
      assertEquals(10, plain.examples());
      assertEquals(10, scored.examples());
      assertEquals(plain.loss(), scored.loss(), 1e-6);
      assertTrue(plain.loss() > 0 && Double.isFinite(plain.loss()), "loss " + plain.loss());
    }
  }

  @Test
  void rougeLIsTheMeanOverExamplesOfGreedyGenerationAgainstTheLabels() {
    ExampleBatches data = data();
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(BuiltinModels.TINY_T5, 3, m)) {
      ValidationRun.Result result = ValidationRun.withRouge(data, IDS_AS_WORDS, 6).run(model, m);

      List<String> refs = new ArrayList<>();
      List<String> preds = new ArrayList<>();
      for (int i = 0; i < data.validationBatches(); i++) {
        try (NDManager scope = m.newSubManager()) {
          Batch b = data.validation(i, scope);
          new Generator(model).generate(b.inputIds(), b.attentionMask(), GenerationConfig.greedy(6))
              .forEach(ids -> preds.add(IDS_AS_WORDS.apply(ids)));
          ValidationRun.labelRows(b.labels()).forEach(ids -> refs.add(IDS_AS_WORDS.apply(ids)));
        }
      }
      double expected = new RougeScorer(List.of(RougeType.ROUGE_L), false).scoreAll(refs, preds).stream()
          .mapToDouble(s -> s.get(RougeType.ROUGE_L).fmeasure()).average().orElseThrow();
      assertEquals(expected, result.rougeL(), 1e-12);
      assertTrue(result.rougeL() < 1.0, "an untrained model does not copy: " + result.rougeL());
    }
  }

  @Test
  void predictionsEqualToTheReferencesScoreOne() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.open(BuiltinModels.TINY_T5, 3, m)) {
      assertEquals(1.0, ValidationRun.withRouge(data(), ids -> "the same words", 6).run(model, m).rougeL(), 1e-12);
    }
  }

  @Test
  void labelRowsDropPadding() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<int[]> rows = ValidationRun.labelRows(
          m.create(new long[] {7, 8, 1, -100, 9, 1, -100, -100}, new Shape(2, 4)));
      assertArrayEquals(new int[] {7, 8, 1}, rows.get(0));
      assertArrayEquals(new int[] {9, 1}, rows.get(1));
    }
  }

  @Test
  void aGenerationLengthBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ValidationRun.withRouge(data(), IDS_AS_WORDS, 0));
    assertTrue(e.getMessage().contains("maxNewTokens"), e.getMessage());
  }
}

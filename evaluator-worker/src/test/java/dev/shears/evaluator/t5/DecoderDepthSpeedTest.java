package dev.shears.evaluator.t5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.shears.evaluator.speed.Decoding;
import dev.shears.evaluator.speed.SpeedComparison;
import dev.shears.evaluator.speed.SpeedMeter;
import dev.shears.evaluator.speed.TextCodec;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two models that differ only in decoder depth (the built-in tiny T5 with 12 decoder layers, and the same
 * weights with decoder layers {0, 11} kept), timed the paper's way: the deeper one is slower.
 */
class DecoderDepthSpeedTest {

  private static final TextCodec IDS_ONLY = new TextCodec() {
    @Override
    public int[] encode(String text) {
      throw new UnsupportedOperationException("this test decodes token ids only");
    }

    @Override
    public String decode(int[] ids) {
      throw new UnsupportedOperationException("this test decodes token ids only");
    }
  };

  @Test
  void theDeeperDecoderMeasuresSlowerAndTheRatioIsReported() {
    try (NDManager manager = NDManager.newBaseManager()) {
      T5Model deep = BuiltinModels.create(BuiltinModels.TINY_T5, 1, manager);
      T5Model shallow = deep.withDecoderLayers(new int[] {0, deep.config().numDecoderLayers() - 1});
      try (T5GenerationModel teacher = new T5GenerationModel(deep, IDS_ONLY);
          T5GenerationModel student = new T5GenerationModel(shallow, IDS_ONLY)) {
        assertThat(teacher.stats().decoderLayers()).isEqualTo(12);
        assertThat(student.stats().decoderLayers()).isEqualTo(2);
        assertThat(student.stats().encoderPrunable()).isEqualTo(teacher.stats().encoderPrunable());
        assertThat(student.stats().encoderSparsityAgainst(teacher.stats())).isZero();
        assertThat(student.stats().parameters()).isLessThan(teacher.stats().parameters());

        List<int[]> batch = batch(4, 16, deep.config().vocabSize(), new Random(5));
        Decoding decoding = new Decoding(2, 8, true);
        // Every step runs: both decode exactly 8 new tokens per sequence.
        assertThat(student.generate(batch, decoding)).allSatisfy(ids -> assertThat(ids).hasSize(8));

        SpeedComparison speed = new SpeedMeter(1, 5).compare(teacher, student, batch, decoding);
        System.out.printf("decoder 12 vs 2 layers, batch 4, beam 2, 8 tokens: teacher %.1f ms (spread %.0f%%),"
                + " student %.1f ms (spread %.0f%%), speed-up %.2fx (paired %.2fx)%n",
            speed.teacher().medianMs(), speed.teacher().spreadPercent(), speed.model().medianMs(),
            speed.model().spreadPercent(), speed.speedup(), speed.pairedSpeedup());
        assertThat(speed.teacher().runsMs()).hasSize(5);
        assertThat(speed.model().runsMs()).hasSize(5);
        assertThat(speed.teacher().medianMs()).isGreaterThan(speed.model().medianMs());
        assertThat(speed.speedup()).isGreaterThan(1.3);
        assertThat(speed.pairedSpeedup()).isGreaterThan(1.3);
        assertThat(speed.model().tokensPerSecond()).isGreaterThan(speed.teacher().tokensPerSecond());
      }
    }
  }

  private static List<int[]> batch(int size, int length, int vocab, Random random) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int[] ids = new int[length - random.nextInt(5)];
      for (int j = 0; j < ids.length - 1; j++) {
        ids[j] = 3 + random.nextInt(vocab - 3);
      }
      ids[ids.length - 1] = 1;
      out.add(ids);
    }
    return out;
  }
}

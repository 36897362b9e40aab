package dev.shears.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.BuiltinModels;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptStructureTest {
  // builtin:tiny-t5: 4 heads, d_ff 512, 6 encoder and 12 decoder layers.
  private static final T5Config TINY = BuiltinModels.tinyT5Config();

  @Test
  void countsWhatEachLayerKeptAndWhichTeacherLayerEachDecoderBlockCameFrom() {
    int[][] encoderHeads = {{0, 1, 2, 3}, {1, 3}, {}, {0}, {0, 1, 2}, {2}};
    int[][] encoderFfn = {range(512), range(100), range(7), {}, range(256), range(1)};
    PruningInfo layout = new PruningInfo(encoderHeads, encoderFfn,
        new int[][] {{0, 1, 2, 3}, {0, 1, 2, 3}}, new int[][] {{0, 1, 2, 3}, {1}},
        new int[][] {range(512), range(300)}, new int[] {0, 11});

    Map<String, Double> m = KeptStructure.of(layout, TINY);

    assertThat(m).containsEntry("teacher.layers", 6.0).containsEntry("teacher.decoderLayers", 12.0)
        .containsEntry("teacher.heads", 4.0).containsEntry("teacher.ffnDims", 512.0);
    assertThat(m).containsEntry("kept.encoder.1.heads", 2.0).containsEntry("kept.encoder.1.ffnDims", 100.0)
        .containsEntry("kept.encoder.2.heads", 0.0).containsEntry("kept.encoder.3.ffnDims", 0.0)
        .containsEntry("kept.encoder.5.heads", 1.0);
    assertThat(m).containsEntry("kept.decoder.0.layer", 0.0).containsEntry("kept.decoder.1.layer", 11.0)
        .containsEntry("kept.decoder.1.selfHeads", 4.0).containsEntry("kept.decoder.1.crossHeads", 1.0)
        .containsEntry("kept.decoder.1.ffnDims", 300.0).doesNotContainKey("kept.decoder.2.layer");
    assertThat(m.keySet().stream().filter(k -> k.startsWith("kept.encoder."))).hasSize(12);
  }

  private static int[] range(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }
}

package dev.shears.trainer.numerical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterBudgetCutTest {
  /** The units of builtin:tiny-t5 (d 128, d_kv 32, 4 heads, d_ff 512 ReLU; 6 + 12 layers) with random scores. */
  private static List<ParameterBudgetCut.Unit> tinyT5Units(Random r) {
    List<ParameterBudgetCut.Unit> units = new ArrayList<>();
    long head = 4L * 128 * 32;
    long ffn = 2L * 128;
    for (int m = 0; m < 6 + 2 * 12; m++) {
      for (int h = 0; h < 4; h++) {
        units.add(new ParameterBudgetCut.Unit("attention" + m, h, r.nextGaussian() * 0.2 + 0.7, head));
      }
    }
    for (int m = 0; m < 6 + 12; m++) {
      for (int f = 0; f < 512; f++) {
        double s = r.nextDouble() < 0.05 ? Double.NEGATIVE_INFINITY : r.nextGaussian() * 0.3 + 0.7;
        units.add(new ParameterBudgetCut.Unit("ffn" + m, f, s, ffn));
      }
    }
    return units;
  }

  @Test
  void theAchievedSparsityIsWithinTwoHundredthsOfTheTarget() {
    Random r = new Random(41);
    List<ParameterBudgetCut.Unit> units = tinyT5Units(r);
    long total = units.stream().mapToLong(ParameterBudgetCut.Unit::cost).sum();
    for (double target : new double[] {0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
      long removed = ParameterBudgetCut.prune(units, target).stream().mapToLong(ParameterBudgetCut.Unit::cost).sum();
      double achieved = (double) removed / total;
      assertThat(achieved).as("target %s", target).isLessThanOrEqualTo(target).isGreaterThan(target - 0.02);
    }
  }

  @Test
  void lowerScoresGoFirstAndDeadUnitsBeforeAnything() {
    List<ParameterBudgetCut.Unit> units = List.of(
        new ParameterBudgetCut.Unit("a", 0, 0.9, 10),
        new ParameterBudgetCut.Unit("a", 1, 0.1, 10),
        new ParameterBudgetCut.Unit("b", 0, Double.NEGATIVE_INFINITY, 10),
        new ParameterBudgetCut.Unit("b", 1, 0.5, 10),
        new ParameterBudgetCut.Unit("b", 2, 0.1, 10));
    assertThat(ParameterBudgetCut.prune(units, 0.4)).extracting(ParameterBudgetCut.Unit::module,
        ParameterBudgetCut.Unit::index).containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", 0), org.assertj.core.groups.Tuple.tuple("a", 1));
    assertThat(ParameterBudgetCut.prune(units, 0.6)).hasSize(3);
    assertThat(ParameterBudgetCut.prune(units, 0.2)).hasSize(1);
    assertThat(ParameterBudgetCut.prune(units, 0)).isEmpty();
  }

  @Test
  void aUnitThatWouldOvershootIsSkippedForCheaperOnes() {
    List<ParameterBudgetCut.Unit> units = List.of(
        new ParameterBudgetCut.Unit("head", 0, 0.1, 60),
        new ParameterBudgetCut.Unit("head", 1, 0.2, 60),
        new ParameterBudgetCut.Unit("ffn", 0, 0.5, 5),
        new ParameterBudgetCut.Unit("ffn", 1, 0.6, 5));
    // budget 0.5·130 = 65: the first head (60) and one FFN dimension (5); the second head would overshoot
    assertThat(ParameterBudgetCut.prune(units, 0.5)).extracting(ParameterBudgetCut.Unit::module)
        .containsExactly("head", "ffn");
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    assertThatThrownBy(() -> ParameterBudgetCut.prune(List.of(), 1.0)).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> new ParameterBudgetCut.Unit("m", 3, Double.NaN, 1)).hasMessageContaining("m[3]");
    assertThatThrownBy(() -> new ParameterBudgetCut.Unit("m", 3, 0.5, 0)).hasMessageContaining("cost");
  }
}

package dev.shears.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How method labels write a sparsity: as given, to at most three decimals, at least one (0.3, 0.25, 0.0). */
final class SparsityText {
  private SparsityText() {}

  /** {@code v} for a label: a 0.25 arm reads 0.25, not 0.3 beside a 0.3 arm. */
  static String of(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return (d.scale() < 1 ? d.setScale(1) : d).toPlainString();
  }
}

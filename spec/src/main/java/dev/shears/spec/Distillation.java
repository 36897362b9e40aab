package dev.shears.spec;

import static dev.shears.spec.Fields.POSITIVE;
import static dev.shears.spec.Fields.WEIGHT;
import static dev.shears.spec.Fields.opt;

import dev.shears.spec.Fields.Entry;
import java.util.List;

/**
 * The distillation loss weights (paper Eq. 4–6): T²·KL at temperature T, hidden-state MSE on encoder and decoder,
 * and label cross-entropy.
 *
 * @param kdTemperature T (default 2)
 * @param kdWeight weight of the KL term (default 1)
 * @param ceWeight weight of the label cross-entropy (default 0)
 * @param lambdaEnc weight of the encoder hidden-state MSE (default 0.001)
 * @param lambdaDec weight of the decoder hidden-state MSE (default 0.001)
 */
public record Distillation(double kdTemperature, double kdWeight, double ceWeight, double lambdaEnc,
    double lambdaDec) {
  /** The fields, in a method's section. */
  static final List<Entry> FIELDS = List.of(
      opt("lambdaEnc", WEIGHT, true),
      opt("lambdaDec", WEIGHT, true),
      opt("kdTemperature", POSITIVE, true),
      opt("kdWeight", WEIGHT, true),
      opt("ceWeight", WEIGHT, true));

  static Distillation read(Section s) {
    return new Distillation(s.number("kdTemperature", 2), s.number("kdWeight", 1), s.number("ceWeight", 0),
        s.number("lambdaEnc", 0.001), s.number("lambdaDec", 0.001));
  }
}

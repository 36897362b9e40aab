package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
  private static final int IGNORE = -100;
  private static final Shape LOGITS = new Shape(2, 3, 5);
  private static final Shape ENC = new Shape(2, 4, 3);
  private static final Shape DEC = new Shape(2, 3, 3);
  private static final long[] LABELS = {1, 4, IGNORE, 0, 2, 3};
  private static final long[] ENC_MASK = {1, 1, 1, 0, 1, 1, 0, 0};
  private static final DistillationLoss LOSS =
      new DistillationLoss(new DistillationLoss.Weights(1.0, 2.0, 0.5, 0.7, 0.3), IGNORE);

  private NDManager manager;
  private double[] studentLogits;
  private double[] teacherLogits;
  private double[] studentEnc;
  private double[] teacherEnc;
  private double[] studentDec;
  private double[] teacherDec;

  @BeforeEach
  void data() {
    manager = NDManager.newBaseManager();
    SeededRandom r = new SeededRandom(21);
    studentLogits = gaussian(r, LOGITS.size());
    teacherLogits = gaussian(r, LOGITS.size());
    studentEnc = gaussian(r, ENC.size());
    teacherEnc = gaussian(r, ENC.size());
    studentDec = gaussian(r, DEC.size());
    teacherDec = gaussian(r, DEC.size());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void gradientsMatchCentralFiniteDifferences() {
    NDArray logits = manager.create(studentLogits, LOGITS);
    NDArray enc = manager.create(studentEnc, ENC);
    NDArray dec = manager.create(studentDec, DEC);
    for (NDArray x : List.of(logits, enc, dec)) {
      x.setRequiresGradient(true);
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss(logits, enc, dec).total());
    }
    double[][] analytic = {
        logits.getGradient().toDoubleArray(), enc.getGradient().toDoubleArray(), dec.getGradient().toDoubleArray()};
    double[][] inputs = {studentLogits, studentEnc, studentDec};
    double h = 1e-6;
    for (int which = 0; which < 3; which++) {
      for (int i = 0; i < inputs[which].length; i++) {
        double saved = inputs[which][i];
        inputs[which][i] = saved + h;
        double plus = value();
        inputs[which][i] = saved - h;
        double minus = value();
        inputs[which][i] = saved;
        assertThat(analytic[which][i]).as("d loss / d input %d[%d]", which, i)
            .isCloseTo((plus - minus) / (2 * h), within(1e-7));
      }
    }
    // Pad never counts: label position 2 and the masked encoder positions get no gradient.
    for (int v = 0; v < 5; v++) {
      assertThat(analytic[0][2 * 5 + v]).isZero();
      assertThat(analytic[2][2 * 3 + (v % 3)]).isZero();
    }
    for (int d = 0; d < 3; d++) {
      assertThat(analytic[1][3 * 3 + d]).isZero();
      assertThat(analytic[1][(6) * 3 + d]).isZero();
      assertThat(analytic[1][(7) * 3 + d]).isZero();
    }
  }

  @Test
  void klIsZeroWhenTheStudentEqualsTheTeacherAndCrossEntropyMatchesByHand() {
    NDArray same = manager.create(teacherLogits, LOGITS);
    DistillationLoss.Components c = loss(same, manager.create(teacherEnc, ENC), manager.create(teacherDec, DEC));
    assertThat(c.kd().getDouble()).isCloseTo(0, within(1e-12));
    assertThat(c.encHidden().getDouble()).isCloseTo(0, within(1e-12));
    assertThat(c.decHidden().getDouble()).isCloseTo(0, within(1e-12));
    double ce = 0;
    int counted = 0;
    for (int pos = 0; pos < 6; pos++) {
      if (LABELS[pos] == IGNORE) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < 5; v++) {
        max = Math.max(max, teacherLogits[pos * 5 + v]);
      }
      double sum = 0;
      for (int v = 0; v < 5; v++) {
        sum += Math.exp(teacherLogits[pos * 5 + v] - max);
      }
      ce -= teacherLogits[pos * 5 + (int) LABELS[pos]] - max - Math.log(sum);
      counted++;
    }
    assertThat(c.ce().getDouble()).isCloseTo(ce / counted, within(1e-12));
    assertThat(c.total().getDouble()).isCloseTo(0.3 * ce / counted, within(1e-12));
  }

  @Test
  void klUsesTemperatureSquaredAndTeacherAsReference() {
    // One position, two classes: KL(p_t ‖ p_s)·T² by hand.
    DistillationLoss kdOnly = new DistillationLoss(new DistillationLoss.Weights(1, 2, 0, 0, 0), IGNORE);
    NDArray s = manager.create(new double[] {0.0, 1.0}, new Shape(1, 1, 2));
    NDArray t = manager.create(new double[] {2.0, 0.0}, new Shape(1, 1, 2));
    NDArray labels = manager.create(new long[] {1}, new Shape(1, 1));
    var c = kdOnly.compute(new DistillationLoss.Inputs(s, t, labels, manager.ones(new Shape(1, 1)),
        List.of(), List.of(), List.of(), List.of()));
    double pt0 = 1 / (1 + Math.exp(-1.0));
    double ps0 = 1 / (1 + Math.exp(0.5));
    double kl = pt0 * Math.log(pt0 / ps0) + (1 - pt0) * Math.log((1 - pt0) / (1 - ps0));
    assertThat(c.kd().getDouble()).isCloseTo(4 * kl, within(1e-12));
  }

  private double value() {
    return loss(manager.create(studentLogits, LOGITS), manager.create(studentEnc, ENC),
        manager.create(studentDec, DEC)).total().getDouble();
  }

  private DistillationLoss.Components loss(NDArray logits, NDArray enc, NDArray dec) {
    return LOSS.compute(new DistillationLoss.Inputs(
        logits,
        manager.create(teacherLogits, LOGITS),
        manager.create(LABELS, new Shape(2, 3)),
        manager.create(ENC_MASK, new Shape(2, 4)),
        List.of(enc), List.of(manager.create(teacherEnc, ENC)),
        List.of(dec), List.of(manager.create(teacherDec, DEC))));
  }

  private static double[] gaussian(SeededRandom r, long n) {
    double[] out = new double[(int) n];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.nextGaussian();
    }
    return out;
  }
}

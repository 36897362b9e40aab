package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.shears.trainer.optim.AdamW;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagrangianControllerTest {

  @Test
  void targetWarmsUpLinearlyThenStays() {
    try (NDManager m = NDManager.newBaseManager();
        LagrangianController c = new LagrangianController(m, 0.3, 100)) {
      assertThat(c.target(0)).isZero();
      assertThat(c.target(50)).isCloseTo(0.15, within(1e-12));
      assertThat(c.target(100)).isCloseTo(0.3, within(1e-12));
      assertThat(c.target(1000)).isCloseTo(0.3, within(1e-12));
    }
  }

  @Test
  void rejectsTargetsOutsideTheUnitInterval() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> new LagrangianController(m, 1.0, 10)).hasMessageContaining("[0, 1)");
      assertThatThrownBy(() -> new LagrangianController(m, -0.1, 10)).hasMessageContaining("[0, 1)");
    }
  }

  @Test
  void regularizerIsLinearPlusQuadraticInTheGap() {
    try (NDManager m = NDManager.newBaseManager();
        LagrangianController c = new LagrangianController(m, 0.5, 0, 2.0, 3.0)) {
      NDArray s = m.create(0.2f);
      // 2·(0.2−0.5) + 3·0.09 = −0.6 + 0.27
      assertThat((double) c.regularizer(s, 7).getFloat()).isCloseTo(-0.33, within(1e-6));
    }
  }

  /**
   * A task loss that wants every gate open fights the constraint: gradient descent on the gates and ascent on the
   * λs settle the expected sparsity at the target.
   */
  @Test
  void ascentOnLambdasDrivesExpectedSparsityToTheTarget() {
    ExpectedSparsity size = new ExpectedSparsity(2, 4, 16, 4, 32, false);
    try (NDManager m = NDManager.newBaseManager()) {
      SeededRandom random = new SeededRandom(11);
      HardConcreteGate heads = HardConcreteGate.init("heads", m, 2, 4, 10, 0.01, random);
      HardConcreteGate ffn = HardConcreteGate.init("ffn", m, 2, 32, 0, 0.01, random);
      heads.clampLogAlpha();
      LagrangianController lagrangian = new LagrangianController(m, 0.3, 200);
      AdamW gates = new AdamW("gates", m, List.of(heads.logAlpha(), ffn.logAlpha()), AdamW.Settings.DEFAULT);
      AdamW lambdas = new AdamW("lagrangian", m, lagrangian.parameters(), AdamW.Settings.DEFAULT);
      double regLr = 0.01;
      double sparsity = 0;
      int steps = 1500;
      for (int step = 0; step < steps; step++) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray s = size.expected(heads.probNonZero(), ffn.probNonZero());
          NDArray task = heads.probNonZero().mean().add(ffn.probNonZero().mean()).neg().mul(0.05);
          gc.backward(task.add(lagrangian.regularizer(s, step)));
          sparsity = s.getFloat();
        }
        gates.step(regLr);
        lambdas.step(-regLr);
        heads.clampLogAlpha();
        ffn.clampLogAlpha();
      }
      assertThat(sparsity).isCloseTo(0.3, within(0.02));
      assertThat(lagrangian.lambda1()).isNegative();
    }
  }
}

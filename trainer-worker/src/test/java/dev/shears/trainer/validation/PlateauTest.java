package dev.shears.trainer.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlateauTest {
  @Test
  void theFirstResultIsAlwaysTheBest() {
    Plateau p = new Plateau(2, 0.01);
    assertThat(p.observe(0.0)).isTrue();
    assertThat(p.best()).isEqualTo(0.0);
    assertThat(p.stalled()).isFalse();
  }

  @Test
  void stopsAfterPatienceResultsBelowTheBestPlusMinDelta() {
    Plateau p = new Plateau(2, 0.01);
    p.observe(0.30);
    assertThat(p.observe(0.305)).isFalse(); // a gain smaller than minDelta is no improvement
    assertThat(p.stalled()).isFalse();
    assertThat(p.observe(0.20)).isFalse();
    assertThat(p.stalled()).isTrue();
    assertThat(p.best()).isEqualTo(0.30);
  }

  @Test
  void anImprovementResetsTheCount() {
    Plateau p = new Plateau(2, 0.01);
    p.observe(0.30);
    p.observe(0.29);
    assertThat(p.observe(0.31)).isTrue();
    assertThat(p.stalled()).isFalse();
    p.observe(0.315);
    assertThat(p.stalled()).isFalse();
    p.observe(0.0);
    assertThat(p.stalled()).isTrue();
  }

  @Test
  void patienceZeroNeverStops() {
    Plateau p = new Plateau(0, 0);
    p.observe(0.5);
    for (int i = 0; i < 10; i++) {
      p.observe(0.1);
    }
    assertThat(p.stalled()).isFalse();
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new Plateau(-1, 0)).hasMessageContaining("patience");
    assertThatThrownBy(() -> new Plateau(1, Double.NaN)).hasMessageContaining("minDelta");
  }
}

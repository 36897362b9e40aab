package dev.shears.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.spec.PruningMethod;
import dev.shears.spec.PruningMethods;
import org.junit.jupiter.api.Test;

class StageCatalogTest {
  private final StageCatalog catalog = StageCatalog.standard();

  @Test
  void everyStageOfEveryRegisteredMethodIsImplemented() {
    for (PruningMethod m : PruningMethods.all()) {
      assertThat(catalog.names()).as(m.name()).containsAll(m.stages());
      m.stages().forEach(name -> assertThat(catalog.stage(name).name()).isEqualTo(name));
    }
  }

  @Test
  void anUnknownStageNamesTheKnownOnes() {
    assertThatThrownBy(() -> catalog.stage("calibrate"))
        .hasMessageContaining("stage 'calibrate' is not implemented by this trainer")
        .hasMessageContaining(StageNames.PRUNE_ENCODER);
  }
}

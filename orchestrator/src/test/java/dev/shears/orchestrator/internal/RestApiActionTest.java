package dev.shears.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** The one parser of the experiment and trial routes' {@code :action}: any case in, a 404 listing the choices out. */
class RestApiActionTest {

  @Test
  void anActionIsMatchedInAnyCase() {
    assertThat(RestApi.action("Pause", Engine.Control.class).result()).isEqualTo(Engine.Control.PAUSE);
    assertThat(RestApi.action("retry", TrialActions.Action.class).result()).isEqualTo(TrialActions.Action.RETRY);
  }

  @Test
  void anUnknownActionIsA404NamingTheParameterAndTheChoices() {
    Future<Engine.Control> experiment = RestApi.action("restart", Engine.Control.class);
    Future<TrialActions.Action> trial = RestApi.action("", TrialActions.Action.class);

    assertThat(experiment.cause()).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.path()).isEqualTo("action");
        assertThat(p.message()).isEqualTo("unknown action 'restart'; use cancel, pause or resume");
      });
    });
    assertThat(trial.cause()).hasMessageContaining("unknown action ''; use cancel or retry");
  }
}

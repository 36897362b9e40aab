package dev.shears.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {
  @Test
  void defaultsBindLocalhost8080AndHideTheToken() {
    DashboardConfig c = DashboardConfig.defaults("127.0.0.1:9092", "s3cret");
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.orchestratorUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(assertThrows(InvalidConfigException.class,
        () -> DashboardConfig.of("k:9092", "127.0.0.1", 70000, "http://o:1", null)))
        .hasMessage("Invalid value 70000 for configuration dashboard.port: must be in [0, 65535]");
    assertThat(assertThrows(InvalidConfigException.class,
        () -> DashboardConfig.of("k:9092", "127.0.0.1", 1, "ftp://o", null)))
        .hasMessageContaining("dashboard.orchestrator.url");
    assertThat(assertThrows(InvalidConfigException.class,
        () -> DashboardConfig.from(new JsonObject().put(DashboardConfig.BOOTSTRAP, "k:1")
            .put(DashboardConfig.HISTORY_POINTS, "ten"))))
        .hasMessageContaining("dashboard.history.points");
    assertThat(assertThrows(InvalidConfigException.class,
        () -> DashboardConfig.from(new JsonObject())))
        .hasMessageContaining("dashboard.bootstrap");
  }

  @Test
  void readsJson() {
    DashboardConfig c = DashboardConfig.from(new JsonObject().put(DashboardConfig.BOOTSTRAP, "k:1")
        .put(DashboardConfig.PORT, 0).put(DashboardConfig.ORCHESTRATOR_URL, "http://o:81/"));
    assertThat(c.port()).isZero();
    assertThat(c.orchestratorUrl()).isEqualTo("http://o:81");
  }
}

package dev.shears.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChannelsTest {
  @Test
  void parsesKnownForms() {
    assertThat(Channels.parse("experiments, fleet,trial:e1-t0,experiment:e1"))
        .containsExactly("experiments", "fleet", "trial:e1-t0", "experiment:e1");
  }

  @Test
  void rejectsMalformedChannelsNamingThem() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> Channels.parse("trial:<script>")))
        .hasMessageContaining("bad channel 'trial:<script>'");
    assertThat(assertThrows(IllegalArgumentException.class, () -> Channels.parse("logs")))
        .hasMessageContaining("'logs'");
    assertThat(assertThrows(IllegalArgumentException.class, () -> Channels.parse(null)))
        .hasMessageContaining("'channels' is required");
    assertThat(assertThrows(IllegalArgumentException.class, () -> Channels.parse("trial:")))
        .hasMessageContaining("bad channel");
  }
}

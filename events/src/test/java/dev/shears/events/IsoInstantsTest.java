package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
  @Test
  void agreesWithInstantParseOnEveryPrecision() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 8_000_000_000L);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
    }
  }

  @Test
  void otherFormsGoToTheGeneralParser() {
    assertThat(IsoInstants.parse("2026-11-23T10:15:30+00:00")).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
    assertThrows(DateTimeException.class, () -> IsoInstants.parse("2026-13-23T10:15:30Z"));
    assertThrows(DateTimeException.class, () -> IsoInstants.parse("2026-02-30T10:15:30Z"));
    assertThrows(DateTimeException.class, () -> IsoInstants.parse("yesterday at noon, more or less Z"));
  }
}

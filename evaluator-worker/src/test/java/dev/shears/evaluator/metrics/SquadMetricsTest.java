package dev.shears.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Questions and gold answers from SQuAD v1.1's dev set (Super Bowl 50 article). */
class SquadMetricsTest {

  private final SquadMetrics squad = new SquadMetrics();
  private final List<String> whichTeam = List.of("Denver Broncos", "Denver Broncos", "Denver Broncos");
  private final List<String> where = List.of("Santa Clara, California", "Levi's Stadium",
      "Levi's Stadium in the San Francisco Bay Area at Santa Clara, California.");

  @Test
  void normalisationDropsCasePunctuationArticlesAndExtraSpace() {
    assertThat(SquadMetrics.normalize("  The  Denver Broncos!  ")).isEqualTo("denver broncos");
    assertThat(SquadMetrics.normalize("Levi's Stadium")).isEqualTo("levis stadium");
    assertThat(SquadMetrics.normalize("an apple, a pear")).isEqualTo("apple pear");
    assertThat(SquadMetrics.normalize("theatre")).isEqualTo("theatre");
  }

  @Test
  void exactMatchAfterNormalisation() {
    assertThat(squad.exactMatch("the Denver Broncos", whichTeam)).isEqualTo(1.0);
    assertThat(squad.exactMatch("Denver Broncos.", whichTeam)).isEqualTo(1.0);
    assertThat(squad.exactMatch("Broncos", whichTeam)).isEqualTo(0.0);
    assertThat(squad.exactMatch("levis stadium", where)).isEqualTo(1.0);
  }

  @Test
  void tokenF1TakesTheBestGoldAnswer() {
    // [broncos] vs [denver broncos]: P = 1, R = 1/2.
    assertThat(squad.f1("Broncos", whichTeam)).isCloseTo(2.0 / 3, within(1e-12));
    // [santa clara] vs [santa clara california]: P = 1, R = 2/3 → 0.8; vs the 11-token third answer
    // only 2/11 recall → 0.3077; the best is 0.8.
    assertThat(squad.f1("Santa Clara", where)).isCloseTo(0.8, within(1e-12));
    assertThat(squad.f1("Santa Clara", where.get(2))).isCloseTo(2 * (2.0 / 11) / (1 + 2.0 / 11), within(1e-12));
    assertThat(squad.f1("Carolina Panthers", whichTeam)).isZero();
  }

  @Test
  void repeatedTokensCountOnce() {
    // [denver denver] vs [denver broncos]: one common token; P = 1/2, R = 1/2.
    assertThat(squad.f1("Denver Denver", "Denver Broncos")).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void emptyAnswersScoreZeroF1AsInV11() {
    assertThat(squad.f1("", "")).isZero();
    assertThat(squad.exactMatch("", "")).isEqualTo(1.0);
  }

  @Test
  void accuracyComparesTrimmedLabels() {
    assertThat(SquadMetrics.accuracy(" entailment\n", "entailment")).isEqualTo(1.0);
    assertThat(SquadMetrics.accuracy("not_entailment", "entailment")).isEqualTo(0.0);
  }
}

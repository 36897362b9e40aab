package dev.shears.evaluator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RougeBenchmarkTest {

  @Test
  void corpusIsSeededAndShaped() {
    SummaryCorpus a = SummaryCorpus.generate(20, 60, 1);
    assertThat(a).isEqualTo(SummaryCorpus.generate(20, 60, 1));
    assertThat(a).isNotEqualTo(SummaryCorpus.generate(20, 60, 2));
    assertThat(a.references().get(0).split("\\s+")).hasSize(60);
    assertThat(a.references()).anySatisfy(r -> assertThat(r).contains("\n"));
  }

  @Test
  void smallRunReportsTimingsAndScores() {
    RougeBenchmark.Result r = new RougeBenchmark().run(new RougeBenchmark.Options(200, 60, true, 3, 42));
    assertThat(r.seconds()).hasSize(3);
    assertThat(r.meanF1()).containsKeys("rouge1", "rouge2", "rougeL", "rougeLsum");
    // Predictions keep about half of each reference's words: clearly related, clearly not equal.
    assertThat(r.meanF1().get("rouge1")).isBetween(0.4, 0.9);
    assertThat(r.summary()).contains("200 pairs").contains("stemming on");
  }
}

package dev.shears.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Uses the paper's SAMSum column of Table 1 (ROUGE-L, speed-up) as data. */
class Table1BuilderTest {

  private static final Map<String, Double> TEACHER = Map.of("rougeL", 0.4333, "rouge1", 0.50);

  private static ModelResult model(String label, double rougeL, double speedup, long params) {
    return new ModelResult(label, Map.of("rougeL", rougeL, "rouge1", rougeL + 0.05), TEACHER, 100 / speedup, 100,
        speedup, params, 220_000_000, 0.3);
  }

  private final List<ModelResult> samsum = List.of(
      model("NASH-3", 0.4109, 4.24, 60_000_000),
      model("T5-Small", 0.3814, 2.14, 60_000_000),
      model("CoFi-T5", 0.3735, 1.45, 60_000_000),
      model("NASH-2", 0.3889, 5.53, 60_000_000),
      model("NASH-4", 0.4134, 2.99, 60_000_000));

  @Test
  void rowsTeacherFirstThenBySpeedupWithRetention() {
    Table1Report r = new Table1Builder().build("samsum", samsum, null);
    assertThat(r.primaryMetric()).isEqualTo("rougeL");
    assertThat(r.metricNames()).containsExactly("rougeL", "rouge1");
    assertThat(r.rows()).extracting(ReportRow::label)
        .containsExactly("teacher", "NASH-2", "NASH-3", "NASH-4", "T5-Small", "CoFi-T5");
    assertThat(r.rows().get(0).retainedPercent()).isEqualTo(100.0);
    assertThat(r.rows().get(0).params()).isEqualTo(220_000_000);
    assertThat(r.rows().get(2).retainedPercent()).isCloseTo(100 * 0.4109 / 0.4333, within(1e-9));
  }

  @Test
  void paretoFrontDropsDominatedModels() {
    Table1Report r = new Table1Builder().build("samsum", samsum, null);
    // T5-Small (38.14, 2.14×) is dominated by NASH-4 (41.34, 2.99×); CoFi by NASH-4 too.
    assertThat(r.paretoFront()).containsExactly("teacher", "NASH-4", "NASH-3", "NASH-2");
    assertThat(r.rows()).filteredOn(ReportRow::paretoOptimal).hasSize(4);
  }

  @Test
  void paretoFrontOnPoints() {
    List<ParetoFront.Point> front = ParetoFront.of(List.of(
        new ParetoFront.Point("a", 1.0, 1.0), new ParetoFront.Point("b", 0.9, 2.0),
        new ParetoFront.Point("c", 0.8, 2.0), new ParetoFront.Point("d", 0.9, 2.0)));
    // c is dominated by b (same speed, less quality); b and d tie and both stay.
    assertThat(front).extracting(ParetoFront.Point::label).containsExactly("a", "b", "d");
  }

  @Test
  void namedMetricMustExist() {
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> new Table1Builder().build("x", samsum, "meteor")).getMessage()).contains("meteor").contains("rougeL");
  }

  @Test
  void emptyExperimentRendersAMessage() {
    Table1Report r = new Table1Builder().build("empty", List.of(), null);
    assertThat(new ReportRenderer().render(r, ReportFormat.MD)).contains("No evaluations yet");
  }

  @Test
  void theNotesSayWhenRougeLsumCannotDifferFromRougeL() {
    Map<String, Double> teacher = Map.of("rougeL", 0.4, "rougeLsum", 0.4);
    ModelResult oneLine = new ModelResult("a", Map.of("rougeL", 0.3, "rougeLsum", 0.3), teacher, 10, 20, 2, 1, 2, 0.3);
    ModelResult twoLines = new ModelResult("b", Map.of("rougeL", 0.3, "rougeLsum", 0.32), teacher, 10, 20, 2, 1, 2,
        0.3);
    ReportRenderer renderer = new ReportRenderer();
    assertThat(renderer.render(new Table1Builder().build("x", List.of(oneLine), null), ReportFormat.MD))
        .contains("ROUGE-Lsum equals ROUGE-L on every row");
    assertThat(renderer.render(new Table1Builder().build("x", List.of(oneLine, twoLines), null), ReportFormat.MD))
        .doesNotContain("ROUGE-Lsum equals");
  }

  @Test
  void markdownShowsPercentagesLikeThePaper() {
    String md = new ReportRenderer().render(new Table1Builder().build("samsum", samsum, null), ReportFormat.MD);
    assertThat(md).contains("| Model | ROUGE-L | ROUGE-1 | ROUGE-L retained [95% CI] | ΔROUGE-L vs teacher [95% CI] "
        + "| Speedup [95% CI] |");
    // Without intervals in the evaluations, the difference says so and no claim is judged; without the whole
    // model's sparsity or the timing rounds, their cells say so too.
    assertThat(md).contains("| NASH-2 | 38.89 | 43.89 | 89.8% | – | 5.53× | – | 18.1 | 60.0M (27.3%) | 30.0% | – | ★ "
        + "| no CI |");
    assertThat(md).contains("| teacher | 43.33 | 50.00 | 100.0% |  | 1.00× |  | 100.0 | 220.0M (100.0%) | 0.0% | 0.0% "
        + "| ★ |  |");
    assertThat(md).contains("Quality: ROUGE-L and the other metrics are F1 × 100");
    assertThat(md).contains("Pareto front (ROUGE-L vs speed-up): teacher → NASH-4 → NASH-3 → NASH-2");
  }

  @Test
  void csvAndJsonKeepFractions() throws Exception {
    Table1Report report = new Table1Builder().build("samsum", samsum, null);
    String csv = new ReportRenderer().render(report, ReportFormat.CSV);
    assertThat(csv.lines().findFirst().orElseThrow()).startsWith(
        "model,trial_id,arm,teacher,rougeL,rouge1,retained_percent,retained_low,retained_high,difference,");
    assertThat(csv.lines()).hasSize(7);
    assertThat(csv).contains("NASH-2,,,false,0.3889,");
    JsonNode json = new ObjectMapper().readTree(new ReportRenderer().render(report, ReportFormat.JSON));
    assertThat(json.get("rows").get(1).get("metrics").get("rougeL").asDouble()).isEqualTo(0.3889);
    assertThat(json.get("paretoFront")).hasSize(4);
  }

  @Test
  void formatNamesAreValidated() {
    assertThat(ReportFormat.parse("Json")).isEqualTo(ReportFormat.JSON);
    assertThat(assertThrows(IllegalArgumentException.class, () -> ReportFormat.parse("xml")).getMessage())
        .contains("xml").contains("md, csv or json");
  }

  @Test
  void labelsAreEscaped() {
    ModelResult odd = model("a|b,c", 0.4, 2.0, 1);
    Table1Report r = new Table1Builder().build("x", List.of(odd), null);
    assertThat(new ReportRenderer().render(r, ReportFormat.MD)).contains("a\\|b,c");
    assertThat(new ReportRenderer().render(r, ReportFormat.CSV)).contains("\"a|b,c\"");
  }
}

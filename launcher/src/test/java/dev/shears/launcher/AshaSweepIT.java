package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RealKafka;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.worker.CheckpointVerifier;
import dev.shears.events.Topics;
import dev.shears.events.TrialStopped;
import dev.shears.events.ValidationEvent;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import dev.shears.launcher.chaos.ReadAll;
import dev.shears.launcher.demo.DemoWatch;
import dev.shears.launcher.demo.ExperimentResults;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.report.EvaluatedTrial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 6-trial ASHA sweep on a real broker, trained by a real CPU trainer and measured by a real evaluator, followed to
 * its report as {@code shears up --demo} follows one. Four trials train the student at a learning rate too small to
 * move it, so their validation loss at the rungs tends to lie outside the best half of the results before them; ASHA
 * must stop at least two trials, and every trial, stopped or not, is evaluated and has its row in Table 1.
 */
@RealKafka
class AshaSweepIT {
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(8);

  /**
   * Trials run one at a time in index order on the one trainer; the two that learn come first. Rungs at student
   * steps 4, 8 and 16 (η = 2, below 24 + 8 = 32).
   */
  private static final String SPEC = """
      name: asha-it
      task: {dataset: builtin:synthetic-summarize, metric: rouge}
      teacher: {model: builtin:tiny-t5, finetune: {steps: 30, lr: 1.0e-3}}
      method: nash
      nash:
        decoderLayers: 2
        selection: uniform
        encoderSparsity: 0.3
        regLr: 0.1
        sparsityWarmupSteps: 10
        finetunePruned: {recipe: nash, steps: 8, lr: 3.0e-3}
      training: {steps: 24, lr: {list: [3.0e-3, 2.0e-3, 1.0e-7, 2.0e-7, 3.0e-7, 4.0e-7]}, batchSize: 4, seed: 1}
      trainer: {checkpointEvery: 0, lossEvery: 1, maskEvery: 8, validateEvery: 8, validationBatches: 2,
        maxSourceLength: 32, maxTargetLength: 12}
      eval: {beam: 1, batchSize: 8, maxNewTokens: 8}
      resources: {gpus: 1, gpuMemoryGb: 1, priority: 0}
      search: {scheduler: asha, metric: validationLoss, gracePeriod: 4, reductionFactor: 2, maxSteps: 32}
      maxConcurrentTrials: 1
      """;

  @Test
  void ashaStopsTrialsAndEveryTrialIsEvaluatedWithItsRow(KafkaBroker broker, @TempDir Path dir) throws Exception {
    EvalSettings eval = new EvalSettings(8, 1, 8, 0, 1, List.of("rouge"), false, 0);
    try (LocalFleet fleet = LocalFleet.start(broker, dir, 1, new LocalFleet.Evaluation(eval, 16))) {
      OrchestratorClient client = fleet.client();
      OrchestratorClient.Response submitted = client.submit(SPEC.getBytes(StandardCharsets.UTF_8),
          "application/yaml");
      assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
      String id = submitted.body().path("experimentId").asText();

      StringWriter printed = new StringWriter();
      ExperimentResults results = new ExperimentResults(client);
      DemoWatch watch = new DemoWatch(results, new PrintWriter(printed, true), Duration.ofMillis(500));
      List<TrialResult> trials = assertTimeoutPreemptively(SWEEP_TIMEOUT,
          () -> watch.await(id, dir.resolve("report")), () -> "the sweep to end; printed:\n" + printed);

      System.out.println(printed);
      assertThat(trials).hasSize(6);
      List<TrialResult> stopped = trials.stream().filter(t -> t.state().equals("STOPPED")).toList();
      assertThat(stopped).as("printed:\n%s", printed).hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(t -> assertThat(t.reason()).startsWith("asha: validationLoss"));
      assertThat(trials).as("printed:\n%s", printed)
          .allSatisfy(t -> assertThat(t.state()).isIn("SUCCEEDED", "STOPPED"))
          .allSatisfy(t -> assertThat(t.evaluation()).as("evaluation of %s", t.trialId()).isNotNull());
      assertThat(trials.get(0).state()).as("the first trial at every rung has no cutoff").isEqualTo("SUCCEEDED");
      // Each export's model card carries its evaluation, and its generation_config.json the spec's eval: decoding.
      assertThat(trials).allSatisfy(t -> {
        Path export = CheckpointVerifier.pathOf(t.evaluation().uri());
        assertThat(export.resolve("README.md")).content().doesNotContain("Not evaluated")
            .contains(String.format(Locale.ROOT, "| rougeL | %.2f | ", 100 * t.evaluation().metrics().get("rougeL")))
            .containsPattern("Measured by the Shears evaluator on [0-9]+ test examples");
        assertThat(export.resolve("generation_config.json")).content()
            .contains("\"num_beams\" : 1").contains("\"max_new_tokens\" : 8");
      });

      List<EvaluatedTrial> rows = results.evaluated(id);
      assertThat(rows).hasSize(6);
      assertThat(rows.stream().filter(EvaluatedTrial::stopped).map(EvaluatedTrial::trialId).toList())
          .containsExactlyInAnyOrderElementsOf(stopped.stream().map(TrialResult::trialId).toList());
      assertThat(printed.toString()).contains("stopped early").contains("(stopped early)");
      assertThat(Files.readString(dir.resolve("report").resolve("report.md"))).contains("(stopped early)");

      // The verdicts came from the trainer's rung results, which carry ROUGE-L of greedy generation as well.
      List<Consumed> log = ReadAll.from(broker.bootstrapServers(), Duration.ofSeconds(30));
      List<ValidationEvent> validations = log.stream().filter(c -> c.topic().equals(Topics.TRIALS))
          .filter(c -> id.equals(c.envelope().experimentId()))
          .map(c -> c.envelope().payload()).filter(ValidationEvent.class::isInstance)
          .map(ValidationEvent.class::cast).toList();
      assertThat(validations).isNotEmpty().allSatisfy(v -> {
        assertThat(v.step()).isIn(4L, 8L, 16L);
        assertThat(v.rougeL()).isNotNull().isBetween(0.0, 1.0);
      });
      assertThat(log.stream().map(c -> c.envelope().payload()).filter(TrialStopped.class::isInstance)
          .map(TrialStopped.class::cast)).hasSize(stopped.size()).allSatisfy(s -> assertThat(s.step()).isIn(4L,
          8L, 16L));
    }
  }
}

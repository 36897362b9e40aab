package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.FailureKind;
import dev.shears.events.PathRoots;
import dev.shears.events.StageStarted;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker re-checks the paths of the specs it receives from Kafka against its own roots (defence in depth behind
 * the orchestrator's check) and fails the trial with the reason, before it opens anything.
 */
class TrialPathConfinementTest {
  @TempDir
  Path dir;

  private Path outside;
  private Path checkpoints;
  private TrialRunner runner;
  private final CollectingSink sink = new CollectingSink();

  @BeforeEach
  void layout() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("models"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.jsonl"), "{\"input\": \"a\", \"target\": \"b\"}\n");
    checkpoints = Files.createDirectories(dir.resolve("ckpt"));
    runner = new TrialRunner(new CheckpointStore(checkpoints), TinyTrials.copyPrefixData(),
        PathRoots.under(dir).with(checkpoints));
  }

  private TrialOutcome.Failed run(ObjectNode spec, String resumeUri) {
    TrialOutcome outcome = runner.run(TinyTrials.parse(spec), resumeUri, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Failed.class);
    assertThat(sink.events(StageStarted.class)).as("no stage may start").isEmpty();
    assertThat(((TrialOutcome.Failed) outcome).kind()).as("a retry cannot help").isEqualTo(FailureKind.CONFIGURATION);
    return (TrialOutcome.Failed) outcome;
  }

  @Test
  void aDatasetOutsideTheWorkersRootsFailsTheTrialNamingTheField() {
    ObjectNode spec = TinyTrials.nashSpec("t-out", 1, 2, 1);
    spec.with("task").put("dataset", outside.resolve("secret.jsonl").toString());

    assertThat(run(spec, null).reason()).startsWith("task.dataset: refused by this worker")
        .contains("outside the allowed data roots");
  }

  @Test
  void aTeacherBehindASymbolicLinkOutOfTheRootsFailsTheTrial() throws Exception {
    Files.createSymbolicLink(dir.resolve("models/teacher"), outside);
    ObjectNode spec = TinyTrials.nashSpec("t-link", 1, 2, 1);
    spec.with("teacher").put("model", dir.resolve("models/teacher").toString());

    assertThat(run(spec, null).reason()).startsWith("teacher.model: refused by this worker")
        .contains("symbolic link");
  }

  @Test
  void aDotDotDatasetFailsTheTrial() {
    ObjectNode spec = TinyTrials.nashSpec("t-dots", 1, 2, 1);
    spec.with("task").put("dataset", dir.resolve("data/../outside/secret.jsonl").toString());

    assertThat(run(spec, null).reason()).startsWith("task.dataset: refused by this worker").contains("'..'");
  }

  @Test
  void aResumeCheckpointOutsideTheCheckpointRootFailsTheTrial() {
    assertThat(run(TinyTrials.nashSpec("t-resume", 1, 2, 1), outside.toUri().toString()).reason())
        .startsWith("resume checkpoint: refused by this worker");
  }
}

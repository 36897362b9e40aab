package dev.shears.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.Envelope;
import dev.shears.events.Event;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialStopped;
import dev.shears.events.TrialSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTimeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Envelope> log = new ArrayList<>();

  private void at(int second, String trialId, int attempt, Event event) {
    log.add(Envelope.of(event, "x", trialId, attempt, log.size() + 1, T0.plusSeconds(second)));
  }

  @Test
  void aTrialCostsItsAttemptsWithoutTheTeachersFineTuning() {
    // Attempt 1 trains the teacher (100 s), then is lost at 150 s; attempt 2 resumes and succeeds.
    at(0, "t", 1, new TrialAssigned("w", List.of(0), null));
    at(1, "t", 1, new TrialStarted("w"));
    at(2, "t", 1, new StageStarted("finetune-teacher", 0));
    at(102, "t", 1, new StageCompleted("finetune-teacher", 300, Map.of()));
    at(151, "t", 1, new StageStarted("prune-encoder", 300));
    at(200, "t", 2, new TrialStarted("w"));
    at(210, "t", 2, new StageStarted("export", 500));
    at(230, "t", 2, new TrialSucceeded("file:///e", Map.of()));
    TrainerTime.Cost cost = TrainerTime.of(log).get("t");
    assertThat(cost.teacher()).isEqualTo(Duration.ofSeconds(100));
    assertThat(cost.trainer()).isEqualTo(Duration.ofSeconds(50 + 30));
    assertThat(cost.studentSteps()).isEqualTo(500);
  }

  @Test
  void aStoppedTrialCostsUntilItsExportEndsNotUntilTheOrchestratorsVerdict() {
    at(0, "s", 1, new TrialStarted("w"));
    at(1, "s", 1, new StageStarted("finetune-teacher", 0));
    at(1, "s", 1, new StageCompleted("finetune-teacher", 0, Map.of()));
    at(40, "s", 1, new TrialStopped(0, 20, "asha"));
    at(42, "s", 1, new StageStarted("export", 23));
    at(45, "s", 1, new StageCompleted("export", 23, Map.of()));
    at(90, "s", 1, new TrialStopped(0, 20, "a later copy of the verdict"));
    TrainerTime.Cost cost = TrainerTime.of(log).get("s");
    assertThat(cost.trainer()).isEqualTo(Duration.ofSeconds(45));
    assertThat(cost.teacher()).isZero();
    assertThat(cost.studentSteps()).isEqualTo(23);
  }
}

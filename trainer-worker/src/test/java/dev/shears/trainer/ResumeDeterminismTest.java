package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.CheckpointWritten;
import dev.shears.events.LossEvent;
import dev.shears.events.StageStarted;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialEvent;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.telemetry.CollectingSink;
import dev.shears.trainer.telemetry.TelemetrySink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeDeterminismTest {
  private static final int TEACHER = 2;
  private static final int PRUNE = 14;
  private static final int FINETUNE = 2;

  @TempDir
  Path root;

  private static TrialSpec spec(String trialId, String method) {
    return TinyTrials.parse(TinyTrials.nashSpec(trialId, TEACHER, PRUNE, FINETUNE).put("method", method));
  }

  @Test
  void sameSeedIsDeterministicAndAResumeMidPruneContinuesTheTrajectoryExactly() {
    assertResumeContinuesExactly("nash");
  }

  @Test
  void cofiResumeMidPruneRestoresDecoderAndSublayerGates() {
    assertResumeContinuesExactly("cofi");
  }

  private void assertResumeContinuesExactly(String method) {
    CollectingSink straight = new CollectingSink();
    TrialRunner runner = new TrialRunner(new CheckpointStore(root.resolve("a")), TinyTrials.copyPrefixData());
    assertThat(runner.run(spec("t-a", method), null, straight, new StopSignal()))
        .isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(straight.events(LossEvent.class)).hasSize(TEACHER + PRUNE + FINETUNE);

    // Same seed, another store: stop at a step boundary inside prune-encoder, then resume from the checkpoint.
    StopSignal stop = new StopSignal();
    long stopAfter = TEACHER + 5;
    CollectingSink first = new CollectingSink();
    TelemetrySink stopping = new TelemetrySink() {
      @Override
      public void trial(TrialEvent event) {
        first.trial(event);
      }

      @Override
      public void telemetry(TelemetryEvent event) {
        first.telemetry(event);
        if (event instanceof LossEvent loss && loss.step() == stopAfter) {
          stop.request("pause");
        }
      }

      @Override
      public void checkpoint(CheckpointWritten event) {
        first.checkpoint(event);
      }
    };
    TrialRunner interrupted = new TrialRunner(new CheckpointStore(root.resolve("b")), TinyTrials.copyPrefixData());
    TrialOutcome paused = interrupted.run(spec("t-b", method), null, stopping, stop);
    assertThat(paused).isInstanceOf(TrialOutcome.Stopped.class);
    TrialOutcome.Stopped stopped = (TrialOutcome.Stopped) paused;
    assertThat(stopped.step()).isEqualTo(stopAfter + 1);

    CollectingSink second = new CollectingSink();
    TrialRunner resumed = new TrialRunner(new CheckpointStore(root.resolve("b")), TinyTrials.copyPrefixData());
    assertThat(resumed.run(spec("t-b", method), stopped.checkpoint(), second, new StopSignal()))
        .isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(second.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-pruned", "export");

    List<LossEvent> combined = new ArrayList<>(first.events(LossEvent.class));
    combined.addAll(second.events(LossEvent.class));
    long total = TEACHER + PRUNE + FINETUNE;
    assertThat(combined).extracting(LossEvent::step)
        .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
    // Same seed, same trajectory; and the resumed part continues it: every loss component equals the
    // uninterrupted run's, bit for bit.
    assertThat(combined).containsExactlyElementsOf(straight.events(LossEvent.class));
    assertThat(second.events(CheckpointWritten.class)).isNotEmpty();
  }
}

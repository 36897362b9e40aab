package dev.shears.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic instance of every event type, for round-trip and broker tests. */
final class SampleEvents {
  static final Instant TS = Instant.parse("2026-11-23T10:15:30.123Z");

  private SampleEvents() {}

  static List<Event> all() {
    ObjectNode spec = JsonNodeFactory.instance.objectNode().put("method", "nash").put("decoderLayers", 3);
    return List.of(
        new ExperimentSubmitted("nash-tiny", "key-1", spec, 12, "alice"),
        new ExperimentCancelled("user request"),
        new ExperimentPaused(null),
        new ExperimentResumed(),
        new ExperimentAnnotated(List.of("baseline", "rerun-2"), "Teacher from the 11 M run.\nCompare with exp-9."),
        new TrialCreated(3, spec, 1, 8.0, 0, 3),
        new TrialAssigned("trainer-a", List.of(0, 1), "file:///ckpt/t1/step-400"),
        new TrialStarted("trainer-a"),
        new StageStarted("prune-encoder", 0),
        new StageCompleted("prune-encoder", 1500, Map.of("expectedSparsity", 0.301)),
        new TrialCheckpointed("prune-encoder", 400, "file:///ckpt/t1/step-400", "ab12"),
        new TrialSucceeded("file:///ckpt/t1/export", Map.of("rougeL", 0.41)),
        new TrialFailed("NaN loss at step 17", 17L, "file:///ckpt/t1/step-10", FailureKind.RUNTIME),
        new TrialRequeued("lease expired", 2, "file:///ckpt/t1/step-400"),
        new TrialCancelled("experiment cancelled", false),
        new ValidationEvent(300, "prune-encoder", 2.31, null),
        new TrialRetried("requested via API", 3),
        new TrialStopped(1, 300, "asha: validationLoss 2.31 at step 300 is outside the best 1/3 (cutoff 2.05)"),
        new Assignment("trainer-a", List.of(0), spec, null),
        new Revocation("trainer-a", "pause"),
        new WorkerHeartbeat("trainer-a", "trainer", "gpu-host-1",
            List.of(new GpuInfo(0, "NVIDIA H100", 81_559, 80_000, 0.35)), List.of("t1"), 1, null),
        new LossEvent(42, "prune-encoder", 1.5, 1.2, 0.1, 0.1, 0.0, 0.1, 3e-5),
        new MaskEvent(40, "prune-encoder", List.of(List.of(0.99, 0.5), List.of(0.1, 1.0)), List.of(511.5, 380.0),
            0.21, 0.3, 0.15),
        new LagrangianEvent(40, "prune-encoder", 0.12, 0.4, 0.21, 0.3),
        new CheckpointWritten("export", 1500, CheckpointKind.EXPORT, "file:///ckpt/t1/export", "cd34", 1_234_567,
            "file:///teacher", JsonNodeFactory.instance.objectNode().set("task",
                JsonNodeFactory.instance.objectNode().put("dataset", "builtin:synthetic-qa").put("metric", "em"))),
        new EvaluationCompleted("cd34", "file:///ckpt/t1/export", Map.of("rougeL", 0.40), Map.of("rougeL", 0.42), 120.5,
            300.1, 2.49, 1_000_000, 2_500_000, 0.3, null),
        new EvaluationFailed("cd34", "file:///ckpt/t1/export", "sha256 mismatch"),
        new TrialSummary("SUCCEEDED", 1200, List.of(new CurveSummary("loss", List.of("total", "kd"),
            List.of(1.0, 2.0), List.of(List.of(2.5f, 2.25f), List.of(1.5f, 1.25f)))),
            new EvaluationCompleted("cd34", "file:///ckpt/t1/export", Map.of("rougeL", 0.40), Map.of("rougeL", 0.42),
                120.5, 300.1, 2.49, 1_000_000, 2_500_000, 0.3, null), null),
        new DeadLetter("shears.telemetry", 3, 77, "MALFORMED_JSON: [$: bad]", "$", "t1", "e30=", 2, "dashboard"));
  }

  static Envelope envelope(Event event, long seq) {
    return Envelope.of(event, "exp-1", "t1", 1, seq, TS);
  }
}

package dev.shears.orchestrator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentAnnotated;
import dev.shears.events.Violation;
import dev.shears.spec.SpecProblem;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's tags and note from a request body {@code {"tags": [...], "note": "..."}}: every problem is
 * reported at once with its field ({@code tags[2]}), and a valid pair is written as an ExperimentAnnotated on
 * {@code shears.experiments}, so it survives restarts. Confined to the engine's context.
 */
final class Annotations {
  private final Engine engine;
  private final ObjectMapper mapper;
  private final Clock clock;

  Annotations(Engine engine, ObjectMapper mapper, Clock clock) {
    this.engine = engine;
    this.mapper = mapper;
    this.clock = clock;
  }

  Future<ExperimentAnnotated> set(String experimentId, byte[] body) {
    if (!engine.recovered()) {
      return Future.failedFuture(new ApiException(503, "$", "the orchestrator is recovering its state; retry"));
    }
    if (!engine.scheduler().hasExperiment(experimentId)) {
      return Future.failedFuture(new ApiException(404, "experimentId", "unknown experiment " + experimentId));
    }
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      return Future.failedFuture(new ApiException(400, "$", "the body must be JSON {\"tags\": [...], \"note\": \"...\"}"));
    }
    List<SpecProblem> problems = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    JsonNode tagsNode = json == null ? null : json.get("tags");
    if (tagsNode == null || !tagsNode.isArray()) {
      problems.add(new SpecProblem("tags", "must be an array of strings (send [] for none)"));
    } else {
      for (int i = 0; i < tagsNode.size(); i++) {
        if (tagsNode.get(i).isTextual()) {
          tags.add(tagsNode.get(i).asText().trim());
        } else {
          problems.add(new SpecProblem("tags[" + i + "]", "must be a string, was " + tagsNode.get(i)));
        }
      }
    }
    JsonNode noteNode = json == null ? null : json.get("note");
    String note = noteNode != null && noteNode.isTextual() ? noteNode.asText() : null;
    if (noteNode != null && !noteNode.isTextual() && !noteNode.isNull()) {
      problems.add(new SpecProblem("note", "must be a string, was " + noteNode.getNodeType().name().toLowerCase()));
      note = "";
    }
    if (problems.isEmpty()) {
      for (Violation v : ExperimentAnnotated.problems(tags, note)) {
        problems.add(new SpecProblem(v.path(), v.message()));
      }
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(new ApiException(400, problems));
    }
    ExperimentAnnotated annotated = new ExperimentAnnotated(tags, note);
    return engine.annotate(Envelope.of(annotated, experimentId, null, 0, 0, clock.instant())).map(v -> annotated);
  }
}

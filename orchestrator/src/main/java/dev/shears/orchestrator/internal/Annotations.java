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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    ExperimentAnnotated annotated;
    try {
      annotated = parse(mapper, body);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return engine.annotate(Envelope.of(annotated, experimentId, null, 0, 0, clock.instant())).map(v -> annotated);
  }

  /**
   * The tags and note of a request body, or an {@link ApiException} (400) with every problem at once, in field order:
   * the content of the well-typed fields is checked even when others have the wrong type.
   */
  static ExperimentAnnotated parse(ObjectMapper mapper, byte[] body) {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      throw new ApiException(400, "$", "the body must be JSON {\"tags\": [...], \"note\": \"...\"}");
    }
    List<SpecProblem> problems = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    JsonNode tagsNode = json == null ? null : json.get("tags");
    if (tagsNode == null || !tagsNode.isArray()) {
      problems.add(new SpecProblem("tags", "must be an array of strings (send [] for none)"));
    } else {
      for (int i = 0; i < tagsNode.size(); i++) {
        if (tagsNode.get(i).isTextual()) {
          tags.add(tagsNode.get(i).asText().trim());
        } else {
          // Kept in place as null, so the content checks name the other tags by their own index.
          tags.add(null);
          problems.add(new SpecProblem("tags[" + i + "]", "must be a string, was " + tagsNode.get(i)));
          reported.add("tags[" + i + "]");
        }
      }
    }
    JsonNode noteNode = json == null ? null : json.get("note");
    String note = noteNode != null && noteNode.isTextual() ? noteNode.asText() : null;
    if (noteNode != null && !noteNode.isTextual() && !noteNode.isNull()) {
      problems.add(new SpecProblem("note", "must be a string, was " + noteNode.getNodeType().name().toLowerCase()));
      reported.add("note");
    }
    for (Violation v : ExperimentAnnotated.problems(tags, note)) {
      if (!reported.contains(v.path())) {
        problems.add(new SpecProblem(v.path(), v.message()));
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(Annotations::fieldOrder));
      throw new ApiException(400, problems);
    }
    return new ExperimentAnnotated(tags, note);
  }

  /** tags, then tags[0], tags[1], ..., then note. */
  private static int fieldOrder(SpecProblem p) {
    if (p.path().startsWith("tags[")) {
      return Integer.parseInt(p.path().substring(5, p.path().length() - 1));
    }
    return p.path().equals("tags") ? -1 : Integer.MAX_VALUE;
  }
}

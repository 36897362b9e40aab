package dev.shears.orchestrator.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial of an experiment: the spec with every sweep replaced by one value.
 *
 * @param index the trial's position in the sweep, from 0
 * @param spec the resolved spec, without ids (see {@link #specFor})
 * @param params the swept values of this trial by field path, in sweep order
 * @param gpus GPUs the trial needs on one host (0: a CPU slot)
 * @param gpuMemoryGb memory it needs on each of its GPUs
 * @param priority higher runs first
 */
public record TrialPlan(
    int index, ObjectNode spec, Map<String, JsonNode> params, int gpus, double gpuMemoryGb, int priority) {
  public TrialPlan {
    requireNonNull(spec, "spec");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The resolved trial spec of the conventions: this spec plus experimentId, trialId and trialIndex. */
  public ObjectNode specFor(String experimentId, String trialId) {
    ObjectNode out = spec.deepCopy();
    out.put("experimentId", experimentId);
    out.put("trialId", trialId);
    out.put("trialIndex", index);
    return out;
  }
}

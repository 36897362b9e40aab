package dev.shears.spec;

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
 * @param typed the same spec, typed
 */
public record TrialPlan(int index, ObjectNode spec, Map<String, JsonNode> params, ExperimentSpec typed) {
  public TrialPlan {
    requireNonNull(spec, "spec");
    requireNonNull(typed, "typed");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** GPUs the trial needs on one host (0: a CPU slot). */
  public int gpus() {
    return typed.resources().gpus();
  }

  /** Memory it needs on each of its GPUs. */
  public double gpuMemoryGb() {
    return typed.resources().gpuMemoryGb();
  }

  /** Higher runs first. */
  public int priority() {
    return typed.resources().priority();
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

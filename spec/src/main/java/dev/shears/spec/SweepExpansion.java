package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The product of a spec's sweep axes: its dimensions (zip axes as one) and the trials they expand to. */
final class SweepExpansion {
  private SweepExpansion() {}

  /** One swept field and its values. */
  record Axis(String path, List<String> segments, String kind, List<JsonNode> values) {}

  /** Groups axes into the dimensions of the product: each grid/list/random axis alone, all zip axes together. */
  static List<List<Axis>> dimensions(List<Axis> axes, List<SpecProblem> problems) {
    List<List<Axis>> dims = new ArrayList<>();
    List<Axis> zipped = null;
    for (Axis axis : axes) {
      if (axis.kind().equals("zip")) {
        if (zipped == null) {
          zipped = new ArrayList<>();
          dims.add(zipped);
        }
        zipped.add(axis);
      } else {
        dims.add(List.of(axis));
      }
    }
    if (zipped != null) {
      int n = zipped.get(0).values().size();
      for (Axis axis : zipped) {
        if (axis.values().size() != n) {
          problems.add(new SpecProblem(axis.path() + ".zip", "zip axes must have the same length: "
              + zipped.get(0).path() + ".zip has " + n + ", this one has " + axis.values().size()));
          return dims;
        }
      }
      Map<List<JsonNode>, Integer> rows = new HashMap<>();
      for (int i = 0; i < n; i++) {
        List<JsonNode> row = new ArrayList<>();
        for (Axis axis : zipped) {
          row.add(axis.values().get(i));
        }
        Integer first = rows.putIfAbsent(row, i);
        if (first != null) {
          problems.add(new SpecProblem(zipped.get(0).path() + ".zip[" + i + "]", "zip row " + i
              + " repeats row " + first + " of every zip axis and would create identical trials"));
        }
      }
    }
    return dims;
  }

  static List<TrialPlan> expand(ObjectNode spec, List<List<Axis>> dims, int total) {
    List<TrialPlan> trials = new ArrayList<>(total);
    int[] sizes = dims.stream().mapToInt(d -> d.get(0).values().size()).toArray();
    for (int index = 0; index < total; index++) {
      ObjectNode trial = spec.deepCopy();
      Map<String, JsonNode> params = new LinkedHashMap<>();
      int rest = index;
      int[] pick = new int[sizes.length];
      for (int d = sizes.length - 1; d >= 0; d--) {
        pick[d] = rest % sizes[d];
        rest /= sizes[d];
      }
      for (int d = 0; d < sizes.length; d++) {
        for (Axis axis : dims.get(d)) {
          JsonNode value = axis.values().get(pick[d]);
          set(trial, axis.segments(), value);
          params.put(axis.path(), value);
        }
      }
      trials.add(new TrialPlan(index, trial, params, ExperimentSpec.read(trial)));
    }
    return trials;
  }

  private static void set(ObjectNode root, List<String> segments, JsonNode value) {
    ObjectNode node = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      node = (ObjectNode) node.get(segments.get(i));
    }
    node.set(segments.get(segments.size() - 1), value);
  }

}

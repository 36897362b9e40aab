package dev.shears.trainer.stage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.SafeTensors;
import dev.shears.model.T5Model;
import dev.shears.spec.MethodSpec.GatedPruning;
import dev.shears.trainer.checkpoint.CheckpointException;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.nash.HardConcreteGate;
import dev.shears.trainer.nash.LagrangianController;
import dev.shears.trainer.nash.SeededRandom;
import dev.shears.trainer.optim.AdamW;
import dev.shears.trainer.spec.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a trial checkpoint directory: {@code state.json} (stage, steps, random state, data cursor, λs,
 * results), {@code student/} (the model being trained, HF layout, bit-exact F32) and {@code arrays.safetensors}
 * (gate log α, optimiser moments). {@link #restore} rebuilds a {@link TrialState} that continues exactly where the
 * writer stopped.
 */
public final class TrialCheckpoint {
  static final String STATE = "state.json";
  static final String STUDENT = "student";
  static final String ARRAYS = "arrays.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADS = "gate.encoder.heads";
  private static final String FFN = "gate.encoder.ffn";

  private TrialCheckpoint() {}

  /** Writes {@code state} into the (temporary) directory {@code dir}. */
  static void write(TrialState state, Path dir) throws IOException {
    ObjectNode json = JSON.createObjectNode();
    json.put("stage", state.stage);
    json.put("stageStep", state.stageStep);
    json.put("globalStep", state.globalStep);
    json.put("dataCursor", state.stageStep);
    json.put("random", state.random.state());
    if (state.teacherUri != null) {
      json.put("teacherUri", state.teacherUri);
    }
    if (state.decoderSelection != null) {
      ArrayNode sel = json.putArray("decoderSelection");
      for (int k : state.decoderSelection) {
        sel.add(k);
      }
    }
    if (state.lagrangian != null) {
      json.put("lambda1", state.lagrangian.lambda1());
      json.put("lambda2", state.lagrangian.lambda2());
    }
    if (Double.isFinite(state.bestValidation)) {
      json.put("bestValidation", state.bestValidation);
    }
    if (state.bestUri != null) {
      json.put("bestUri", state.bestUri);
    }
    if (state.exportUri != null) {
      json.put("exportUri", state.exportUri);
    }
    ObjectNode metrics = json.putObject("metrics");
    state.metrics.forEach((stage, m) -> {
      ObjectNode node = metrics.putObject(stage);
      m.forEach(node::put);
    });
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    if (state.headGates != null) {
      arrays.put(HEADS, state.headGates.logAlpha());
      arrays.put(FFN, state.ffnGates.logAlpha());
    }
    state.extraGates.forEach((name, gate) -> arrays.put("gate." + name, gate.logAlpha()));
    ObjectNode optimizers = json.putObject("optimizers");
    for (AdamW o : new AdamW[] {state.modelOptimizer, state.gateOptimizer, state.lagrangianOptimizer}) {
      if (o == null || state.stageStep == 0) {
        continue;
      }
      optimizers.put(o.name(), o.steps());
      List<NDArray> m = o.firstMoments();
      List<NDArray> v = o.secondMoments();
      for (int i = 0; i < m.size(); i++) {
        arrays.put("opt." + o.name() + "." + i + ".m", m.get(i));
        arrays.put("opt." + o.name() + "." + i + ".v", v.get(i));
      }
    }
    if (!arrays.isEmpty()) {
      SafeTensors.write(dir.resolve(ARRAYS), arrays);
    }
    if (state.student != null) {
      state.student.save(dir.resolve(STUDENT));
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(STATE).toFile(), json);
  }

  /**
   * Reads a checkpoint written by {@link #write} after verifying its manifest. Models and arrays are attached to
   * {@code manager}.
   */
  public static TrialState restore(String uri, TrialSpec spec, NDManager manager) {
    Path dir = CheckpointStore.pathOf(uri);
    CheckpointStore.verify(dir);
    JsonNode json;
    try {
      json = JSON.readTree(dir.resolve(STATE).toFile());
    } catch (IOException e) {
      throw new CheckpointException("Cannot read " + dir.resolve(STATE) + ": " + e.getMessage(), e);
    }
    TrialState state = new TrialState(json.path("stage").asText(), 0);
    try {
      state.stageStep = json.path("stageStep").asLong();
      state.globalStep = json.path("globalStep").asLong();
      state.random = new SeededRandom(json.path("random").asLong());
      state.teacherUri = json.hasNonNull("teacherUri") ? json.get("teacherUri").asText() : null;
      if (json.has("decoderSelection")) {
        JsonNode sel = json.get("decoderSelection");
        state.decoderSelection = new int[sel.size()];
        for (int i = 0; i < sel.size(); i++) {
          state.decoderSelection[i] = sel.get(i).asInt();
        }
      }
      state.bestValidation = json.path("bestValidation").asDouble(Double.POSITIVE_INFINITY);
      state.bestUri = json.hasNonNull("bestUri") ? json.get("bestUri").asText() : null;
      state.exportUri = json.hasNonNull("exportUri") ? json.get("exportUri").asText() : null;
      Iterator<Map.Entry<String, JsonNode>> stages = json.path("metrics").fields();
      while (stages.hasNext()) {
        Map.Entry<String, JsonNode> e = stages.next();
        Map<String, Double> m = new LinkedHashMap<>();
        e.getValue().fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asDouble()));
        state.metrics.put(e.getKey(), m);
      }
      Path student = dir.resolve(STUDENT);
      if (Files.isDirectory(student)) {
        state.student = T5Model.load(student, manager);
      }
      Path arraysFile = dir.resolve(ARRAYS);
      if (Files.isRegularFile(arraysFile)) {
        Map<String, NDArray> arrays = SafeTensors.read(arraysFile, manager);
        if (arrays.containsKey(HEADS)) {
          state.headGates = HardConcreteGate.wrap(HEADS, arrays.get(HEADS));
          state.ffnGates = HardConcreteGate.wrap(FFN, arrays.get(FFN));
        }
        for (String name : GateLayout.EXTRA_GATES) {
          if (arrays.containsKey("gate." + name)) {
            state.extraGates.put(name, HardConcreteGate.wrap(name, arrays.get("gate." + name)));
          }
        }
        Iterator<Map.Entry<String, JsonNode>> opts = json.path("optimizers").fields();
        while (opts.hasNext()) {
          Map.Entry<String, JsonNode> e = opts.next();
          List<float[]> first = new ArrayList<>();
          List<float[]> second = new ArrayList<>();
          for (int i = 0; arrays.containsKey("opt." + e.getKey() + "." + i + ".m"); i++) {
            first.add(arrays.get("opt." + e.getKey() + "." + i + ".m").toFloatArray());
            second.add(arrays.get("opt." + e.getKey() + "." + i + ".v").toFloatArray());
          }
          state.restoredOptimizers.put(e.getKey(),
              new TrialState.OptimizerSnapshot(e.getValue().asLong(), first, second));
        }
      }
      if (json.has("lambda1")) {
        GatedPruning pruning = spec.requires(GatedPruning.class, StageNames.PRUNE_ENCODER);
        state.lagrangian = new LagrangianController(manager, pruning.targetSparsity(),
            pruning.sparsityWarmupSteps(), json.get("lambda1").asDouble(), json.get("lambda2").asDouble());
      }
      state.lastCheckpointUri = uri;
      return state;
    } catch (RuntimeException e) {
      state.close();
      throw e instanceof CheckpointException ? e
          : new CheckpointException("Cannot restore checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Creates an optimiser, restoring moments the checkpoint held for it. */
  static AdamW optimizer(TrialState state, String name, NDManager manager, List<NDArray> params,
      AdamW.Settings settings) {
    AdamW o = new AdamW(name, manager, params, settings);
    TrialState.OptimizerSnapshot saved = state.restoredOptimizers.remove(name);
    if (saved != null && state.stageStep > 0) {
      o.restore(saved.steps(), saved.first(), saved.second());
    }
    return o;
  }
}

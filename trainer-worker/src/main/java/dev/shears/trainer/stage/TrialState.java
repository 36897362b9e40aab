package dev.shears.trainer.stage;

import dev.shears.model.T5Model;
import dev.shears.trainer.nash.HardConcreteGate;
import dev.shears.trainer.nash.LagrangianController;
import dev.shears.trainer.nash.SeededRandom;
import dev.shears.trainer.optim.AdamW;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that changes while a trial runs, and so everything a checkpoint holds ({@link TrialCheckpoint}):
 * position (stage, step within it, global step), the random stream, the models, the gates and multipliers, the
 * optimiser moments, and the per-stage results. Owned by the training thread.
 */
public final class TrialState implements AutoCloseable {
  /** The stage running or about to run. */
  String stage;
  /** Steps completed within {@link #stage}; also the data cursor (batch index) of that stage. */
  long stageStep;
  /** Steps completed in the whole trial; the telemetry step of the next update. */
  long globalStep;
  SeededRandom random;

  String teacherUri;
  T5Model teacher;
  T5Model student;
  int[] decoderSelection;

  HardConcreteGate headGates;
  HardConcreteGate ffnGates;
  /** Gates beyond the encoder's heads and FFN dimensions (cofi, l0 selection), by name ({@link GateLayout}). */
  final Map<String, HardConcreteGate> extraGates = new LinkedHashMap<>();
  LagrangianController lagrangian;

  AdamW modelOptimizer;
  AdamW gateOptimizer;
  AdamW lagrangianOptimizer;

  /** Optimiser moments read from a checkpoint, applied when the stage rebuilds its optimisers. */
  final Map<String, OptimizerSnapshot> restoredOptimizers = new LinkedHashMap<>();

  final Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
  double bestValidation = Double.POSITIVE_INFINITY;
  String bestUri;
  String lastCheckpointUri;
  String exportUri;

  /** Saved moments of one optimiser. */
  record OptimizerSnapshot(long steps, java.util.List<float[]> first, java.util.List<float[]> second) {}

  TrialState(String firstStage, long seed) {
    this.stage = firstStage;
    this.random = new SeededRandom(seed);
  }

  /** The stage running or about to run. */
  public String stage() {
    return stage;
  }

  /** Steps completed in the whole trial. */
  public long globalStep() {
    return globalStep;
  }

  /** Steps completed within the current stage. */
  public long stageStep() {
    return stageStep;
  }

  /** The URI of the last checkpoint written or resumed from, or null. */
  public String lastCheckpointUri() {
    return lastCheckpointUri;
  }

  /** Summary metrics per finished stage. */
  public Map<String, Map<String, Double>> metrics() {
    return metrics;
  }

  /** Moves to the next stage (or {@link StageNames#DONE}) at step 0 of it. */
  void advanceTo(String next) {
    stage = next;
    stageStep = 0;
  }

  /** The URI of the exported model, once export ran. */
  public String exportUri() {
    return exportUri;
  }

  /** A gate by its {@link GateLayout} name. */
  HardConcreteGate gate(String name) {
    HardConcreteGate g = switch (name) {
      case GateLayout.ENCODER_HEADS -> headGates;
      case GateLayout.ENCODER_FFN -> ffnGates;
      default -> extraGates.get(name);
    };
    if (g == null) {
      throw new IllegalArgumentException("the trial state holds no " + name + " gates: its checkpoint was written "
          + "for another method or nash.selection than this spec's");
    }
    return g;
  }

  /** Drops the optimisers (a new stage makes its own). */
  void closeOptimizers() {
    for (AdamW o : new AdamW[] {modelOptimizer, gateOptimizer, lagrangianOptimizer}) {
      if (o != null) {
        o.close();
      }
    }
    modelOptimizer = null;
    gateOptimizer = null;
    lagrangianOptimizer = null;
  }

  /** Replaces the student, closing the old one unless it is the teacher. */
  void replaceStudent(T5Model next) {
    if (student != null && student != teacher && student != next) {
      student.close();
    }
    student = next;
  }

  @Override
  public void close() {
    closeOptimizers();
    if (headGates != null) {
      headGates.close();
    }
    if (ffnGates != null) {
      ffnGates.close();
    }
    extraGates.values().forEach(HardConcreteGate::close);
    if (lagrangian != null) {
      lagrangian.close();
    }
    if (student != null && student != teacher) {
      student.close();
    }
    if (teacher != null) {
      teacher.close();
    }
  }
}

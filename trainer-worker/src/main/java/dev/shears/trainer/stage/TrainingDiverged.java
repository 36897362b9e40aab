package dev.shears.trainer.stage;

/** The loss became NaN or infinite: the trial must fail, naming the step. */
public final class TrainingDiverged extends RuntimeException {
  private final long step;

  /** At global {@code step} of {@code stage}. */
  public TrainingDiverged(String stage, long step, String what) {
    super(what + " is not finite at step " + step + " of " + stage, null, false, false);
    this.step = step;
  }

  /** The global step whose loss was not finite. */
  public long step() {
    return step;
  }
}

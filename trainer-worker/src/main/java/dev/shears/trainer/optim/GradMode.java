package dev.shears.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch is per thread and starts enabled on every new thread; DJL turns it on inside a
 * GradientCollector and restores the previous value on close. A training thread must start with it off, or the
 * in-place optimiser updates of leaf parameters fail and forward passes outside a collector record graphs.
 */
public final class GradMode {
  private GradMode() {}

  /** Turns autograd recording off for the calling thread (a no-op on engines other than PyTorch). */
  public static void disableOnThisThread() {
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setGradMode(false);
    }
  }
}

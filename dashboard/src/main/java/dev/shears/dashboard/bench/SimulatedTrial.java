package dev.shears.dashboard.bench;

import dev.shears.events.Envelope;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic telemetry of one prune-encoder stage, for load tests and demos of the dashboard (it trains
 * nothing): the target t ramps up over the warm-up, the expected sparsity ŝ follows it, λ1 and λ2 react to the
 * gap, losses decay with seeded noise, and encoder heads switch off one after another. Each call to
 * {@link #next} returns the events of one step with increasing {@code seq}.
 */
public final class SimulatedTrial {
  /** Stage name used in the events. */
  public static final String STAGE = "prune-encoder";

  private final String experimentId;
  private final String trialId;
  private final int layers;
  private final int heads;
  private final int maskEvery;
  private final double target;
  private final long warmup;
  private final Random random;
  private final double[] offStep;
  private long step;
  private long seq;
  private double sparsity;
  private double lambda1;
  private double lambda2;

  /**
   * @param maskEvery a mask event every this many steps
   * @param seed seeds the noise and the order in which heads switch off
   */
  public SimulatedTrial(String experimentId, String trialId, int layers, int heads, int maskEvery, double target,
      long warmup, long seed) {
    this.experimentId = experimentId;
    this.trialId = trialId;
    this.layers = layers;
    this.heads = heads;
    this.maskEvery = maskEvery;
    this.target = target;
    this.warmup = warmup;
    this.random = new Random(seed);
    this.offStep = new double[layers * heads];
    for (int i = 0; i < offStep.length; i++) {
      // Roughly the target fraction of heads switches off during and after the warm-up.
      offStep[i] = random.nextDouble() < target * 1.2 ? warmup * (0.3 + 1.4 * random.nextDouble()) : Double.MAX_VALUE;
    }
  }

  /** The trial id. */
  public String trialId() {
    return trialId;
  }

  /** The step the next call will emit. */
  public long step() {
    return step + 1;
  }

  /** The events of the next step (one loss and one Lagrangian event, plus a mask event every few steps). */
  public List<Envelope> next(Instant now) {
    step++;
    double t = target * Math.min(1.0, (double) step / warmup);
    sparsity += (t - sparsity) * 0.02 + random.nextGaussian() * 0.0015;
    double gap = sparsity - t;
    // Gradient ascent on R = λ1(ŝ−t) + λ2(ŝ−t)² (DESIGN §4, stage 3).
    lambda1 += 0.01 * gap;
    lambda2 += 0.01 * gap * gap;
    double decay = Math.exp(-step / (double) (2 * warmup));
    double kd = 2.0 * decay + 0.35 + Math.abs(random.nextGaussian()) * 0.05;
    double enc = 0.8 * decay + 0.1 + Math.abs(random.nextGaussian()) * 0.02;
    double dec = 0.6 * decay + 0.08 + Math.abs(random.nextGaussian()) * 0.02;
    double lag = lambda1 * gap + lambda2 * gap * gap;
    List<Envelope> out = new ArrayList<>(3);
    out.add(Envelope.of(new LossEvent(step, STAGE, kd + 0.001 * enc + 0.001 * dec + lag, kd, enc, dec, 0, lag,
        3e-5 * (1 - (double) step / (10 * warmup))), experimentId, trialId, 0, ++seq, now));
    out.add(Envelope.of(new LagrangianEvent(step, STAGE, lambda1, lambda2, sparsity, t), experimentId, trialId, 0,
        ++seq, now));
    if (step % maskEvery == 0) {
      List<List<Double>> z = new ArrayList<>(layers);
      for (int l = 0; l < layers; l++) {
        List<Double> row = new ArrayList<>(heads);
        for (int h = 0; h < heads; h++) {
          double off = offStep[l * heads + h];
          // A smooth switch-off around the head's step: E[z] = σ((off - step) / width).
          row.add(1.0 / (1.0 + Math.exp(-(off - step) / (0.05 * warmup))));
        }
        z.add(row);
      }
      List<Double> ffn = new ArrayList<>(layers);
      for (int l = 0; l < layers; l++) {
        ffn.add(2048 * (1 - sparsity * (0.8 + 0.4 * l / Math.max(1, layers - 1))));
      }
      out.add(Envelope.of(new MaskEvent(step, STAGE, z, ffn, sparsity, t, sparsity * 0.62), experimentId, trialId,
          0, ++seq, now));
    }
    return out;
  }
}

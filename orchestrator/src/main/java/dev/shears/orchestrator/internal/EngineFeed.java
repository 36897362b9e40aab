package dev.shears.orchestrator.internal;

import dev.shears.events.Envelope;
import dev.shears.ops.Liveness;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the log reader's thread hands to the orchestrator: batches go to the engine on its own context, and the
 * reader's failure is the orchestrator's loop death. The scheduler's state is only as good as the log it has read,
 * so a reader that stopped makes the service DOWN ({@link Liveness}) rather than being restarted in place; a
 * restarted process recovers by replaying the log.
 */
public final class EngineFeed implements LogReader.Handler {
  /** The log reader's name in logs and on {@code /health}. */
  public static final String LOOP = "orchestrator log reader";

  private final Consumer<Runnable> onContext;
  private final Engine engine;
  private final Liveness liveness;

  /** @param onContext runs a task on the engine's context ({@code context::runOnContext}) */
  public EngineFeed(Consumer<Runnable> onContext, Engine engine, Liveness liveness) {
    this.onContext = Objects.requireNonNull(onContext, "onContext");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
  }

  @Override
  public void accept(List<Envelope> batch, boolean caughtUp) {
    onContext.accept(() -> engine.onBatch(batch, caughtUp));
  }

  @Override
  public void failed(Throwable error) {
    liveness.loopDied(LOOP, error);
    onContext.accept(() -> engine.readerFailed(error));
  }
}

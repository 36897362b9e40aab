package dev.shears.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A service that {@code shears up} runs in-process as a verticle. */
public interface LocalService {
  /** Short name, as printed and as the heartbeat kind. */
  String name();

  /** Deploys the service; the future holds the base URL it serves /health and /metrics on, or null if none. */
  Future<String> deploy(Vertx vertx, LocalContext context);
}

package dev.shears.dashboard.web;

import dev.shears.dashboard.stream.ClientBuffer;
import dev.shears.dashboard.stream.StreamHub;
import dev.shears.dashboard.stream.StreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser's server-sent-events stream. Updates collect in a bounded {@link ClientBuffer}; a flush is
 * scheduled on the connection's event loop at most once per flush interval, and is held back while the socket's
 * write queue is full, so a client that reads slowly gets fewer, coalesced frames (and a dropped count) while
 * the memory it can pin stays bounded by its buffer and the write queue limit.
 */
final class SseConnection implements StreamHub.StreamClient {
  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final Set<String> channels;
  private final ClientBuffer buffer;
  private final DashboardJson json;
  private final long flushIntervalMs;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private long eventId;
  private long pingTimer = -1;

  SseConnection(Vertx vertx, Context context, HttpServerResponse response, Set<String> channels,
      ClientBuffer buffer, DashboardJson json, long flushIntervalMs) {
    this.vertx = vertx;
    this.context = context;
    this.response = response;
    this.channels = Set.copyOf(channels);
    this.buffer = buffer;
    this.json = json;
    this.flushIntervalMs = flushIntervalMs;
  }

  /** Writes the greeting; the browser reloads its page data on every greeting, so reconnects resync. */
  void open(String serverId, int writeQueueMaxBytes) {
    response.setChunked(true)
        .setWriteQueueMaxSize(writeQueueMaxBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no")
        // Frames go out as written; a compressor could hold them back to fill its window.
        .putHeader("Content-Encoding", "identity");
    StringBuilder hello = new StringBuilder("retry: 1000\nevent: hello\ndata: {\"server\":\"")
        .append(serverId).append("\",\"channels\":").append(channels.size()).append("}\n\n");
    response.write(Buffer.buffer(hello.toString().getBytes(StandardCharsets.UTF_8)));
    // A comment every 15 s keeps proxies from closing an idle stream and reveals dead peers.
    pingTimer = vertx.setPeriodic(15_000, t -> {
      if (!closed && !response.writeQueueFull()) {
        response.write(": ping\n\n");
      }
    });
  }

  void closed() {
    closed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
  }

  @Override
  public Set<String> channels() {
    return channels;
  }

  @Override
  public long dropped() {
    return buffer.dropped();
  }

  @Override
  public long pendingBytes() {
    return buffer.pendingBytes();
  }

  @Override
  public long pendingItems() {
    return buffer.pendingItems();
  }

  @Override
  public void offer(StreamMessage message) {
    buffer.offer(message);
    if (!closed && scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> vertx.setTimer(flushIntervalMs, t -> flush()));
    }
  }

  private void flush() {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      // Keep "scheduled" set: updates coalesce in the buffer until the socket drains.
      response.drainHandler(v -> flush());
      return;
    }
    scheduled.set(false);
    ClientBuffer.Batch batch = buffer.drain();
    if (batch.isEmpty()) {
      return;
    }
    response.write(Buffer.buffer(json.sseBatch(++eventId, batch)));
  }
}

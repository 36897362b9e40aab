package dev.shears.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times every request of an HTTP server as {@code http.server.requests} (Prometheus:
 * {@code http_server_requests_seconds}, a histogram), tagged with {@code method}, {@code status} and {@code uri}.
 * Tags are bounded: {@code uri} is the route template a path matches ({@code /api/trials/:id}), else {@code other};
 * methods outside the standard ones count as {@code OTHER}. As a handler it wraps a plain server's handler and
 * records when the response ends, or when the connection closes first (a live stream the client left); a Vert.x Web
 * router, whose own end handlers would replace these, is timed by a {@link RouterMetrics} route instead.
 */
public final class HttpServerMetrics implements Handler<HttpServerRequest> {
  /** The meter's name. */
  public static final String REQUESTS = "http.server.requests";
  private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);

  private final Handler<HttpServerRequest> inner;  // null when used by a RouterMetrics
  private final MeterRegistry registry;
  private final List<String[]> templates;

  /**
   * @param inner     the server's handler (a router, an endpoint)
   * @param templates the paths it serves, {@code :name} standing for one segment and a trailing {@code *} for the
   *                  rest ({@code /static/*})
   */
  public HttpServerMetrics(Handler<HttpServerRequest> inner, MeterRegistry registry, List<String> templates) {
    this.inner = inner;
    this.registry = registry;
    this.templates = templates.stream().map(t -> t.split("/", -1)).toList();
  }

  /** Times the requests of a handler that sets no end or close handler of its own (not a router). */
  @Override
  public void handle(HttpServerRequest request) {
    Runnable done = started(request);
    AtomicBoolean recorded = new AtomicBoolean();
    Handler<Void> record = v -> {
      if (recorded.compareAndSet(false, true)) {
        done.run();
      }
    };
    request.response().endHandler(record);
    request.response().closeHandler(record);
    inner.handle(request);
  }

  /** Starts timing {@code request}; running the result records it with its response's status. */
  Runnable started(HttpServerRequest request) {
    long start = System.nanoTime();
    String method = METHODS.contains(request.method()) ? request.method().name() : "OTHER";
    String uri = uriOf(request.path());
    return () -> Timer.builder(REQUESTS).description("HTTP requests served, by route template")
        .tag("method", method).tag("status", String.valueOf(request.response().getStatusCode())).tag("uri", uri)
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
  }

  /** The template {@code path} matches, or {@code other}. */
  String uriOf(String path) {
    if (path == null) {
      return "other";
    }
    String[] segments = path.split("/", -1);
    for (String[] template : templates) {
      if (matches(template, segments)) {
        return String.join("/", template);
      }
    }
    return "other";
  }

  private static boolean matches(String[] template, String[] segments) {
    boolean rest = template.length > 0 && "*".equals(template[template.length - 1]);
    if (rest ? segments.length < template.length - 1 : segments.length != template.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (rest && i == template.length - 1) {
        return true;
      }
      if (t.startsWith(":") ? segments[i].isEmpty() : !t.equals(segments[i])) {
        return false;
      }
    }
    return true;
  }
}

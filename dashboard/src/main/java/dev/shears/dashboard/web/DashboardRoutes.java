package dev.shears.dashboard.web;

import dev.shears.dashboard.history.Downsampling;
import dev.shears.dashboard.history.SeriesSlice;
import dev.shears.dashboard.history.TrialHistory;
import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.stream.Channels;
import dev.shears.dashboard.stream.ClientBuffer;
import dev.shears.dashboard.stream.StreamHub;
import dev.shears.ops.Liveness;
import dev.shears.spec.PruningMethods;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP surface: pages (deep links such as {@code /trials/{id}} are served by the server, so
 * they survive reloads), JSON for each page, downsampled series, the SSE stream, the forwarded mutations, static
 * assets (uPlot from its webjar), {@code /health} and {@code /metrics}.
 */
public final class DashboardRoutes {
  /** Largest request body accepted (an experiment spec). */
  public static final long BODY_LIMIT = 1 << 20;
  private static final int MAX_POINTS = 10_000;
  private static final int DEFAULT_POINTS = 1_000;
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /** Stream limits and identity. */
  public record StreamSettings(String serverId, int maxRowsPerSeries, int maxKeys, long flushIntervalMs,
      int writeQueueMaxBytes) {}

  private final Vertx vertx;
  private final DashboardState state;
  private final StreamHub hub;
  private final DashboardJson json;
  private final OrchestratorProxy proxy;
  private final StreamSettings streams;
  private final BooleanSupplier caughtUp;
  private final Liveness liveness;
  private final Supplier<String> metrics;
  private final Map<String, Buffer> pages;
  private final byte[] token;

  DashboardRoutes(Vertx vertx, DashboardState state, StreamHub hub, DashboardJson json, OrchestratorProxy proxy,
      StreamSettings streams, BooleanSupplier caughtUp, Liveness liveness, Supplier<String> metrics,
      Map<String, Buffer> pages, String token) {
    this.pages = pages;
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.vertx = vertx;
    this.state = state;
    this.hub = hub;
    this.json = json;
    this.proxy = proxy;
    this.streams = streams;
    this.caughtUp = caughtUp;
    this.liveness = liveness;
    this.metrics = metrics;
  }

  /** The HTML pages, served from memory. */
  public static final List<String> PAGES = List.of("experiments.html", "experiment.html", "trial.html",
      "fleet.html", "submit.html", "400.html", "404.html");

  /**
   * Reads the pages from the class path (without blocking the event loop) and creates the routes;
   * mutations must carry {@code Authorization: Bearer <token>} (401 otherwise; with a null {@code token} any
   * bearer token is relayed for the orchestrator to judge) and are forwarded to the orchestrator at
   * {@code orchestratorUrl} with the caller's token. {@code /health} answers 503 once one of the dashboard's loops
   * has died ({@code liveness}).
   */
  public static Future<Router> router(Vertx vertx, DashboardState state, StreamHub hub, StreamSettings streams,
      String orchestratorUrl, String token, io.vertx.ext.web.client.WebClient client, BooleanSupplier caughtUp,
      Liveness liveness, Supplier<String> metrics) {
    Map<String, Buffer> pages = new ConcurrentHashMap<>();
    List<Future<Buffer>> reads = PAGES.stream()
        .map(name -> vertx.fileSystem().readFile("webroot/" + name).onSuccess(b -> pages.put(name, b)))
        .toList();
    return Future.all(reads).map(done -> new DashboardRoutes(vertx, state, hub, new DashboardJson(),
        new OrchestratorProxy(client, orchestratorUrl), streams, caughtUp, liveness, metrics, Map.copyOf(pages),
        token)
        .build());
  }

  /** The route templates {@link #build()} serves, as request metrics name them. */
  public static final List<String> ROUTES = List.of("/health", "/metrics", "/api/experiments", "/api/experiments/:id",
      "/api/experiments/:id/report", "/api/experiments/:id/:action", "/api/trials/:id",
      "/api/trials/:id/series/:series", "/api/trials/:id/:action", "/api/fleet", "/api/stream", "/", "/experiments", "/experiments/:id",
      "/trials/:id", "/fleet", "/submit", "/static/*", "/webjars/*");

  Router build() {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "same-origin");
      ctx.next();
    });
    r.get("/health").handler(this::health);
    r.get("/metrics").handler(this::metrics);

    r.get("/api/experiments").handler(ctx -> sendJson(ctx, state.experiments()));
    r.get("/api/experiments/:id").handler(this::experiment);
    r.get("/api/experiments/:id/report").handler(this::report);
    r.get("/api/trials/:id").handler(this::trial);
    r.get("/api/trials/:id/series/:series").handler(this::series);
    r.get("/api/fleet").handler(ctx -> sendJson(ctx, state.workers()));
    // The registry the orchestrator validates against is a library both serve from, so the form needs no round trip.
    r.get("/api/methods").handler(ctx -> sendJson(ctx, PruningMethods.describe()));
    r.get("/api/stream").handler(this::stream);

    // Any method but GET/HEAD/OPTIONS is a mutation wherever it is sent: the bearer token is checked before the
    // body is read, and every body is bounded.
    r.route("/*").handler(this::authorise);
    r.route("/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false));
    r.post("/api/*").handler(this::checkMutation);
    r.post("/api/experiments").handler(ctx -> proxy.forward(ctx, "/api/experiments"));
    r.post("/api/experiments/:id/:action").handler(this::experimentAction);
    r.post("/api/trials/:id/:action").handler(this::trialAction);
    r.route("/api/*").handler(ctx -> Responses.error(ctx, 404, "no such endpoint: " + ctx.request().method()
        + " " + ctx.request().path()));

    r.get("/").handler(ctx -> page(ctx, "experiments.html"));
    r.get("/experiments").handler(ctx -> page(ctx, "experiments.html"));
    r.get("/experiments/:id").handler(this::experimentPage);
    r.get("/trials/:id").handler(this::trialPage);
    r.get("/fleet").handler(ctx -> page(ctx, "fleet.html"));
    r.get("/submit").handler(ctx -> page(ctx, "submit.html"));
    r.get("/static/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    r.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    r.route().last().handler(this::notFoundPage);
    r.route().failureHandler(this::failure);
    return r;
  }

  private void authorise(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Responses.error(ctx, 401, "missing bearer token: send Authorization: Bearer <token> (the SHEARS_TOKEN that"
          + " `shears up` prints); the submit page has a field for it");
      return;
    }
    if (token != null && !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Responses.error(ctx, 401, "invalid bearer token");
      return;
    }
    // Without a token of its own the dashboard relays the caller's, and the orchestrator decides.
    ctx.next();
  }

  private void failure(RoutingContext ctx) {
    if (ctx.failure() == null && ctx.statusCode() == 413) {
      Responses.error(ctx, 413, "the request body exceeds the limit of " + BODY_LIMIT + " bytes");
    } else if (ctx.failure() == null) {
      Responses.error(ctx, ctx.statusCode() < 400 ? 500 : ctx.statusCode(), "request failed with status "
          + ctx.statusCode());
    } else {
      Responses.error(ctx, 500, "request failed: " + ctx.failure().getMessage());
    }
  }

  private void health(RoutingContext ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", liveness.alive() ? "UP" : "DOWN");
    body.put("service", "dashboard");
    liveness.death().ifPresent(d -> {
      body.put("failedLoop", d.loop());
      body.put("error", d.error());
    });
    body.put("caughtUp", caughtUp.getAsBoolean());
    body.put("trials", state.trialCount());
    body.put("streams", hub.clientCount());
    ctx.response().setStatusCode(liveness.alive() ? 200 : 503);
    sendJson(ctx, body);
  }

  private void metrics(RoutingContext ctx) {
    String text = metrics.get();
    if (text == null) {
      Responses.error(ctx, 404, "no Prometheus registry configured");
      return;
    }
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text);
  }

  private void experiment(RoutingContext ctx) {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    Optional<?> row = state.experimentRow(id);
    if (row.isEmpty()) {
      Responses.error(ctx, 404, "no experiment " + id);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment", row.get());
    body.put("trials", state.trialsOf(id).orElseThrow());
    body.put("spec", state.experimentSpec(id).orElse(null));
    sendJson(ctx, body);
  }

  private void report(RoutingContext ctx) {
    String id = id(ctx);
    if (id != null) {
      state.report(id).ifPresentOrElse(rep -> sendJson(ctx, rep),
          () -> Responses.error(ctx, 404, "no experiment " + id));
    }
  }

  private void trial(RoutingContext ctx) {
    String id = id(ctx);
    if (id != null) {
      state.trial(id).ifPresentOrElse(t -> sendJson(ctx, t), () -> Responses.error(ctx,
          caughtUp.getAsBoolean() ? 404 : 503, "no trial " + id + (caughtUp.getAsBoolean() ? "" : " yet")));
    }
  }

  private void series(RoutingContext ctx) {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    String name = ctx.pathParam("series");
    if (!TrialHistory.seriesNames().contains(name)) {
      Responses.error(ctx, 400, "unknown series '" + name + "'; allowed: " + TrialHistory.seriesNames());
      return;
    }
    double from;
    double to;
    double after;
    int points;
    Downsampling mode;
    try {
      from = doubleParam(ctx, "from", Double.NEGATIVE_INFINITY);
      to = doubleParam(ctx, "to", Double.POSITIVE_INFINITY);
      after = doubleParam(ctx, "after", Double.NaN);
      points = intParam(ctx, "points", DEFAULT_POINTS, 4, MAX_POINTS);
      String m = ctx.queryParams().get("mode");
      mode = m == null ? Downsampling.MIN_MAX : Downsampling.parse(m);
      if (from > to) {
        throw new IllegalArgumentException("query parameter 'from' (" + from + ") is above 'to' (" + to + ")");
      }
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, e.getMessage());
      return;
    }
    Optional<TrialHistory> history = state.history(id);
    if (history.isEmpty()) {
      Responses.error(ctx, 404, "no trial " + id);
      return;
    }
    SeriesSlice slice = Double.isNaN(after)
        ? history.get().slice(name, from, to, points, mode)
        : mode.apply(history.get().after(name, after), points);
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(json.slice(slice)));
  }

  private void stream(RoutingContext ctx) {
    Set<String> channels;
    try {
      channels = Channels.parse(ctx.queryParams().get("channels"));
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, e.getMessage());
      return;
    }
    HttpServerResponse response = ctx.response();
    SseConnection connection = new SseConnection(vertx, vertx.getOrCreateContext(), response, channels,
        new ClientBuffer(streams.maxRowsPerSeries(), streams.maxKeys()), json, streams.flushIntervalMs());
    connection.open(streams.serverId(), streams.writeQueueMaxBytes());
    hub.register(connection);
    Runnable gone = () -> {
      connection.closed();
      hub.unregister(connection);
    };
    response.closeHandler(v -> gone.run());
    response.exceptionHandler(e -> gone.run());
  }

  private void checkMutation(RoutingContext ctx) {
    // A browser on another origin cannot send these without a CORS preflight that this server never approves.
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    boolean allowedType = type.startsWith("application/json") || type.startsWith("application/yaml")
        || type.startsWith("application/x-yaml") || type.startsWith("text/yaml");
    String origin = ctx.request().getHeader("Origin");
    String host = ctx.request().getHeader("Host");
    if (origin != null && !origin.equals("null") && !(origin.equals("http://" + host)
        || origin.equals("https://" + host))) {
      Responses.error(ctx, 403, "cross-origin request from " + origin + " refused");
      return;
    }
    if (!allowedType) {
      Responses.error(ctx, 415, "Content-Type must be application/json or application/yaml, was " + type);
      return;
    }
    ctx.next();
  }

  private void experimentAction(RoutingContext ctx) {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    String action = ctx.pathParam("action");
    if (!Set.of("cancel", "pause", "resume", "annotations").contains(action)) {
      Responses.error(ctx, 404, "unknown action '" + action + "'; allowed: cancel, pause, resume, annotations");
      return;
    }
    proxy.forward(ctx, "/api/experiments/" + id + "/" + action);
  }

  private void trialAction(RoutingContext ctx) {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    String action = ctx.pathParam("action");
    if (!Set.of("cancel", "retry").contains(action)) {
      Responses.error(ctx, 404, "unknown action '" + action + "'; allowed: cancel, retry");
      return;
    }
    proxy.forward(ctx, "/api/trials/" + id + "/" + action);
  }

  private void experimentPage(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Channels.validId(id)) {
      errorPage(ctx, 400);
    } else if (state.experimentRow(id).isEmpty() && caughtUp.getAsBoolean()) {
      errorPage(ctx, 404);
    } else {
      page(ctx, "experiment.html");
    }
  }

  private void trialPage(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Channels.validId(id)) {
      errorPage(ctx, 400);
    } else if (state.trialRow(id).isEmpty() && caughtUp.getAsBoolean()) {
      errorPage(ctx, 404);
    } else {
      page(ctx, "trial.html");
    }
  }

  private void notFoundPage(RoutingContext ctx) {
    errorPage(ctx, 404);
  }

  private void page(RoutingContext ctx, String file) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").end(pages.get(file));
  }

  private void errorPage(RoutingContext ctx, int status) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .end(pages.get(status + ".html"));
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Channels.validId(id)) {
      Responses.error(ctx, 400, "malformed id; ids are 1-128 of A-Z a-z 0-9 . _ - :");
      return null;
    }
    return id;
  }

  private void sendJson(RoutingContext ctx, Object value) {
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(json.bytes(value)));
  }

  private static double doubleParam(RoutingContext ctx, String name, double fallback) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be a number, was '"
          + abbreviate(v) + "'");
    }
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer in [" + min + ", "
          + max + "], was '" + abbreviate(v) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

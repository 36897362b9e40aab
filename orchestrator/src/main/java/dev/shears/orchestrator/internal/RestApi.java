package dev.shears.orchestrator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.Envelope;
import dev.shears.ops.Liveness;
import dev.shears.orchestrator.scheduler.ExperimentView;
import dev.shears.orchestrator.scheduler.TrialView;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.SpecCompiler;
import dev.shears.spec.PruningMethods;
import dev.shears.spec.SpecProblem;
import dev.shears.spec.SweepParams;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's REST API (DESIGN §6). Errors are JSON arrays of {@code {path, message}}; mutations need
 * {@code Authorization: Bearer <token>} (401 otherwise, compared in constant time); bodies above the spec limit are
 * refused with 413.
 */
public final class RestApi {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  private final Vertx vertx;
  private final Engine engine;
  private final SpecCompiler compiler;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;
  private final byte[] token;
  private final int bodyLimit;
  private final java.time.Clock clock;
  private final TrialActions trialActions;
  private final Annotations annotations;
  private final Liveness liveness;

  /** @param liveness whether the orchestrator's log reader still runs; {@code /health} answers from it */
  public RestApi(Vertx vertx, Engine engine, SpecCompiler compiler, ObjectMapper mapper, MeterRegistry registry,
      String token, int bodyLimit, java.time.Clock clock, Liveness liveness) {
    this.clock = clock;
    this.liveness = liveness;
    this.vertx = vertx;
    this.engine = engine;
    this.trialActions = new TrialActions(engine);
    this.annotations = new Annotations(engine, mapper, clock);
    this.compiler = compiler;
    this.mapper = mapper;
    this.registry = registry;
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.bodyLimit = bodyLimit;
  }

  /** The route templates {@link #router()} serves, as request metrics name them. */
  public static final List<String> ROUTES = List.of("/health", "/metrics", "/api/experiments",
      "/api/experiments/:id", "/api/experiments/:id/report", "/api/experiments/:id/annotations",
      "/api/experiments/:id/:action", "/api/trials/:id",
      "/api/trials/:id/:action", "/api/fleet");

  public Router router() {
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
    // Every method but GET/HEAD/OPTIONS is a mutation, routed or not: authorisation runs first, before the body
    // is read, so an unauthorised client cannot make the server buffer a body or learn which routes exist.
    router.route("/*").handler(this::authorise);
    router.route("/*").handler(body);
    router.post("/api/experiments").handler(this::submit);
    router.get("/api/experiments").handler(this::experiments);
    router.get("/api/experiments/:id").handler(this::experiment);
    router.get("/api/experiments/:id/report").handler(this::report);
    router.post("/api/experiments/:id/annotations").handler(this::annotate);
    router.post("/api/experiments/:id/:action").handler(this::control);
    router.get("/api/trials/:id").handler(this::trial);
    router.post("/api/trials/:id/:action").handler(this::trialAction);
    router.get("/api/fleet").handler(this::fleet);
    // The pruning methods and their spec sections, for forms and clients.
    router.get("/api/methods").handler(ctx -> send(ctx, 200, PruningMethods.describe()));
    router.route().last().handler(ctx -> error(ctx, new ApiException(404, "$", "no route " + ctx.request().method()
        + " " + ctx.request().path())));
    router.route().failureHandler(this::failure);
    return router;
  }

  private void authorise(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    error(ctx, new ApiException(401, "Authorization", header == null
        ? "missing bearer token: send Authorization: Bearer <token> (SHEARS_TOKEN)"
        : "invalid bearer token"));
  }

  private void health(RoutingContext ctx) {
    ObjectNode out = mapper.createObjectNode();
    boolean up = engine.recovered() && liveness.alive();
    out.put("status", !liveness.alive() ? "DOWN" : up ? "UP" : "RECOVERING");
    out.put("service", "orchestrator");
    out.put("experiments", engine.scheduler().experiments().size());
    liveness.death().ifPresent(d -> out.put("failedLoop", d.loop()).put("error", d.error()));
    send(ctx, up ? 200 : 503, out);
  }

  private void metrics(RoutingContext ctx) {
    String text = registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text);
  }

  private void submit(RoutingContext ctx) {
    byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String hint = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    // Parsing, validation, sweep expansion and building the trials' events run on a worker thread.
    vertx.executeBlocking(() -> Engine.prepare(compiler.compile(bytes, hint), "api", clock.instant()))
        .recover(e -> Future.failedFuture(e instanceof InvalidSpecException invalid
            ? new ApiException(400, invalid.problems()) : e))
        .compose(engine::submit)
        .onSuccess(s -> {
          ExperimentView x = engine.scheduler().experiment(s.experimentId()).orElse(null);
          ObjectNode out = x == null ? mapper.createObjectNode() : summary(x);
          out.put("experimentId", s.experimentId());
          out.put("created", s.created());
          send(ctx, s.created() ? 201 : 200, out);
        })
        .onFailure(e -> error(ctx, e));
  }

  private void experiments(RoutingContext ctx) {
    ArrayNode out = mapper.createArrayNode();
    engine.scheduler().experiments().forEach(x -> out.add(summary(x)));
    send(ctx, 200, out);
  }

  private void experiment(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ExperimentView x = engine.scheduler().experiment(id).orElse(null);
    if (x == null) {
      error(ctx, new ApiException(404, "experimentId", "unknown experiment " + id));
      return;
    }
    ObjectNode out = summary(x);
    out.set("spec", x.spec());
    List<String> pointers = SweepParams.pointers(x.spec());
    ArrayNode trials = out.putArray("trials");
    for (TrialView t : engine.scheduler().trialsOf(id)) {
      ObjectNode row = trialJson(t, pointers);
      row.remove("spec");
      trials.add(row);
    }
    send(ctx, 200, out);
  }

  private void report(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ExperimentView x = engine.scheduler().experiment(id).orElse(null);
    if (x == null) {
      error(ctx, new ApiException(404, "experimentId", "unknown experiment " + id));
      return;
    }
    List<String> pointers = SweepParams.pointers(x.spec());
    ObjectNode out = mapper.createObjectNode();
    out.put("experimentId", id);
    out.put("name", x.name());
    out.set("method", x.spec().path("method"));
    ArrayNode rows = out.putArray("rows");
    for (TrialView t : engine.scheduler().trialsOf(id)) {
      ObjectNode row = rows.addObject();
      row.put("trialId", t.trialId());
      row.put("index", t.index());
      row.put("state", t.state().name());
      row.set("params", mapper.valueToTree(SweepParams.values(t.spec(), pointers)));
      row.set("spec", t.spec());
      Envelope evaluation = engine.evaluation(t.trialId()).orElse(null);
      if (evaluation == null) {
        row.putNull("evaluation");
      } else {
        row.set("evaluation", mapper.valueToTree(evaluation.payload()));
        row.put("evaluatedAt", evaluation.ts().toString());
      }
    }
    send(ctx, 200, out);
  }

  private void control(RoutingContext ctx) {
    action(ctx.pathParam("action"), Engine.Control.class)
        .compose(action -> engine.control(ctx.pathParam("id"), action, "requested via API"))
        .onSuccess(x -> send(ctx, 200, summary(x)))
        .onFailure(e -> error(ctx, e));
  }

  private void annotate(RoutingContext ctx) {
    byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    annotations.set(ctx.pathParam("id"), bytes)
        .onSuccess(a -> send(ctx, 200, mapper.valueToTree(a)))
        .onFailure(e -> error(ctx, e));
  }

  private void trialAction(RoutingContext ctx) {
    action(ctx.pathParam("action"), TrialActions.Action.class)
        .compose(action -> trialActions.run(ctx.pathParam("id"), action, action == TrialActions.Action.CANCEL
            ? "cancelled via API" : "retry requested via API"))
        .onSuccess(t -> send(ctx, 200, trialJson(t, List.of())))
        .onFailure(e -> error(ctx, e));
  }

  /**
   * An action of the experiment or trial routes ({@code :action}, any case) as one of {@code type}'s constants; a
   * 404 that lists the allowed ones otherwise.
   */
  static <A extends Enum<A>> Future<A> action(String name, Class<A> type) {
    A[] allowed = type.getEnumConstants();
    for (A a : allowed) {
      if (a.name().equalsIgnoreCase(name)) {
        return Future.succeededFuture(a);
      }
    }
    List<String> names = Arrays.stream(allowed).map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
    String choices = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    return Future.failedFuture(new ApiException(404, "action", "unknown action '" + name + "'; use " + choices));
  }

  private void trial(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    TrialView t = engine.scheduler().trial(id).orElse(null);
    if (t == null) {
      error(ctx, new ApiException(404, "trialId", "unknown trial " + id));
      return;
    }
    List<String> pointers = engine.scheduler().experiment(t.experimentId()).map(x -> SweepParams.pointers(x.spec()))
        .orElse(List.of());
    ObjectNode out = trialJson(t, pointers);
    engine.evaluation(id).ifPresent(e -> out.set("evaluation", mapper.valueToTree(e.payload())));
    send(ctx, 200, out);
  }

  private void fleet(RoutingContext ctx) {
    send(ctx, 200, mapper.valueToTree(engine.scheduler().fleet()));
  }

  private ObjectNode summary(ExperimentView x) {
    ObjectNode out = mapper.createObjectNode();
    out.put("experimentId", x.experimentId());
    out.put("name", x.name());
    out.put("state", x.state().name());
    out.put("idempotencyKey", x.idempotencyKey());
    out.put("trialCount", x.trialCount());
    out.set("counts", mapper.valueToTree(x.counts()));
    out.put("weight", x.weight());
    if (x.maxConcurrentTrials() != Integer.MAX_VALUE) {
      out.put("maxConcurrentTrials", x.maxConcurrentTrials());
    }
    out.put("submittedAt", x.submittedAt() == null ? null : x.submittedAt().toString());
    engine.annotation(x.experimentId()).ifPresent(a -> {
      out.set("tags", mapper.valueToTree(a.tags()));
      out.put("note", a.note());
    });
    return out;
  }

  private ObjectNode trialJson(TrialView t, List<String> pointers) {
    ObjectNode out = mapper.valueToTree(t);
    Map<String, JsonNode> params = SweepParams.values(t.spec(), pointers);
    out.set("params", mapper.valueToTree(params));
    return out;
  }

  private void failure(RoutingContext ctx) {
    Throwable error = ctx.failure();
    int status = ctx.statusCode();
    if (error == null && status == 413) {
      error(ctx, new ApiException(413, "$", "the request body exceeds the limit of " + bodyLimit
          + " bytes; send a smaller spec"));
    } else if (error == null) {
      error(ctx, new ApiException(status < 400 ? 500 : status, "$", "request failed with status " + status));
    } else {
      error(ctx, error);
    }
  }

  private void error(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended()) {
      return;
    }
    ApiException api = e instanceof ApiException a ? a : null;
    if (api == null) {
      LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), e);
      api = new ApiException(e instanceof IllegalStateException ? 503 : 500, "$",
          String.valueOf(e.getMessage()));
    }
    ArrayNode out = mapper.createArrayNode();
    for (SpecProblem p : api.problems()) {
      out.addObject().put("path", p.path()).put("message", p.message());
    }
    send(ctx, api.status(), out);
  }

  private void send(RoutingContext ctx, int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(Buffer.buffer(bytes));
  }
}

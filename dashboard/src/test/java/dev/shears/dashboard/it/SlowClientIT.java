package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.bench.SimulatedTrial;
import dev.shears.dashboard.stream.StreamHub;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A client that never reads pins bounded memory and does not slow consumption or other clients. */
@RealKafka
class SlowClientIT {
  private static final int MAX_ROWS = 64;
  private static final int MAX_KEYS = 64;
  private static final int STEPS = 10_000;

  @Test
  void aClientThatNeverReadsStaysBoundedWhileOthersKeepUp(KafkaBroker broker) throws Exception {
    LiveDashboard.createTopics(broker);
    DashboardConfig config = DashboardConfig.of(broker.bootstrapServers(), "127.0.0.1", 0, "http://127.0.0.1:9",
        null).withClientLimits(MAX_ROWS, MAX_KEYS);
    try (LiveDashboard dash = new LiveDashboard(broker.bootstrapServers(), config).start();
        Socket stalled = new Socket()) {
      String exp = Seed.id("slow");
      String trial = Seed.experiment(dash, exp, "slow", 1).get(0);
      Await.until(Duration.ofSeconds(15), "trial known", () -> dash.verticle().state().trialRow(trial).isPresent());

      // The stalled client: a tiny receive window, one request, and never a read.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", dash.verticle().actualPort()));
      OutputStream out = stalled.getOutputStream();
      out.write(("GET /api/stream?channels=trial:" + trial + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      // A healthy client on the same trial, reading as fast as it can.
      AtomicLong healthyLastStep = new AtomicLong();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<java.io.InputStream> healthy = http.send(HttpRequest.newBuilder(
          URI.create(dash.url("/api/stream?channels=trial:" + trial))).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      Thread reader = new Thread(() -> readSteps(healthy.body(), healthyLastStep), "healthy-client");
      reader.setDaemon(true);
      reader.start();
      Await.until(Duration.ofSeconds(10), "both clients registered", () -> dash.verticle().hub().clientCount() == 2);

      SimulatedTrial sim = new SimulatedTrial(exp, trial, 12, 12, 10, 0.6, 5_000, 5);
      long started = System.nanoTime();
      for (int i = 0; i < STEPS; i++) {
        sim.next(Instant.now()).forEach(dash::send);
      }
      dash.flush();
      Await.until(Duration.ofSeconds(90), () -> "dashboard to consume every step; at "
          + dash.verticle().state().trialRow(trial).orElseThrow().step(),
          () -> Long.valueOf(STEPS).equals(dash.verticle().state().trialRow(trial).orElseThrow().step()));
      Await.until(Duration.ofSeconds(10), () -> "healthy client to see the last step; at " + healthyLastStep,
          () -> healthyLastStep.get() == STEPS);
      System.out.printf("SlowClientIT: %d steps produced, consumed and streamed in %d ms%n", STEPS,
          (System.nanoTime() - started) / 1_000_000);

      StreamHub.StreamClient slow = dash.verticle().hub().clients().stream()
          .max(java.util.Comparator.comparingLong(StreamHub.StreamClient::dropped)).orElseThrow();
      // Four series (loss, lagrangian, sparsity, heads of 144 columns, ffn) of at most MAX_ROWS rows each.
      long bound = (long) MAX_ROWS * ((8 + 4 * 7) + (8 + 4 * 4) + (8 + 4 * 3) + (8 + 4 * 144) + (8 + 4 * 12));
      assertThat(slow.pendingBytes()).as("bytes pinned by the stalled client").isLessThanOrEqualTo(bound);
      assertThat(slow.pendingItems()).isLessThanOrEqualTo(5L * MAX_ROWS);
      assertThat(slow.dropped()).as("updates the stalled client lost").isPositive();
      long producedBytes = (long) STEPS * ((8 + 4 * 7) + (8 + 4 * 4))
          + (long) (STEPS / 10) * ((8 + 4 * 3) + (8 + 4 * 144) + (8 + 4 * 12));
      assertThat(bound).as("the bound is far below what was produced").isLessThan(producedBytes / 10);
    }
  }

  private static void readSteps(java.io.InputStream in, AtomicLong lastStep) {
    java.util.regex.Pattern loss = java.util.regex.Pattern.compile("\"series\":\"loss\",\"columns\":\\[[^]]*],\"x\":\\[([^]]*)]");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        var m = loss.matcher(line);
        while (m.find()) {
          String[] xs = m.group(1).split(",");
          lastStep.set(Long.parseLong(xs[xs.length - 1].trim()));
        }
      }
    } catch (java.io.IOException e) {
      // the stream ends when the dashboard stops
    }
  }
}

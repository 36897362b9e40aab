package dev.shears.dashboard.stream;

import static dev.shears.dashboard.state.Events.created;
import static dev.shears.dashboard.state.Events.env;
import static dev.shears.dashboard.state.Events.loss;
import static dev.shears.dashboard.state.Events.mask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.state.TrialRow;
import dev.shears.events.ValidationEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamHubTest {
  private final DashboardState state = new DashboardState(Clock.systemUTC(), Duration.ofSeconds(6), 256, 64);
  private final StreamHub hub = new StreamHub(state);

  private static final class Recorder implements StreamHub.StreamClient {
    final Set<String> channels;
    final List<StreamMessage> got = new ArrayList<>();

    Recorder(String... channels) {
      this.channels = Set.of(channels);
    }

    @Override
    public Set<String> channels() {
      return channels;
    }

    @Override
    public void offer(StreamMessage message) {
      got.add(message);
    }

    @Override
    public long dropped() {
      return 0;
    }

    @Override
    public long pendingItems() {
      return got.size();
    }

    @Override
    public long pendingBytes() {
      return 0;
    }
  }

  private void apply(dev.shears.events.Envelope e) {
    hub.publish(state.apply(e));
  }

  @Test
  void deliversOnlyWhatEachClientWatches() {
    Recorder trialPage = new Recorder("trial:e1-t0");
    Recorder otherTrial = new Recorder("trial:e1-t1");
    Recorder table = new Recorder("experiment:e1");
    hub.register(trialPage);
    hub.register(otherTrial);
    hub.register(table);
    apply(env(created(0), "e1", "e1-t0", 0, 1));
    apply(env(loss(7, 2.5), "e1", "e1-t0", 0, 2));
    apply(env(mask(7, 0.1, 2, 3), "e1", "e1-t0", 0, 3));
    apply(env(new ValidationEvent(5, "prune-encoder", 1.75, 0.4), "e1", "e1-t0", 0, 4));

    assertThat(otherTrial.got).isEmpty();
    List<StreamMessage.Points> points = trialPage.got.stream()
        .filter(StreamMessage.Points.class::isInstance).map(StreamMessage.Points.class::cast).toList();
    assertThat(points).extracting(StreamMessage.Points::series)
        .containsExactly("loss", "sparsity", "heads", "ffn", "validation");
    assertThat(points.get(4).x()).containsExactly(5);
    assertThat(points.get(4).y()[0]).containsExactly(1.75f);
    assertThat(points.get(0).y()[0]).containsExactly(2.5f);
    assertThat(points.get(2).columns()).hasSize(6);
    StreamMessage.Snapshot row = table.got.stream().filter(StreamMessage.Snapshot.class::isInstance)
        .map(StreamMessage.Snapshot.class::cast).filter(s -> s.type().equals("row")).reduce((a, b) -> b)
        .orElseThrow();
    assertThat(((TrialRow) row.value().get()).loss()).isEqualTo(2.5);

    hub.unregister(trialPage);
    apply(env(loss(8, 2.0), "e1", "e1-t0", 0, 5));
    assertThat(trialPage.got).hasSize(6);
    assertThat(hub.clientCount()).isEqualTo(2);
  }
}

package dev.shears.dashboard.stream;

import dev.shears.dashboard.history.TrialHistory;
import dev.shears.dashboard.state.Change;
import dev.shears.dashboard.state.DashboardState;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.ValidationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

/**
 * Fans state changes out to the streaming clients that watch them. {@link #publish} runs on the ingest thread
 * and only ever appends to bounded {@link ClientBuffer}s, so no client, however slow, delays Kafka consumption.
 */
public final class StreamHub {
  private final DashboardState state;
  private final Map<String, Set<StreamClient>> subscribers = new ConcurrentHashMap<>();
  private final Set<StreamClient> clients = new CopyOnWriteArraySet<>();
  private final Map<Long, List<String>> headColumns = new ConcurrentHashMap<>();

  public StreamHub(DashboardState state) {
    this.state = state;
  }

  /** A receiver of updates: an SSE connection, or a test double in unit tests of the hub. */
  public interface StreamClient {
    /** Channels this client watches. */
    Set<String> channels();

    /** Queues an update; must not block. */
    void offer(StreamMessage message);

    /** Updates this client lost to its bounded buffer. */
    long dropped();

    /** Rows and snapshots waiting to be sent to this client. */
    long pendingItems();

    /** Approximate bytes those pending updates hold. */
    long pendingBytes();
  }

  /** The connected clients. */
  public Set<StreamClient> clients() {
    return Set.copyOf(clients);
  }

  /** Starts delivering the client's channels to it. */
  public void register(StreamClient client) {
    clients.add(client);
    for (String c : client.channels()) {
      subscribers.computeIfAbsent(c, k -> new CopyOnWriteArraySet<>()).add(client);
    }
  }

  /** Stops delivering to the client. */
  public void unregister(StreamClient client) {
    clients.remove(client);
    for (String c : client.channels()) {
      subscribers.computeIfPresent(c, (k, set) -> {
        set.remove(client);
        return set.isEmpty() ? null : set;
      });
    }
  }

  /** Connected clients. */
  public int clientCount() {
    return clients.size();
  }

  /** Updates dropped over all connected clients. */
  public long droppedTotal() {
    long n = 0;
    for (StreamClient c : clients) {
      n += c.dropped();
    }
    return n;
  }

  /** Tells the watchers of what {@code change} touched. Called on the ingest thread. */
  public void publish(Change change) {
    if (clients.isEmpty()) {
      return;
    }
    String tid = change.trialId();
    String eid = change.experimentId();
    switch (change.kind()) {
      case TELEMETRY -> {
        if (has(Channels.trial(tid))) {
          for (StreamMessage.Points p : points(tid, change.envelope().payload())) {
            send(Channels.trial(tid), p);
          }
        }
        if (eid != null) {
          send(Channels.experiment(eid), rowSnapshot(tid));
          send("experiments", experimentSnapshot(eid));
        }
      }
      case TRIAL, CHECKPOINT, EVALUATION -> {
        send(Channels.trial(tid), new StreamMessage.Snapshot("trial:" + tid, "trial", tid,
            () -> state.trial(tid).orElse(null)));
        if (eid != null) {
          send(Channels.experiment(eid), rowSnapshot(tid));
          StreamMessage exp = experimentSnapshot(eid);
          send(Channels.experiment(eid), exp);
          send("experiments", exp);
          if (change.kind() == Change.Kind.EVALUATION) {
            send(Channels.experiment(eid), new StreamMessage.Snapshot("report:" + eid, "report", eid,
                () -> state.report(eid).orElse(null)));
          }
        }
      }
      case EXPERIMENT -> {
        StreamMessage exp = experimentSnapshot(eid);
        send(Channels.experiment(eid), exp);
        send("experiments", exp);
      }
      case WORKER -> {
        String wid = change.workerId();
        send("fleet", new StreamMessage.Snapshot("worker:" + wid, "worker", wid,
            () -> state.worker(wid).orElse(null)));
      }
      default -> {
        // nothing changed
      }
    }
  }

  private StreamMessage rowSnapshot(String tid) {
    return new StreamMessage.Snapshot("row:" + tid, "row", tid, () -> state.trialRow(tid).orElse(null));
  }

  private StreamMessage experimentSnapshot(String eid) {
    Supplier<Object> value = () -> state.experimentRow(eid).orElse(null);
    return new StreamMessage.Snapshot("experiment:" + eid, "experiment", eid, value);
  }

  private boolean has(String channel) {
    return subscribers.containsKey(channel);
  }

  private void send(String channel, StreamMessage message) {
    Set<StreamClient> set = subscribers.get(channel);
    if (set == null) {
      return;
    }
    for (StreamClient c : set) {
      c.offer(message);
    }
  }

  private List<StreamMessage.Points> points(String tid, Object payload) {
    List<StreamMessage.Points> out = new ArrayList<>(3);
    if (payload instanceof LossEvent l) {
      out.add(row(tid, "loss", TrialHistory.LOSS_COLUMNS, l.step(),
          l.total(), l.kd(), l.encHidden(), l.decHidden(), l.ce(), l.lagrangian(), l.lr()));
    } else if (payload instanceof LagrangianEvent l) {
      out.add(row(tid, "lagrangian", TrialHistory.LAGRANGIAN_COLUMNS, l.step(),
          l.lambda1(), l.lambda2(), l.expectedSparsity(), l.target()));
    } else if (payload instanceof ValidationEvent v) {
      out.add(row(tid, TrialHistory.validationSeries(v), TrialHistory.VALIDATION_COLUMNS, v.step(), v.validationLoss(),
          v.rougeL() == null ? Double.NaN : v.rougeL()));
    } else if (payload instanceof MaskEvent m) {
      out.add(row(tid, "sparsity", TrialHistory.SPARSITY_COLUMNS, m.step(), m.expectedSparsity(), m.target(),
          m.overallSparsity() == null ? Double.NaN : m.overallSparsity()));
      int layers = m.headZ().size();
      int heads = layers == 0 ? 0 : m.headZ().get(0).size();
      if (layers > 0 && heads > 0 && m.headZ().stream().allMatch(r -> r.size() == heads)) {
        double[] z = new double[layers * heads];
        for (int i = 0; i < layers; i++) {
          for (int j = 0; j < heads; j++) {
            Double v = m.headZ().get(i).get(j);
            z[i * heads + j] = v == null ? Double.NaN : v;
          }
        }
        out.add(row(tid, "heads", headColumns(layers, heads), m.step(), z));
      }
      if (m.ffnKept().size() == layers && layers > 0) {
        double[] kept = new double[layers];
        for (int i = 0; i < layers; i++) {
          Double v = m.ffnKept().get(i);
          kept[i] = v == null ? Double.NaN : v;
        }
        out.add(row(tid, "ffn", headColumns(layers, 0), m.step(), kept));
      }
    }
    return out;
  }

  /** Column names as {@link TrialHistory} names them; {@code heads == 0} gives the per-layer FFN columns. */
  private List<String> headColumns(int layers, int heads) {
    return headColumns.computeIfAbsent((long) layers << 32 | heads, k -> {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < layers; i++) {
        if (heads == 0) {
          names.add("L" + i);
        }
        for (int j = 0; j < heads; j++) {
          names.add("L" + i + ".H" + j);
        }
      }
      return List.copyOf(names);
    });
  }

  private static StreamMessage.Points row(String tid, String series, List<String> columns, long step,
      double... values) {
    float[][] y = new float[values.length][1];
    for (int c = 0; c < values.length; c++) {
      y[c][0] = (float) values[c];
    }
    return new StreamMessage.Points(tid, series, columns, new double[] {step}, y);
  }
}

package dev.shears.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.dashboard.history.SeriesSlice;
import dev.shears.dashboard.stream.ClientBuffer;
import dev.shears.dashboard.stream.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardJsonTest {
  private final DashboardJson json = new DashboardJson();

  @Test
  void nonFiniteNumbersBecomeNull() {
    SeriesSlice slice = new SeriesSlice(List.of("a"), new double[] {1, 2.5}, new float[][] {{Float.NaN, 0.25f}});
    assertThat(new String(json.slice(slice), StandardCharsets.UTF_8))
        .isEqualTo("{\"columns\":[\"a\"],\"x\":[1,2.5],\"y\":[[null,0.25]]}");
    assertThat(new String(json.bytes(Map.of("q", Double.NaN)), StandardCharsets.UTF_8)).isEqualTo("{\"q\":null}");
  }

  @Test
  void anSseFrameIsOneDataLineEndingInABlankLine() {
    ClientBuffer.Batch batch = new ClientBuffer.Batch(List.of(
        new StreamMessage.Points("t1", "loss", List.of("total"), new double[] {7}, new float[][] {{1.5f}}),
        new StreamMessage.Snapshot("row:t1", "row", "t1", () -> Map.of("name", "line\nbreak <b>"))), 3, false);
    String frame = new String(json.sseBatch(42, batch), StandardCharsets.UTF_8);
    assertThat(frame).startsWith("id: 42\nevent: batch\ndata: {\"dropped\":3,\"resync\":false,").endsWith("}\n\n");
    assertThat(frame.substring(0, frame.length() - 2).split("\n")).hasSize(3);
    assertThat(frame).contains("{\"type\":\"points\",\"trialId\":\"t1\",\"series\":\"loss\",\"columns\":[\"total\"],"
        + "\"x\":[7],\"y\":[[1.5]]}").contains("\"name\":\"line\\nbreak <b>\"");
  }
}

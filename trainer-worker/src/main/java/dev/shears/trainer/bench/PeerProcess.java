package dev.shears.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bench_prune_step.py} (the PyTorch eager peer) with the benchmark's settings and reads its result. */
final class PeerProcess {
  private PeerProcess() {}

  static double msPerStep(TrainBenchmark.Options o, Path teacherDir, PrintStream out) {
    List<String> command = List.of(o.python(), o.peerScript().toString(), teacherDir.toString(),
        "--batch", Integer.toString(o.batch()), "--length", Integer.toString(o.length()),
        "--decoder-layers", Integer.toString(o.decoderLayers()), "--warmup", Integer.toString(o.warmup()),
        "--steps", Integer.toString(o.steps()), "--repeats", Integer.toString(o.rounds()),
        "--threads", Integer.toString(Math.max(1, o.threads())));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("PyTorch peer failed (" + String.join(" ", command) + "):\n"
            + new String(bytes, StandardCharsets.UTF_8));
      }
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      String last = text.substring(text.lastIndexOf('\n') + 1);
      JsonNode json = new ObjectMapper().readTree(last);
      out.println("peer: " + last);
      return json.get("ms_per_step").asDouble();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run the PyTorch peer " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running the PyTorch peer", e);
    }
  }
}

package dev.shears.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The smallest inputs {@code shears reproduce} accepts: one record per split, a 6 + 6-layer teacher's files. */
final class ReproductionFixture {
  private ReproductionFixture() {}

  /** {@code dir}/debian with train, validation and test splits of one description → synopsis record each. */
  static Path data(Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("debian"));
    for (String split : new String[] {"train.jsonl", "validation.jsonl", "test.jsonl"}) {
      Files.writeString(data.resolve(split), "{\"package\":\"p\",\"description\":\"a tool\",\"synopsis\":\"tool\"}\n");
    }
    return data;
  }

  /** {@code dir}/teacher with config.json (6 encoder and 6 decoder layers), empty weights and a tokenizer.json. */
  static Path teacher(Path dir) throws IOException {
    Path teacher = Files.createDirectories(dir.resolve("teacher"));
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 6, \"num_decoder_layers\": 6}");
    Files.writeString(teacher.resolve("model.safetensors"), "");
    Files.writeString(teacher.resolve("tokenizer.json"), "{}");
    return teacher;
  }
}

package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecWriterTest {
  private final SpecReader reader = new SpecReader(SpecLimits.DEFAULT);

  @Test
  void writesBlockYamlThatReadsBackToTheSameTree() throws InvalidSpecException {
    JsonNode spec = reader.read(("{\"name\": \"nash: d3\", \"task\": {\"dataset\": \"/data/debian\"}, "
        + "\"nash\": {\"decoderLayers\": 3, \"encoderSparsity\": 0.3, \"finetunePruned\": {\"recipe\": \"nash\"}}, "
        + "\"training\": {\"seed\": 1, \"lr\": 3.0e-5}, \"tags\": [\"a\", \"true\", \"\"]}")
        .getBytes(StandardCharsets.UTF_8), "json");

    String yaml = SpecWriter.yaml(spec);

    assertThat(yaml).doesNotStartWith("---").endsWith("\n")
        .contains("task:\n  dataset: /data/debian\n")
        .contains("nash:\n  decoderLayers: 3\n  encoderSparsity: 0.3\n  finetunePruned:\n    recipe: nash\n");
    assertThat(reader.read(yaml.getBytes(StandardCharsets.UTF_8), "yaml")).isEqualTo(spec);
  }
}

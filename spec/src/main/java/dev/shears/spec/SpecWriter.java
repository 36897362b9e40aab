package dev.shears.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Writes a spec tree as the YAML a user would submit: block style, no document marker, quotes only where needed. */
public final class SpecWriter {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  private SpecWriter() {}

  /** {@code spec} as YAML, ending with a newline; {@link SpecReader} reads it back to the same tree. */
  public static String yaml(JsonNode spec) {
    try {
      return YAML.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree always has a YAML form: " + e.getMessage(), e);
    }
  }
}

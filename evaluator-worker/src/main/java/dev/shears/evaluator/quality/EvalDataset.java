package dev.shears.evaluator.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads evaluation examples from JSONL: one object per line with an input field and a target field. */
public final class EvalDataset {

  private final ObjectMapper json = new ObjectMapper();

  /**
   * Reads {@code file}.
   *
   * @param inputField  name of the input text field (e.g. {@code input})
   * @param targetField name of the target field: a string or an array of strings
   * @param limit       at most this many examples (0 = all)
   * @throws IllegalArgumentException naming the file, line and field when a line is not usable
   */
  public List<EvalExample> read(Path file, String inputField, String targetField, int limit) throws IOException {
    List<EvalExample> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = in.readLine()) != null && (limit <= 0 || out.size() < limit); ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode row;
        try {
          row = json.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        JsonNode input = row.get(inputField);
        if (input == null || !input.isTextual()) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": field '" + inputField
              + "' must be a string");
        }
        JsonNode target = row.get(targetField);
        List<String> targets = new ArrayList<>();
        if (target != null && target.isTextual()) {
          targets.add(target.asText());
        } else if (target != null && target.isArray() && !target.isEmpty()) {
          for (JsonNode t : target) {
            if (!t.isTextual()) {
              throw new IllegalArgumentException(file + " line " + lineNo + ": field '" + targetField
                  + "' must hold strings");
            }
            targets.add(t.asText());
          }
        } else {
          throw new IllegalArgumentException(file + " line " + lineNo + ": field '" + targetField
              + "' must be a string or a non-empty array of strings");
        }
        out.add(new EvalExample(input.asText(), targets));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no evaluation examples");
    }
    return out;
  }
}

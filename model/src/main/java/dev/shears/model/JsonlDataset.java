package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads user seq2seq data: one JSON object per line, the input and target under named fields. */
public final class JsonlDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlDataset() {}

  /**
   * Reads {@code file}; blank lines are skipped. Errors name the file, the line and the field.
   *
   * @param inputField e.g. {@code dialogue}
   * @param targetField e.g. {@code summary}
   */
  public static List<Seq2SeqExample> read(Path file, String inputField, String targetField) {
    List<Seq2SeqExample> out = new ArrayList<>();
    try {
      forEachRecord(file, List.of(inputField, targetField), t -> out.add(new Seq2SeqExample(t.get(0), t.get(1))));
    } catch (NoSuchFileException e) {
      throw new ModelFormatException("Missing dataset file " + file, e);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read dataset file " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new ModelFormatException("Dataset file " + file + " holds no examples");
    }
    return out;
  }

  /**
   * Hands {@code each} the text of {@code fields}, in that order, for every record of {@code file}; blank lines
   * are skipped. Returns the number of records. A bad line is a {@link ModelFormatException} naming the file,
   * the line and the field; reading errors are left to the caller, which knows what the file is for.
   */
  public static int forEachRecord(Path file, List<String> fields, Consumer<List<String>> each) throws IOException {
    int records = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new ModelFormatException(file + ":" + n + ": not valid JSON");
        }
        List<String> texts = new ArrayList<>(fields.size());
        for (String field : fields) {
          texts.add(text(node, field, file, n));
        }
        records++;
        each.accept(texts);
      }
    }
    return records;
  }

  private static String text(JsonNode node, String field, Path file, int line) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isTextual()) {
      throw new ModelFormatException(
          file + ":" + line + ": field '" + field + "' is " + (v == null ? "missing" : "not a string"));
    }
    return v.textValue();
  }
}

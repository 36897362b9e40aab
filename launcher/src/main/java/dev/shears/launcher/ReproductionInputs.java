package dev.shears.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.PathRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code shears reproduce} (and the real-text sweep of {@code shears bench asha}) needs before anything starts:
 * the dataset's three splits of description → synopsis records and a teacher directory with its weights and
 * tokenizer, deep enough for every arm. A missing or malformed piece is a {@link UserInputException} naming the
 * option, the path, what is wrong and the command that makes it.
 *
 * @param teacher the teacher's model directory, absolute
 * @param data the directory of splits, absolute
 */
public record ReproductionInputs(Path teacher, Path data) {
  /** Decoder layers the deepest arm keeps (NASH-4). */
  static final int DEEPEST_ARM = 4;

  private static final List<String> SPLITS = List.of("train.jsonl", "validation.jsonl", "test.jsonl");
  /** The record fields the bundled specs read ({@code task.inputField}, {@code task.targetField}). */
  private static final List<String> FIELDS = List.of("description", "synopsis");
  private static final List<String> TEACHER_FILES = List.of("config.json", "model.safetensors");

  /** Checks both directories for the reproduction; paths are made absolute. */
  static ReproductionInputs check(Path teacher, Path data) {
    return check(teacher, data, DEEPEST_ARM, "the reproduction");
  }

  /**
   * Checks both directories for {@code use}, whose deepest arm keeps {@code deepestArm} decoder layers; paths are
   * made absolute.
   */
  public static ReproductionInputs check(Path teacher, Path data, int deepestArm, String use) {
    Path t = teacher.toAbsolutePath().normalize();
    Path d = data.toAbsolutePath().normalize();
    checkData(d, use);
    checkTeacher(t, d, deepestArm, use);
    return new ReproductionInputs(t, d);
  }

  /** The default roots plus the teacher's and the dataset's directories, so the orchestrator accepts both paths. */
  public PathRoots roots() {
    PathRoots defaults = PathRoots.under(Path.of(""));
    List<Path> dataRoots = new ArrayList<>(defaults.dataRoots());
    dataRoots.add(data);
    List<Path> modelRoots = new ArrayList<>(defaults.modelRoots());
    modelRoots.add(teacher);
    return new PathRoots(dataRoots, modelRoots, defaults.base());
  }

  private static void checkData(Path data, String use) {
    String make = ": write the Debian description splits there with ./shears data debian-descriptions --out " + data;
    if (Files.isRegularFile(data)) {
      throw new UserInputException("--data " + data + " is a file; it must be the directory holding "
          + String.join(", ", SPLITS) + make);
    }
    List<String> missing = SPLITS.stream().filter(f -> !Files.isRegularFile(data.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException("--data " + data + (Files.isDirectory(data) ? " lacks " + String.join(", ", missing)
          : " does not exist") + make);
    }
    SPLITS.forEach(split -> checkFirstRecord(data, split, use, make));
  }

  /** The first line of a split: a JSON object with a non-empty string per field (the rest is read by the trainer). */
  private static void checkFirstRecord(Path data, String split, String use, String make) {
    Path file = data.resolve(split);
    String first;
    try (var lines = Files.lines(file)) {
      first = lines.filter(l -> !l.isBlank()).findFirst().orElse(null);
    } catch (IOException | UncheckedIOException e) {
      throw new UserInputException("--data " + data + ": " + split + " cannot be read: " + e.getMessage(), e);
    }
    if (first == null) {
      throw new UserInputException("--data " + data + ": " + split + " is empty" + make);
    }
    JsonNode record;
    try {
      record = new ObjectMapper().readTree(first);
    } catch (JsonProcessingException e) {
      throw new UserInputException("--data " + data + ": the first line of " + split + " is not JSON ("
          + e.getOriginalMessage() + "); the splits are JSON lines" + make, e);
    }
    for (String field : FIELDS) {
      if (record == null || !record.path(field).isTextual() || record.path(field).asText().isBlank()) {
        throw new UserInputException("--data " + data + ": the first record of " + split + " has no \"" + field
            + "\" text; " + use + " reads " + String.join(" → ", FIELDS) + " records" + make);
      }
    }
  }

  private static void checkTeacher(Path teacher, Path data, int deepestArm, String use) {
    if (!Files.isDirectory(teacher)) {
      throw new UserInputException("--teacher " + teacher + (Files.exists(teacher) ? " is a file" : " does not exist")
          + ": it must be a T5 model directory trained on the task (config.json, model.safetensors, tokenizer.json); "
          + "docs/reproduction.md (Teacher) says how to make one");
    }
    List<String> missing = TEACHER_FILES.stream().filter(f -> !Files.isRegularFile(teacher.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException("--teacher " + teacher + " lacks " + String.join(", ", missing)
          + ": it must be a T5 model directory trained on the task; write one with ./shears model init --tokenizer "
          + "TOKENIZER_DIR --out " + teacher + " and train it as docs/reproduction.md (Teacher) describes");
    }
    if (!Files.isRegularFile(teacher.resolve("tokenizer.json"))) {
      throw new UserInputException("--teacher " + teacher + " lacks tokenizer.json: train one with ./shears data "
          + "tokenizer --data " + data + " --out TOKENIZER_DIR, and write the teacher over it with ./shears model init "
          + "--tokenizer TOKENIZER_DIR");
    }
    int layers = decoderLayers(teacher.resolve("config.json"));
    if (layers < deepestArm) {
      throw new UserInputException("--teacher " + teacher + " has " + layers + " decoder layers; " + use
          + " keeps up to " + deepestArm + " of them (NASH-" + deepestArm + "), so it needs at least " + deepestArm);
    }
  }

  private static int decoderLayers(Path config) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(config.toFile());
    } catch (IOException e) {
      throw new UserInputException("--teacher: " + config + " is not readable JSON: " + e.getMessage(), e);
    }
    JsonNode layers = json.hasNonNull("num_decoder_layers") ? json.get("num_decoder_layers") : json.get("num_layers");
    if (layers == null || !layers.isIntegralNumber()) {
      throw new UserInputException("--teacher: " + config + " names no num_decoder_layers or num_layers (an integer)");
    }
    return layers.asInt();
  }
}

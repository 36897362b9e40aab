package dev.shears.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.PathRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code shears reproduce} needs before anything starts: the dataset's three splits and a teacher directory
 * with its weights and tokenizer, deep enough for every arm. A missing piece is a {@link UserInputException} naming
 * the path and the command that makes it.
 *
 * @param teacher the teacher's model directory, absolute
 * @param data the directory of splits, absolute
 */
record ReproductionInputs(Path teacher, Path data) {
  /** Decoder layers the deepest arm keeps (NASH-4). */
  static final int DEEPEST_ARM = 4;

  private static final List<String> SPLITS = List.of("train.jsonl", "validation.jsonl", "test.jsonl");
  private static final List<String> TEACHER_FILES = List.of("config.json", "model.safetensors");

  /** Checks both directories; paths are made absolute. */
  static ReproductionInputs check(Path teacher, Path data) {
    Path t = teacher.toAbsolutePath().normalize();
    Path d = data.toAbsolutePath().normalize();
    checkData(d);
    checkTeacher(t, d);
    return new ReproductionInputs(t, d);
  }

  /** The default roots plus the teacher's and the dataset's directories, so the orchestrator accepts both paths. */
  PathRoots roots() {
    PathRoots defaults = PathRoots.under(Path.of(""));
    List<Path> dataRoots = new ArrayList<>(defaults.dataRoots());
    dataRoots.add(data);
    List<Path> modelRoots = new ArrayList<>(defaults.modelRoots());
    modelRoots.add(teacher);
    return new PathRoots(dataRoots, modelRoots, defaults.base());
  }

  private static void checkData(Path data) {
    List<String> missing = SPLITS.stream().filter(f -> !Files.isRegularFile(data.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException("--data " + data + " lacks " + String.join(", ", missing)
          + ": write the Debian description splits there with ./shears data debian-descriptions --out " + data);
    }
  }

  private static void checkTeacher(Path teacher, Path data) {
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
    if (layers < DEEPEST_ARM) {
      throw new UserInputException("--teacher " + teacher + " has " + layers + " decoder layers; the reproduction "
          + "keeps up to " + DEEPEST_ARM + " of them (NASH-4), so it needs at least " + DEEPEST_ARM);
    }
  }

  private static int decoderLayers(Path config) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(config.toFile());
    } catch (IOException e) {
      throw new UserInputException(config + " is not readable JSON: " + e.getMessage(), e);
    }
    JsonNode layers = json.hasNonNull("num_decoder_layers") ? json.get("num_decoder_layers") : json.get("num_layers");
    if (layers == null || !layers.canConvertToInt()) {
      throw new UserInputException(config + " names no num_decoder_layers or num_layers");
    }
    return layers.asInt();
  }
}

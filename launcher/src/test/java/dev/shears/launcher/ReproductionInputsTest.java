package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of {@link ReproductionInputs} names the option, the file and what is wrong with it. */
class ReproductionInputsTest {
  @TempDir
  Path dir;
  private Path data;
  private Path teacher;

  @BeforeEach
  void validInputs() throws IOException {
    data = ReproductionFixture.data(dir);
    teacher = ReproductionFixture.teacher(dir);
  }

  private String refusal() {
    return assertThrows(UserInputException.class, () -> ReproductionInputs.check(teacher, data)).getMessage();
  }

  @Test
  void validInputsAreMadeAbsoluteAndAddedToThePathRoots() {
    ReproductionInputs inputs = ReproductionInputs.check(teacher.resolve("../teacher"), data);
    assertThat(inputs.teacher()).isEqualTo(teacher.toAbsolutePath().normalize());
    assertThat(inputs.roots().dataRoots()).contains(inputs.data());
    assertThat(inputs.roots().modelRoots()).contains(inputs.teacher());
  }

  @Test
  void aDataDirectoryThatDoesNotExistIsSaidSo() {
    data = dir.resolve("nowhere");
    assertThat(refusal()).startsWith("--data " + data + " does not exist")
        .contains("./shears data debian-descriptions --out " + data);
  }

  @Test
  void aSplitFileGivenAsDataIsRefusedAsAFile() {
    data = data.resolve("test.jsonl");
    assertThat(refusal()).startsWith("--data " + data + " is a file")
        .contains("the directory holding train.jsonl, validation.jsonl, test.jsonl");
  }

  @Test
  void missingSplitsAreNamed() throws IOException {
    Files.delete(data.resolve("validation.jsonl"));
    Files.delete(data.resolve("train.jsonl"));
    assertThat(refusal()).startsWith("--data " + data + " lacks train.jsonl, validation.jsonl:");
  }

  @Test
  void anEmptySplitIsNamed() throws IOException {
    Files.writeString(data.resolve("validation.jsonl"), "\n");
    assertThat(refusal()).isEqualTo("--data " + data + ": validation.jsonl is empty: write the Debian description "
        + "splits there with ./shears data debian-descriptions --out " + data);
  }

  @Test
  void aSplitThatIsNotJsonLinesIsNamed() throws IOException {
    Files.writeString(data.resolve("test.jsonl"), "package,description,synopsis\n");
    assertThat(refusal()).startsWith("--data " + data + ": the first line of test.jsonl is not JSON")
        .contains("the splits are JSON lines");
  }

  @Test
  void recordsOfAnotherTaskNameTheFieldTheyLack() throws IOException {
    Files.writeString(data.resolve("train.jsonl"), "{\"input\": \"a long text\", \"target\": \"short\"}\n");
    assertThat(refusal()).startsWith("--data " + data + ": the first record of train.jsonl has no \"description\" "
        + "text; the reproduction reads description → synopsis records");
    Files.writeString(data.resolve("train.jsonl"), "{\"description\": \"a long text\", \"synopsis\": \"\"}\n");
    assertThat(refusal()).contains("train.jsonl has no \"synopsis\" text");
  }

  @Test
  void aTeacherThatDoesNotExistIsSaidSo() {
    teacher = dir.resolve("no-teacher");
    assertThat(refusal()).startsWith("--teacher " + teacher + " does not exist: it must be a T5 model directory");
  }

  @Test
  void aTeacherGivenAsAFileIsRefusedAsAFile() {
    teacher = teacher.resolve("model.safetensors");
    assertThat(refusal()).startsWith("--teacher " + teacher + " is a file: it must be a T5 model directory");
  }

  @Test
  void aTeacherWithoutWeightsNamesTheMissingFiles() throws IOException {
    Files.delete(teacher.resolve("config.json"));
    Files.delete(teacher.resolve("model.safetensors"));
    assertThat(refusal()).startsWith("--teacher " + teacher + " lacks config.json, model.safetensors:")
        .contains("./shears model init --tokenizer TOKENIZER_DIR --out " + teacher);
  }

  @Test
  void aTeacherWithoutTokenizerNamesTheTokenizerCommand() throws IOException {
    Files.delete(teacher.resolve("tokenizer.json"));
    assertThat(refusal()).startsWith("--teacher " + teacher + " lacks tokenizer.json:")
        .contains("./shears data tokenizer --data " + data + " --out TOKENIZER_DIR");
  }

  @Test
  void aConfigThatIsNotJsonIsNamed() throws IOException {
    Files.writeString(teacher.resolve("config.json"), "num_layers: 6");
    assertThat(refusal()).startsWith("--teacher: " + teacher.resolve("config.json") + " is not readable JSON");
  }

  @Test
  void aConfigWithoutLayerCountsIsNamed() throws IOException {
    Files.writeString(teacher.resolve("config.json"), "{\"num_decoder_layers\": \"six\"}");
    assertThat(refusal()).isEqualTo("--teacher: " + teacher.resolve("config.json")
        + " names no num_decoder_layers or num_layers (an integer)");
  }

  @Test
  void theDecoderDepthFallsBackToNumLayersAndMustReachTheDeepestArm() throws IOException {
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 3}");
    assertThat(refusal()).isEqualTo("--teacher " + teacher + " has 3 decoder layers; the reproduction keeps up to 4 "
        + "of them (NASH-4), so it needs at least 4");
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 4}");
    assertThat(ReproductionInputs.check(teacher, data).teacher()).isEqualTo(teacher);
  }

  @Test
  void anotherUseNamesItselfAndItsOwnDeepestArm() throws IOException {
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 2}");
    assertThat(assertThrows(UserInputException.class,
        () -> ReproductionInputs.check(teacher, data, 3, "the real-text sweep")).getMessage())
        .isEqualTo("--teacher " + teacher + " has 2 decoder layers; the real-text sweep keeps up to 3 of them (NASH-3), "
            + "so it needs at least 3");
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 3}");
    assertThat(ReproductionInputs.check(teacher, data, 3, "the real-text sweep").data()).isEqualTo(data);
    Files.writeString(data.resolve("train.jsonl"), "{\"input\": \"a long text\", \"target\": \"short\"}\n");
    assertThat(assertThrows(UserInputException.class,
        () -> ReproductionInputs.check(teacher, data, 3, "the real-text sweep")).getMessage())
        .contains("has no \"description\" text; the real-text sweep reads description → synopsis records");
  }
}

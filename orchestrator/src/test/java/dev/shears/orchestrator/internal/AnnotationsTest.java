package dev.shears.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.ExperimentAnnotated;
import dev.shears.spec.SpecProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's tags and note: every problem comes back at once, in field order, each naming its field. */
class AnnotationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aValidBodyGivesTrimmedTagsAndTheNote() {
    ExperimentAnnotated a = Annotations.parse(JSON, bytes("{\"tags\": [\" baseline \", \"v2\"], \"note\": \"x\\ny\"}"));

    assertThat(a.tags()).containsExactly("baseline", "v2");
    assertThat(a.note()).isEqualTo("x\ny");
  }

  @Test
  void wrongTypesAndBadContentAreReportedTogetherInFieldOrder() {
    List<SpecProblem> problems = problems("{\"tags\": [\"ok\", \"no spaces\", 3, \"ok\"], \"note\": \""
        + "n".repeat(ExperimentAnnotated.MAX_NOTE_LENGTH + 1) + "\"}");

    assertThat(problems).extracting(SpecProblem::path).containsExactly("tags[1]", "tags[2]", "tags[3]", "note");
    assertThat(problems.get(0).message()).contains("'no spaces' may hold only letters");
    assertThat(problems.get(1).message()).isEqualTo("must be a string, was 3");
    assertThat(problems.get(2).message()).isEqualTo("'ok' is repeated");
    assertThat(problems.get(3).message()).contains("at most " + ExperimentAnnotated.MAX_NOTE_LENGTH);
  }

  @Test
  void aNoteOfTheWrongTypeIsReportedOnceBesideTheTagsProblems() {
    List<SpecProblem> problems = problems("{\"tags\": \"one\", \"note\": 7}");

    assertThat(problems).extracting(SpecProblem::path).containsExactly("tags", "note");
    assertThat(problems.get(1).message()).isEqualTo("must be a string, was number");
  }

  @Test
  void tooManyTagsAndAMissingNoteAreBothReported() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i <= ExperimentAnnotated.MAX_TAGS; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
    }
    List<SpecProblem> problems = problems("{\"tags\": [" + tags + "]}");

    assertThat(problems).extracting(SpecProblem::path).containsExactly("tags", "note");
    assertThat(problems.get(1).message()).startsWith("is required");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedAsAWhole() {
    assertThat(problems("{tags")).extracting(SpecProblem::path).containsExactly("$");
  }

  private static List<SpecProblem> problems(String body) {
    ApiException e = catchThrowableOfType(() -> Annotations.parse(JSON, bytes(body)), ApiException.class);
    assertThat(e).as("refused: " + body).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e.problems();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentAnnotatedTest {
  @Test
  void acceptsShortTagsAndAMultiLineNote() {
    assertThat(ExperimentAnnotated.problems(List.of("baseline", "v1.2", "team/nlp", "a+b:c_d-e"),
        "first line\nsecond\tline")).isEmpty();
    assertThat(ExperimentAnnotated.problems(List.of(), "")).isEmpty();
  }

  @Test
  void namesEveryBadTagByIndexAndSaysWhy() {
    List<Violation> problems = ExperimentAnnotated.problems(
        List.of("ok", "", "has space", "x".repeat(33), "ok", "-lead"), "fine");
    assertThat(problems).extracting(Violation::path)
        .containsExactly("tags[1]", "tags[2]", "tags[3]", "tags[4]", "tags[5]");
    assertThat(problems.get(0).message()).isEqualTo("must not be empty");
    assertThat(problems.get(1).message()).contains("'has space'", "letters, digits");
    assertThat(problems.get(2).message()).contains("33 characters", "at most 32");
    assertThat(problems.get(3).message()).contains("'ok' is repeated");
  }

  @Test
  void limitsTheNumberOfTagsAndTheNote() {
    List<String> many = java.util.stream.IntStream.range(0, 17).mapToObj(i -> "t" + i).toList();
    assertThat(ExperimentAnnotated.problems(many, ""))
        .extracting(Violation::path).contains("tags");
    assertThat(ExperimentAnnotated.problems(List.of(), "n".repeat(2001)))
        .containsExactly(new Violation("note", "is 2001 characters; at most 2000"));
    assertThat(ExperimentAnnotated.problems(List.of(), "bell\u0007"))
        .extracting(Violation::message).containsExactly("holds the control character U+0007 at position 4; only line"
            + " breaks and tabs are allowed");
    assertThat(ExperimentAnnotated.problems(List.of(), null)).extracting(Violation::path).containsExactly("note");
  }
}

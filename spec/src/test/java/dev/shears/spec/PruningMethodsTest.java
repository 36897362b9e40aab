package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningMethodsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MethodSpec read(String method, String section) throws Exception {
    ObjectNode s = (ObjectNode) JSON.readTree("""
        {"name": "x", "task": {"dataset": "builtin:synthetic-summarize"}, "teacher": {"model": "builtin:tiny-t5"}}""");
    s.put("method", method).set(method, JSON.readTree(section));
    return ExperimentSpec.parse(s).method();
  }

  @Test
  void everySpecRecordHasExactlyOneRegistryEntryAndBack() {
    List<Class<?>> records = Arrays.asList(MethodSpec.class.getPermittedSubclasses());
    assertThat(PruningMethods.all()).<Class<?>>extracting(PruningMethod::specType)
        .containsExactlyInAnyOrderElementsOf(records);
    assertThat(PruningMethods.names()).hasSameSizeAs(PruningMethods.all());
    for (PruningMethod m : PruningMethods.all()) {
      assertThat(PruningMethods.of(m.name())).isSameAs(m);
      assertThat(m.stages()).as(m.name()).isNotEmpty().endsWith(Stages.EXPORT).doesNotHaveDuplicates();
      assertThat(m.describeSection().path("type").asText()).isEqualTo("object");
    }
  }

  @Test
  void eachMethodReadsItsOwnRecordFromAnEmptySection() throws Exception {
    for (PruningMethod m : PruningMethods.all()) {
      MethodSpec spec = read(m.name(), "{}");
      assertThat(spec).isInstanceOf(m.specType());
      assertThat(spec.method()).isSameAs(m);
    }
  }

  @Test
  void labelsFollowThePapersNames() throws Exception {
    assertThat(read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.3}").label()).isEqualTo("NASH-3@0.3");
    // A layer selection other than uniform is part of the arm, so rows of low-3 and high-3 read apart from uniform-3.
    assertThat(read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.3, \"selection\": \"low\"}").label())
        .isEqualTo("NASH-3@0.3 low");
    assertThat(read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.3, \"selection\": \"high\"}")
        .description()).isEqualTo("NASH-3 (encoder sparsity 0.3, high layers)");
    assertThat(read("cofi", "{\"sparsity\": 0.7}").label()).isEqualTo("CoFi-T5-simplified@0.7");
    assertThat(read("cofi", "{\"sparsity\": 0.7}").description()).isEqualTo("CoFi-T5 simplified (model sparsity 0.7)");
    assertThat(read("uniform-only", "{\"decoderLayers\": 2}").description())
        .isEqualTo("uniform-only-2 (no encoder pruning)");
    assertThat(read("distill-small", "{\"encoderSparsity\": 0.25}").description())
        .isEqualTo("distill-small-3 (encoder sparsity 0.25)");
  }

  @Test
  void labelsWriteTheSparsityAsGivenNotRoundedToATenth() throws Exception {
    assertThat(read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.25}").label()).isEqualTo("NASH-3@0.25");
    assertThat(read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.0}").description())
        .isEqualTo("NASH-3 (encoder sparsity 0.0)");
    assertThat(read("cofi", "{\"sparsity\": 0.27341}").label()).isEqualTo("CoFi-T5-simplified@0.273");
  }

  @Test
  void aLabelWithAnotherSparsityKeepsEveryOtherPartOfTheArm() throws Exception {
    MethodSpec low = read("nash", "{\"decoderLayers\": 3, \"encoderSparsity\": 0.3, \"selection\": \"low\"}");
    assertThat(low.label("0.03")).isEqualTo("NASH-3@0.03 low");
    assertThat(low.description("0.033, target 0.3 missed"))
        .isEqualTo("NASH-3 (encoder sparsity 0.033, target 0.3 missed, low layers)");
    assertThat(read("cofi", "{\"sparsity\": 0.7}").description("0.52")).isEqualTo("CoFi-T5 simplified (model sparsity 0.52)");
    assertThat(read("distill-small", "{\"decoderLayers\": 2}").label("0.25")).isEqualTo("distill-small-2@0.25");
    MethodSpec numerical = read("numerical", "{\"sparsity\": 0.5, \"decoderLayers\": 3, \"compensate\": false}");
    assertThat(numerical.description("0.41")).isEqualTo("Numerical Pruning (3 decoder layers, both sparsity 0.41, "
        + "no compensation)");
    assertThat(numerical.label("0.4")).isEqualTo("Numerical-3@0.4");
    // Without a target there is no sparsity to show: the label is the arm's.
    MethodSpec uniformLow = read("uniform-only", "{\"decoderLayers\": 3, \"selection\": \"high\"}");
    assertThat(uniformLow.label("0.1")).isEqualTo(uniformLow.label()).isEqualTo("uniform-only-3 high");
    assertThat(uniformLow.description("0.1")).isEqualTo("uniform-only-3 (no encoder pruning, high layers)");
  }

  @Test
  void sparsityIsReportedForTheEncoderOrTheWholeModel() {
    assertThat(PruningMethods.of("nash").sparsityScope()).isEqualTo(PruningMethod.SparsityScope.ENCODER);
    assertThat(PruningMethods.of("cofi").sparsityScope()).isEqualTo(PruningMethod.SparsityScope.MODEL);
    assertThat(PruningMethods.of("uniform-only").stages()).doesNotContain(Stages.PRUNE_ENCODER);
  }

  @Test
  void theCatalogueDescribesEachMethodsSectionForForms() {
    var catalogue = PruningMethods.describe();
    assertThat(catalogue).hasSize(PruningMethods.all().size());
    var cofi = catalogue.get(1);
    assertThat(cofi.path("name").asText()).isEqualTo("cofi");
    assertThat(cofi.path("title").asText()).isEqualTo("CoFi-T5 (simplified)");
    assertThat(cofi.path("sparsityScope").asText()).isEqualTo("model");
    assertThat(cofi.path("targetField").asText()).isEqualTo("sparsity");
    assertThat(cofi.at("/section/fields/sparsity").toString())
        .isEqualTo("{\"type\":\"number\",\"min\":0.0,\"minInclusive\":true,\"max\":1.0,\"maxInclusive\":false,"
            + "\"required\":false,\"sweepable\":true}");
    assertThat(catalogue.get(2).path("targetField").isNull()).isTrue();
    assertThat(catalogue.get(0).at("/section/fields/selection/values")).hasSize(5);
  }

  @Test
  void aTrialsMethodIsReadWithoutItsOtherSections() throws Exception {
    MethodSpec m = PruningMethods.methodOf(JSON.readTree("{\"method\": \"distill-small\", \"nash\": {\"decoderLayers\": 2}}"));
    assertThat(m.label()).isEqualTo("distill-small-2");
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> PruningMethods.methodOf(JSON.readTree("{\"method\": \"nash\", \"nash\": {\"decoderLayers\": 0}}")));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("nash.decoderLayers");
  }

  @Test
  void anUnknownMethodNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningMethods.of("magic"));
    assertThat(e.getMessage()).contains("magic").contains(PruningMethods.names().toString());
  }
}

package dev.shears.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericalSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode spec(String section) throws Exception {
    ObjectNode s = (ObjectNode) JSON.readTree("""
        {"name": "x", "task": {"dataset": "builtin:synthetic-summarize"}, "teacher": {"model": "builtin:tiny-t5"},
         "method": "numerical"}""");
    s.set("numerical", JSON.readTree(section));
    return s;
  }

  @Test
  void anEmptySectionTakesThePapersDefaultsAndNoFinetuning() throws Exception {
    NumericalSpec n = (NumericalSpec) ExperimentSpec.parse(spec("{}")).method();
    assertThat(n).isEqualTo(new NumericalSpec(0.3, 128, 0, "both", true, 0.01, new FinetunePruned("nash", 0, 3e-4)));
    assertThat(n.method().stages()).containsExactly(Stages.FINETUNE_TEACHER, Stages.PRUNE_NUMERICAL,
        Stages.FINETUNE_PRUNED, Stages.EXPORT);
    assertThat(n.label()).isEqualTo("Numerical@0.3");
    assertThat(n.targetSparsity()).isEqualTo(0.3);
  }

  @Test
  void everyFieldIsRead() throws Exception {
    NumericalSpec n = (NumericalSpec) ExperimentSpec.parse(spec("""
        {"sparsity": 0.5, "calibrationExamples": 64, "decoderLayers": 3, "scope": "encoder", "compensate": false,
         "ridge": 0.1, "finetunePruned": {"steps": 20, "lr": 1e-4}}""")).method();
    assertThat(n).isEqualTo(new NumericalSpec(0.5, 64, 3, "encoder", false, 0.1, new FinetunePruned("nash", 20, 1e-4)));
    assertThat(n.label()).isEqualTo("Numerical-3@0.5");
    assertThat(n.description()).isEqualTo("Numerical Pruning (3 decoder layers, encoder sparsity 0.50, no compensation)");
  }

  @Test
  void badValuesAreAllReportedWithTheirPaths() throws Exception {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExperimentSpec.parse(spec("""
        {"sparsity": 1, "calibrationExamples": 0, "decoderLayers": 0, "scope": "middle", "compensate": "yes",
         "ridge": -1}""")));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactlyInAnyOrder("numerical.sparsity",
        "numerical.calibrationExamples", "numerical.decoderLayers", "numerical.scope", "numerical.compensate",
        "numerical.ridge");
  }

  @Test
  void theSparsityIsSweepable() throws Exception {
    ObjectNode s = spec("{}");
    ((ObjectNode) s.get("numerical")).putObject("sparsity").putArray("grid").add(0.2).add(0.5);
    SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, (kind, path) -> java.nio.file.Path.of(path));
    List<Double> swept = compiler.compile(s).trials().stream()
        .map(t -> t.spec().path("numerical").path("sparsity").asDouble()).toList();
    assertThat(swept).containsExactly(0.2, 0.5);
  }
}

package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ModelCardTest {
  @Test
  void cardHasFrontMatterKeptStructureParametersAndTheEvaluationWithItsIntervals() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model teacher = T5Model.initialize(TransformersExportConformanceTest.GATED, 1, m);
        T5Model student = teacher.withDecoderLayers(new int[] {0, 2})) {
      ModelCard card = new ModelCard("trial-7", "models/teacher", "apache-2.0", "NASH, 2 decoder layers.",
          "method: nash", teacher.numParameters(),
          new ModelCard.Evaluation("rougeL", 0.3512, 0.3790, 0.901, 0.952, 2.61, 2.48, 2.75, "test split, beam 4"));
      String text = card.render(student, GenerationConfig.beam(4, 32));
      assertThat(text).startsWith("---\nlibrary_name: transformers\npipeline_tag: text2text-generation\n")
          .contains("base_model: \"models/teacher\"\n").contains("license: \"apache-2.0\"\n")
          .contains("# trial-7").contains("```yaml\nmethod: nash\n```")
          .contains(String.format(java.util.Locale.ROOT, "%,d parameters (teacher %,d", student.numParameters(),
              teacher.numParameters()))
          .contains("| decoder | 1 | 2 | all 4 | all 4 | 40 |")
          .contains("| metric | model (× 100) | teacher (× 100) |")
          .contains("| rougeL | 35.12 | 37.90 | 92.7 % (90.1–95.2 %) | 2.61× (2.48–2.75×) |")
          .contains("test split, beam 4")
          .contains("AutoModelForSeq2SeqLM.from_pretrained(path)\n"); // layer selection only: stock T5
    }
  }

  @Test
  void anUnevaluatedModelSaysSo() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.initialize(TransformersExportConformanceTest.RELU, 1, m)) {
      String text = ModelCard.plain("teacher", null).render(model, GenerationConfig.greedy(16));
      assertThat(text).doesNotContain("base_model").contains("Not evaluated")
          .contains("greedy search, at most 16 new tokens").contains("trust_remote_code=True");
    }
  }

  @Test
  void anEvaluationPutIntoAWrittenCardGivesTheCardRenderedWithIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.initialize(TransformersExportConformanceTest.RELU, 1, m)) {
      ModelCard.Evaluation evaluation =
          new ModelCard.Evaluation("rougeL", 0.30, 0.40, 0.70, 0.80, 1.9, 1.8, 2.0, "measured here");
      ModelCard unevaluated = new ModelCard("t", "teacher", null, "nash", "method: nash", 10, null);
      ModelCard evaluated = new ModelCard("t", "teacher", null, "nash", "method: nash", 10, evaluation);
      HfExport.write(model, dir, BuiltinModels.TINY_T5, GenerationConfig.beam(2, 8), unevaluated);
      String written = java.nio.file.Files.readString(dir.resolve(HfExport.CARD_FILE));

      HfExport.writeEvaluation(dir, evaluation);

      String expected = evaluated.render(model, GenerationConfig.beam(2, 8));
      assertThat(written).contains("Not evaluated").isNotEqualTo(expected);
      assertThat(dir.resolve(HfExport.CARD_FILE)).content().isEqualTo(expected);
      assertThat(java.nio.file.Files.list(dir)).noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Test
  void aCardWithoutAnEvaluationSectionIsRefusedNamingTheSection() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelCard.withEvaluation("# a card\n",
        new ModelCard.Evaluation("rougeL", 0.3, 0.4, 0.7, 0.8, 1.9, 1.8, 2.0, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'## Evaluation' section");
  }
}

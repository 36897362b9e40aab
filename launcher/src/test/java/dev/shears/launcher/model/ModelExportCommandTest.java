package dev.shears.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.shears.launcher.Shears;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.shears.launcher.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExportCommandTest {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void pruneWritesAnHfDirectoryWithDecoderHeadsAndEmptiedSublayers(@TempDir Path tmp) throws IOException {
    Path gates = tmp.resolve("gates.json");
    Files.writeString(gates, """
        {"decoderSelfHeads": [[1, 0, 1, 1], [1, 1, 1, 1], [0, 0, 1, 0.5]],
         "decoderCrossHeads": [[1, 1, 0, 1], [0, 1, 1, 1], [1, 1, 1, 1]],
         "decoderFfnLayers": [1, 0, 1],
         "encoderAttentionLayers": [1, 1, 1, 1, 1, 0]}
        """);
    Path dir = tmp.resolve("pruned");
    assertThat(run("model", "prune", "--model", "builtin:tiny-t5", "--decoder-layers", "uniform:3",
        "--gates", gates.toString(), "--out", dir.toString())).as(cli.err()).isZero();
    assertThat(Files.readString(dir.resolve("config.json"))).contains("\"model_type\" : \"shears_t5\"")
        .contains("\"auto_map\"").contains("\"decoder_ffn_widths\" : [ 512, 0, 512 ]");
    for (String f : new String[] {"modeling_shears_t5.py", "configuration_shears_t5.py", "generation_config.json",
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "pruning.json", "README.md"}) {
      assertThat(dir.resolve(f)).exists();
    }
    assertThat(Files.readString(dir.resolve("README.md"))).contains("base_model: \"builtin:tiny-t5\"")
        .contains("| decoder | 2 | 11 | 2 (2,3) | all 4 | 512 |").contains("| encoder | 5 | 5 | 0 | — | 512 |");
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.load(dir, m)) {
      assertThat(model.layout().decoderSelfHeads()[0]).containsExactly(0, 2, 3);
      assertThat(model.layout().decoderFfnDims()[1]).isEmpty();
      assertThat(model.layout().encoderHeads()[5]).isEmpty();
    }
  }

  @Test
  void pruneKeepsTheSourcesDecodingAndNamesABadValue(@TempDir Path tmp) throws IOException {
    Path source = tmp.resolve("source");
    assertThat(run("model", "prune", "--model", "builtin:tiny-t5", "--decoder-layers", "uniform:4", "--out",
        source.toString())).as(cli.err()).isZero();
    assertThat(Files.readString(source.resolve("generation_config.json"))).contains("\"num_beams\" : 4")
        .contains("\"max_new_tokens\" : 32");
    Files.writeString(source.resolve("generation_config.json"),
        "{\"num_beams\": 2, \"max_new_tokens\": 9, \"early_stopping\": true}");

    Path pruned = tmp.resolve("pruned");
    assertThat(run("model", "prune", "--model", source.toString(), "--decoder-layers", "uniform:2", "--out",
        pruned.toString())).as(cli.err()).isZero();
    assertThat(Files.readString(pruned.resolve("generation_config.json"))).contains("\"num_beams\" : 2")
        .contains("\"max_new_tokens\" : 9").contains("\"early_stopping\" : true");

    Files.writeString(source.resolve("generation_config.json"), "{\"num_beams\": 0}");
    assertThat(run("model", "prune", "--model", source.toString(), "--decoder-layers", "uniform:2", "--out",
        tmp.resolve("bad").toString())).isEqualTo(2);
    assertThat(cli.err()).contains(source.resolve("generation_config.json").toString()).contains("numBeams: 0");
  }

  @Test
  void exportWritesAStageCheckpointsStudentAndNamesAMissingSource(@TempDir Path tmp) throws IOException {
    Path checkpoint = tmp.resolve("prune-encoder-000040");
    try (NDManager m = NDManager.newBaseManager();
        T5Model teacher = T5Model.builtin("builtin:tiny-t5", 3, m);
        T5Model student = teacher.withDecoderLayers(new int[] {0, 11})) {
      student.save(checkpoint.resolve("student"));
    }
    BuiltinModels.writeTokenizer(checkpoint); // a stage checkpoint's tokenizer sits beside its student
    Path out1 = tmp.resolve("hf");
    assertThat(run("model", "export", checkpoint.toString(), out1.toString(), "--beam", "2"))
        .as(cli.err()).isZero();
    assertThat(this.cli.out()).contains("stock T5 (no remote code)");
    assertThat(Files.readString(out1.resolve("config.json"))).contains("\"model_type\" : \"t5\"")
        .contains("\"decoder_layer_map\" : [ 0, 11 ]").doesNotContain("auto_map");
    assertThat(out1.resolve("modeling_shears_t5.py")).doesNotExist();
    assertThat(out1.resolve("tokenizer_config.json")).exists();
    assertThat(Files.readString(out1.resolve("generation_config.json"))).contains("\"num_beams\" : 2");

    Path teacherOut = tmp.resolve("teacher");
    assertThat(run("model", "export", "--hf", "builtin:tiny-t5", teacherOut.toString())).as(cli.err()).isZero();
    assertThat(teacherOut.resolve("modeling_shears_t5.py")).exists(); // 12 decoder layers over 6 encoder layers
    assertThat(teacherOut.resolve("tokenizer_config.json")).exists();

    Path teacherDir = tmp.resolve("teacher-dir");
    try (NDManager m = NDManager.newBaseManager();
        T5Model teacher = T5Model.builtin("builtin:tiny-t5", 3, m)) {
      teacher.save(teacherDir);
    }
    BuiltinModels.writeTokenizer(teacherDir);
    Path evaluated = tmp.resolve("evaluated");
    assertThat(run("model", "export", checkpoint.toString(), evaluated.toString(), "--teacher",
        teacherDir.toString(), "--data", "builtin:synthetic-summarize", "--limit", "4", "--batch-size", "4", "--beam", "1", "--max-new-tokens", "8",
        "--warmup", "1", "--runs", "3")).as(cli.err()).isZero();
    assertThat(Files.readString(evaluated.resolve("README.md")))
        .containsPattern("\\| rougeL \\| [0-9.]+ \\| [0-9.]+ \\| ([0-9.]+ % \\([0-9.]+–[0-9.]+ %\\)|— \\(the "
            + "teacher scores 0\\)) \\| "
            + "[0-9.]+× \\([0-9.]+–[0-9.]+×\\) \\|")
        .contains("on 4 test examples");
    assertThat(run("model", "export", checkpoint.toString(), tmp.resolve("y").toString(), "--teacher",
        teacherDir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--teacher and --data go together");

    assertThat(run("model", "export", tmp.resolve("nothing").toString(), tmp.resolve("x").toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("SRC " + tmp.resolve("nothing")).contains("no config.json");
  }
}

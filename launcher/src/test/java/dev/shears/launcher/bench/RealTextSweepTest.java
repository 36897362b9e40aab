package dev.shears.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.PathRoots;
import dev.shears.launcher.CliRun;
import dev.shears.spec.ExperimentPlan;
import dev.shears.spec.SearchSpec;
import dev.shears.spec.SpecCompiler;
import dev.shears.spec.SpecLimits;
import dev.shears.spec.TrialPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-text sweep of {@code shears bench asha --teacher DIR --data DIR}, and how the command takes its inputs. */
class RealTextSweepTest {
  @TempDir
  Path dir;

  @Test
  void theSweepIsTheFullGridOnTheGivenTeacherAndDataWithTwoRungs() throws Exception {
    Path teacher = dir.resolve("models/teacher");
    Path data = dir.resolve("data/debian");
    byte[] json = AshaBenchmark.withInputs(AshaBenchmark.bundled(AshaBenchmark.REAL_TEXT_SPEC), teacher, data);
    ExperimentPlan plan = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(dir)::resolve).compile(json, "bench");
    assertThat(plan.trials()).hasSize(12);
    Set<String> grid = new HashSet<>();
    for (TrialPlan t : plan.trials()) {
      assertThat(t.typed().teacher().model()).isEqualTo(teacher.toString());
      assertThat(t.typed().teacher().finetuned()).isTrue();
      assertThat(t.typed().task().dataset()).isEqualTo(data.toString());
      grid.add(t.params().get("nash.decoderLayers") + "/" + t.params().get("nash.encoderSparsity") + "/"
          + t.params().get("training.lr"));
    }
    assertThat(grid).as("every point of 3 x 2 x 2 once").hasSize(12);
    SearchSpec search = plan.trials().get(0).typed().search();
    assertThat(search.scheduler()).isEqualTo(SearchSpec.Scheduler.ASHA);
    assertThat(search.metric()).isEqualTo(SearchSpec.ROUGE_L);
    assertThat(search.rungs()).containsExactly(10L, 40L);
    assertThat(search.maxSteps()).as("100 prune-encoder + 40 finetune-pruned steps").isEqualTo(140);
  }

  @Test
  void aTeacherWithoutDataIsRefusedNamingTheMissingOption() {
    CliRun cli = new CliRun();
    assertThat(cli.execute("bench", "asha", "--teacher", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--teacher needs --data");
  }

  @Test
  void aTeacherTooShallowForTheSweepIsRefusedBeforeAnythingStarts() throws Exception {
    Path data = Files.createDirectories(dir.resolve("debian"));
    for (String split : new String[] {"train.jsonl", "validation.jsonl", "test.jsonl"}) {
      Files.writeString(data.resolve(split), "{\"package\":\"p\",\"description\":\"d\",\"synopsis\":\"s\"}\n");
    }
    Path teacher = Files.createDirectories(dir.resolve("teacher"));
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 6, \"num_decoder_layers\": 2}");
    Files.writeString(teacher.resolve("model.safetensors"), "");
    Files.writeString(teacher.resolve("tokenizer.json"), "{}");
    Path work = dir.resolve("work");
    CliRun cli = new CliRun();
    assertThat(cli.execute("bench", "asha", "--teacher", teacher.toString(), "--data", data.toString(),
        "--work-dir", work.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("has 2 decoder layers; the real-text sweep keeps up to 3");
    assertThat(work).doesNotExist();
  }
}

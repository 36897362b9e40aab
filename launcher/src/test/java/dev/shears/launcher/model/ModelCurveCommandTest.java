package dev.shears.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.CliRun;
import dev.shears.trainer.validation.ValidationCurve;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCurveCommandTest {
  @TempDir
  Path dir;

  @Test
  void drawsBothFiguresAndPrintsTheBestPoint() throws Exception {
    ValidationCurve curve = new ValidationCurve();
    curve.add(new ValidationCurve.Point(100, 7.5, 7.0, 0.05, 60));
    curve.add(new ValidationCurve.Point(200, 6.0, 5.5, 0.21, 125));
    curve.add(new ValidationCurve.Point(300, 5.5, 5.4, 0.20, 190));
    curve.write(dir);

    CliRun cli = new CliRun();
    assertThat(cli.execute("model", "curve", dir.toString())).as(cli.err()).isZero();

    assertThat(cli.out()).contains("validations 3, last at step 300 after 3.2 min; highest ROUGE-L 21.00 (F1 × 100) at step 200 "
        + "(validation loss 5.5000)");
    for (String png : new String[] {ModelCurveCommand.ROUGE_PNG, ModelCurveCommand.LOSS_PNG}) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertThat(image.getWidth()).as(png).isPositive();
    }
  }

  @Test
  void aDirectoryWithoutACurveIsAClearError() {
    CliRun cli = new CliRun();
    assertThat(cli.execute("model", "curve", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("holds no curve.json").contains("teacher.finetune.validateEvery");
  }
}

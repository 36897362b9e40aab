package dev.shears.trainer.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationCurveTest {
  @TempDir
  Path dir;

  @Test
  void writesCsvAndJsonAndReadsTheJsonBack() throws Exception {
    ValidationCurve curve = new ValidationCurve();
    curve.add(new ValidationCurve.Point(100, 5.5, 5.25, 0.125, 60.0));
    curve.add(new ValidationCurve.Point(200, Double.NaN, 4.5, 0.25, 121.5));
    curve.add(new ValidationCurve.Point(300, 4.0, 4.25, 0.25, 180.0));
    curve.write(dir);

    assertThat(Files.readAllLines(dir.resolve(ValidationCurve.CSV_FILE))).containsExactly(
        "step,train_loss,validation_loss,rouge_l,wall_seconds",
        "100,5.500000,5.250000,0.125000,60.0",
        "200,NaN,4.500000,0.250000,121.5",
        "300,4.000000,4.250000,0.250000,180.0");
    ValidationCurve read = ValidationCurve.read(dir);
    assertThat(read.points()).hasSize(3);
    assertThat(read.points().get(1).trainLoss()).isNaN();
    assertThat(read.points().get(2)).isEqualTo(curve.points().get(2));
    assertThat(read.best().step()).isEqualTo(200); // the first of equal ROUGE-L
  }

  @Test
  void aDirectoryWithoutACurveReadsAsEmpty() {
    assertThat(ValidationCurve.read(dir).points()).isEmpty();
    assertThat(ValidationCurve.read(dir).best()).isNull();
  }
}

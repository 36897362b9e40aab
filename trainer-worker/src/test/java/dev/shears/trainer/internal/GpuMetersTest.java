package dev.shears.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.GpuInfo;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuMetersTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void eachDeviceShowsItsMemoryInBytesAndItsUtilisationAsARatio() {
    GpuMeters meters = new GpuMeters(List.of(0, 1), registry);
    assertThat(registry.get("shears.trainer.gpu.memory.used").tag("gpu", "0").gauge().value()).isNaN();

    meters.update(List.of(new GpuInfo(0, "H200", 1000, 250, 0.5), new GpuInfo(1, "H200", 1000, 1000, 0.0)), true);

    assertThat(registry.get("shears.trainer.gpu.memory.used").tag("gpu", "0").gauge().value())
        .isEqualTo(750 * 1024.0 * 1024.0);
    assertThat(registry.get("shears.trainer.gpu.memory.total").tag("gpu", "1").gauge().value())
        .isEqualTo(1000 * 1024.0 * 1024.0);
    assertThat(registry.get("shears.trainer.gpu.utilization.ratio").tag("gpu", "0").gauge().value()).isEqualTo(0.5);
    assertThat(registry.scrape()).contains("# TYPE shears_trainer_gpu_memory_used_bytes gauge",
        "# TYPE shears_trainer_gpu_memory_total_bytes gauge", "# TYPE shears_trainer_gpu_utilization_ratio gauge");
  }

  @Test
  void utilisationNotMeasuredIsNotANumberRatherThanZero() {
    GpuMeters meters = new GpuMeters(List.of(0), registry);
    meters.update(List.of(new GpuInfo(0, "cuda:0 (compute 90)", 1000, 250, 0.0)), false);

    assertThat(registry.get("shears.trainer.gpu.utilization.ratio").tag("gpu", "0").gauge().value()).isNaN();
  }

  @Test
  void aCpuTrainerRegistersNoGpuGauges() {
    new GpuMeters(List.of(), registry);

    assertThat(registry.scrape()).doesNotContain("shears_trainer_gpu");
  }
}

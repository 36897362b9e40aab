package dev.shears.ops;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * The meter registry of one Shears service, scraped as Prometheus text on its {@code /metrics}: Micrometer's JVM
 * (memory, GC, threads, class loading, version), process (CPU, uptime, open files) and system (CPU count and usage,
 * load) binders, and a {@code service} tag on every meter, so that services of one {@code shears up} (one JVM)
 * stay apart once scraped. Names follow docs/metrics.md.
 */
public final class ServiceMeters {
  /** The services, the only values of the {@code service} tag. */
  public static final Set<String> SERVICES = Set.of("orchestrator", "trainer", "evaluator", "dashboard");

  private ServiceMeters() {}

  /** A Prometheus registry for {@code service} with the JVM, process and system binders bound. */
  public static PrometheusMeterRegistry create(String service) {
    if (!SERVICES.contains(service)) {
      throw new IllegalArgumentException("Invalid service " + service + ": must be one of " + SERVICES);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }
}

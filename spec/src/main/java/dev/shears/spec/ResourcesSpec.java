package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code resources:} what one trial needs from a worker.
 *
 * @param gpus GPUs on one host, 0 = a CPU slot (default 1)
 * @param gpuMemoryGb memory on each of them (default 8)
 * @param priority higher runs first (default 0)
 */
public record ResourcesSpec(int gpus, double gpuMemoryGb, int priority) {
  public static final int DEFAULT_GPUS = 1;
  public static final double DEFAULT_GPU_MEMORY_GB = 8;

  static final Rule.Obj SCHEMA = obj(
      opt("gpus", new Rule.Int(0, 64), true),
      opt("gpuMemoryGb", new Rule.Num(0, false, 4096, true), true),
      opt("priority", new Rule.Int(-1000, 1000), true));

  static ResourcesSpec read(JsonNode root) {
    Section s = Section.of(root, "resources");
    return new ResourcesSpec(s.integer("gpus", DEFAULT_GPUS), s.number("gpuMemoryGb", DEFAULT_GPU_MEMORY_GB),
        s.integer("priority", 0));
  }
}

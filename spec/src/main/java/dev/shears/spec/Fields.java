package dev.shears.spec;

import dev.shears.spec.Rule.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The limits fields of several sections share, and the helpers each section's {@code SCHEMA} is written with.
 * Free of other spec classes, so that sections and methods can be initialised in any order.
 */
final class Fields {
  static final double INF = Double.MAX_VALUE;
  static final Rule POSITIVE = new Rule.Num(0, false, 1e6, true);
  static final Rule WEIGHT = new Rule.Num(0, true, 1e6, true);
  static final Rule LR = new Rule.Num(0, false, 1, true);
  static final Rule STEPS = new Rule.Int(0, 100_000_000);
  static final Rule COUNT = new Rule.Int(1, 100_000_000);
  static final Rule SPARSITY = new Rule.Num(0, true, 1, false);
  static final Rule SEED = new Rule.Int(Integer.MIN_VALUE, Integer.MAX_VALUE);
  static final Set<String> SELECTIONS = Set.of("uniform", "uniform-paper", "low", "high", "l0");

  private Fields() {}

  /** One named field of an object. */
  record Entry(String name, Field field) {}

  static Entry req(String name, Rule rule, boolean sweepable) {
    return new Entry(name, new Field(rule, true, sweepable));
  }

  static Entry opt(String name, Rule rule, boolean sweepable) {
    return new Entry(name, new Field(rule, false, sweepable));
  }

  static Rule.Obj obj(Entry... entries) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Entry e : entries) {
      fields.put(e.name(), e.field());
    }
    return new Rule.Obj(fields);
  }
}

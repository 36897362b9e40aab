package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The registry of pruning methods. Adding a method means one {@link MethodSpec} record (with its section's schema
 * and its {@link PruningMethod} entry), its stage(s) in the trainer, one line here, and tests.
 */
public final class PruningMethods {
  private static final List<PruningMethod> ALL = List.of(
      NashSpec.METHOD,
      CofiSpec.METHOD,
      UniformOnlySpec.METHOD,
      DistillSmallSpec.METHOD,
      NumericalSpec.METHOD,
      TeacherContinuedSpec.METHOD);

  /** The fields of a spec that decide its method record. */
  private static final Rule.Obj METHOD_FIELDS = methodFields();

  private PruningMethods() {}

  private static Rule.Obj methodFields() {
    List<Fields.Entry> entries = new ArrayList<>();
    entries.add(Fields.req("method", new Rule.OneOf(names()), true));
    ALL.forEach(m -> entries.add(Fields.opt(m.name(), m.section(), false)));
    return Fields.obj(entries.toArray(Fields.Entry[]::new));
  }

  /** Every method, in the order forms and help texts list them. */
  public static List<PruningMethod> all() {
    return ALL;
  }

  /** Every method as JSON, in registry order, for {@code GET /api/methods} and forms. */
  public static ArrayNode describe() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    ALL.forEach(m -> out.add(m.describe()));
    return out;
  }

  /** Every method's name, sorted. */
  public static Set<String> names() {
    return ALL.stream().map(PruningMethod::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The method called {@code name}, if there is one. */
  public static Optional<PruningMethod> find(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * The method record of a spec without sweeps, reading only {@code method} and the method sections (its own and
   * {@code nash:}) and ignoring the rest, for labels of trials whose other sections are not at hand.
   *
   * @throws InvalidSpecException naming what is wrong with those fields
   */
  public static MethodSpec methodOf(JsonNode spec) throws InvalidSpecException {
    ObjectNode part = JsonNodeFactory.instance.objectNode();
    if (spec != null && spec.isObject()) {
      for (String field : METHOD_FIELDS.fields().keySet()) {
        if (spec.has(field)) {
          part.set(field, spec.get(field));
        }
      }
    }
    List<SpecProblem> problems = new ArrayList<>();
    SpecCompiler.checkConcrete(part, METHOD_FIELDS, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return of(part.get("method").asText()).read(part);
  }

  /**
   * The method called {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods
   */
  public static PruningMethod of(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("method: unknown method '" + name
        + "'; use one of " + names()));
  }
}

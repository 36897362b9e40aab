package dev.shears.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * One pruning method as every part of Shears sees it: its name in specs ({@code method: …}, which is also the name
 * of its section), its spec record, its stage plan, and how it reports sparsity. The trainer maps stage names to
 * stage implementations; reports, figures and the submit form read labels and descriptions from here.
 */
public final class PruningMethod {
  /** The part of the model a method's sparsity target and reported sparsity refer to. */
  public enum SparsityScope {
    /** Encoder parameters only (the decoder's depth is chosen separately). */
    ENCODER,
    /** The whole model's prunable parameters. */
    MODEL
  }

  private final String name;
  private final String title;
  private final String summary;
  private final Class<? extends MethodSpec> specType;
  private final List<String> stages;
  private final SparsityScope sparsityScope;
  private final String targetField;
  private final Rule.Obj section;
  private final Function<JsonNode, MethodSpec> reader;

  PruningMethod(String name, String title, String summary, Class<? extends MethodSpec> specType,
      List<String> stages, SparsityScope sparsityScope, String targetField, Rule.Obj section,
      Function<JsonNode, MethodSpec> reader) {
    this.name = requireNonNull(name, "name");
    this.title = requireNonNull(title, "title");
    this.summary = requireNonNull(summary, "summary");
    this.specType = requireNonNull(specType, "specType");
    this.stages = List.copyOf(stages);
    this.sparsityScope = requireNonNull(sparsityScope, "sparsityScope");
    this.targetField = targetField;
    if (targetField != null && !section.fields().containsKey(targetField)) {
      throw new IllegalArgumentException("method " + name + ": target field " + targetField + " is not in its section");
    }
    this.section = requireNonNull(section, "section");
    this.reader = requireNonNull(reader, "reader");
  }

  /** The name in specs, e.g. {@code nash}; also the name of the method's section. */
  public String name() {
    return name;
  }

  /** How papers and reports name it, e.g. {@code NASH}, {@code CoFi-T5}. */
  public String title() {
    return title;
  }

  /** One sentence on what it does, for the submit form and help texts. */
  public String summary() {
    return summary;
  }

  /** The record its section is read into. */
  public Class<? extends MethodSpec> specType() {
    return specType;
  }

  /** The stages it runs, in order. */
  public List<String> stages() {
    return stages;
  }

  /** What its sparsity target and its reported sparsity refer to. */
  public SparsityScope sparsityScope() {
    return sparsityScope;
  }

  /** The field of its section that sets its sparsity target, or null when it has none. */
  public String targetField() {
    return targetField;
  }

  /** The fields of its section with their limits, for forms: name to a JSON description. */
  public JsonNode describeSection() {
    return section.schema();
  }

  /** The whole entry as JSON ({@code GET /api/methods}): name, title, summary, stages, scope, target, section. */
  public ObjectNode describe() {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("name", name).put("title", title)
        .put("summary", summary).put("sparsityScope", sparsityScope.name().toLowerCase(java.util.Locale.ROOT))
        .put("targetField", targetField);
    stages.forEach(out.putArray("stages")::add);
    out.set("section", section.schema());
    return out;
  }

  Rule.Obj section() {
    return section;
  }

  /** Reads its record from a validated spec. */
  MethodSpec read(JsonNode spec) {
    return reader.apply(spec);
  }

  @Override
  public String toString() {
    return name;
  }
}

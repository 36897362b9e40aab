package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;
import static dev.shears.spec.Fields.req;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * {@code task:} what the models are trained and evaluated on.
 *
 * @param dataset a built-in dataset ({@code builtin:…}) or a JSONL file, resolved to an absolute path at submission
 * @param metric rouge | meteor | em | f1 | squad | accuracy (default rouge)
 * @param inputField the JSONL field of the input (default {@code input}; required for a file)
 * @param targetField the JSONL field of the target (default {@code target}; required for a file)
 */
public record TaskSpec(String dataset, String metric, String inputField, String targetField) {
  /** The built-in datasets. */
  public static final List<String> DATASETS = List.of("builtin:synthetic-summarize", "builtin:synthetic-qa");
  public static final String DEFAULT_METRIC = "rouge";

  static final Rule.Obj SCHEMA = obj(
      req("dataset", new Rule.Location(PathResolver.DATA, DATASETS), true),
      opt("metric", new Rule.OneOf(Set.of("rouge", "meteor", "em", "f1", "squad", "accuracy")), true),
      opt("inputField", new Rule.Text(200), false),
      opt("targetField", new Rule.Text(200), false));

  /** Whether the dataset is one of the built-ins rather than a file. */
  public boolean builtin() {
    return dataset.startsWith("builtin:");
  }

  /** This task on {@code dataset} (a resolved path, say). */
  public TaskSpec withDataset(String dataset) {
    return new TaskSpec(dataset, metric, inputField, targetField);
  }

  static TaskSpec read(JsonNode root) {
    Section s = Section.of(root, "task");
    return new TaskSpec(s.text("dataset", null), s.text("metric", DEFAULT_METRIC), s.text("inputField", "input"),
        s.text("targetField", "target"));
  }
}

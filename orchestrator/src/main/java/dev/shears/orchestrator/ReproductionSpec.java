package dev.shears.orchestrator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.SpecLimits;
import dev.shears.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The real-text reproduction of {@code shears reproduce} ({@code reproduce.yaml}, and {@code reproduce-quick.yaml}
 * for {@code --quick}): bundled specs whose teacher and dataset are filled in with the directories the user gives.
 */
public final class ReproductionSpec {
  /**
   * Where {@code shears reproduce} reads the splits unless told otherwise, and what the bundled specs name as
   * {@code task.dataset}: the directory named after the command that writes it, {@code shears data
   * debian-descriptions}.
   */
  public static final String DEFAULT_DATA = "data/debian-descriptions";
  /** Where {@code shears reproduce} finds the teacher unless told otherwise, and the bundled specs' {@code teacher.model}. */
  public static final String DEFAULT_TEACHER = "models/teacher";

  /** Which reproduction: every arm and seed, or the quick subset. */
  public enum Scale {
    FULL("reproduce.yaml"),
    QUICK("reproduce-quick.yaml");

    private final String resource;

    Scale(String resource) {
      this.resource = resource;
    }

    /** The bundled file. */
    public String resource() {
      return resource;
    }
  }

  private ReproductionSpec() {}

  /** The bundled spec as written (placeholder teacher and dataset), YAML bytes. */
  public static byte[] yaml(Scale scale) {
    return BundledSpecs.read(scale.resource());
  }

  /**
   * The spec to submit, as JSON: {@code teacher.model} and {@code task.dataset} set to {@code teacher} and
   * {@code data}, and an idempotency key derived from the whole filled-in spec, so running the same reproduction
   * again against a running orchestrator follows the experiment already there, while another teacher or dataset
   * makes a new one.
   */
  public static byte[] forInputs(Scale scale, Path teacher, Path data) {
    ObjectNode root;
    try {
      root = (ObjectNode) new SpecReader(SpecLimits.DEFAULT).read(yaml(scale), scale.resource());
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("The bundled spec " + scale.resource() + " does not parse: " + e.problems(), e);
    }
    fillInputs(root, teacher, data);
    String base = root.path("idempotencyKey").asText();
    root.remove("idempotencyKey");
    root.put("idempotencyKey", base + "-" + digest(root.toString()));
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sets the spec's {@code teacher.model} and {@code task.dataset} to {@code teacher} and {@code data}, adding either
   * section where the spec has none: how a bundled real-text spec is pointed at the user's directories.
   */
  public static void fillInputs(ObjectNode root, Path teacher, Path data) {
    section(root, "teacher").put("model", teacher.toString());
    section(root, "task").put("dataset", data.toString());
  }

  private static ObjectNode section(ObjectNode root, String name) {
    return root.get(name) instanceof ObjectNode section ? section : root.putObject(name);
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

package dev.shears.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a spec document, YAML or JSON, into a JSON tree within {@link SpecLimits}. YAML anchors and aliases
 * (and {@code <<} merge keys) are expanded, but SnakeYAML's {@link LoaderOptions} cap the aliases, the nesting
 * and the document size, and the expansion itself stops at {@link SpecLimits#maxNodes()}, so an alias bomb is
 * rejected instead of expanded. Duplicate keys are errors in both formats. Thread-safe.
 */
public final class SpecReader {
  /** The syntax of a document. */
  public enum Format {
    JSON,
    YAML;

    /** The format a media type or file name names, or null when it names neither. */
    public static Format fromHint(String hint) {
      if (hint == null) {
        return null;
      }
      String h = hint.toLowerCase(Locale.ROOT);
      if (h.contains("json")) {
        return JSON;
      }
      if (h.contains("yaml") || h.endsWith(".yml")) {
        return YAML;
      }
      return null;
    }
  }

  private final SpecLimits limits;
  private final ObjectMapper json;

  public SpecReader(SpecLimits limits) {
    this.limits = limits;
    JsonMapper mapper = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNesting())
        .maxDocumentLength(limits.maxDocumentBytes())
        .build());
    this.json = mapper;
  }

  /**
   * Parses a document.
   *
   * @param body the raw bytes, UTF-8
   * @param hint a media type or file name that names the format, or null to tell from the first character
   * @throws InvalidSpecException naming the line and column of a syntax error, or the limit exceeded
   */
  public JsonNode read(byte[] body, String hint) throws InvalidSpecException {
    if (body == null || body.length == 0) {
      throw new InvalidSpecException("$", "the spec is empty");
    }
    if (body.length > limits.maxDocumentBytes()) {
      throw new InvalidSpecException("$", "the spec is " + body.length + " bytes, above the limit of "
          + limits.maxDocumentBytes());
    }
    String text = utf8(body);
    Format format = Format.fromHint(hint);
    if (format == null) {
      format = text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML;
    }
    JsonNode root = format == Format.JSON ? readJson(text) : readYaml(text);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InvalidSpecException("$", "the spec is empty");
    }
    if (!root.isObject()) {
      throw new InvalidSpecException("$", "the spec must be an object (a mapping of fields), was "
          + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return root;
  }

  private static String utf8(byte[] body) throws InvalidSpecException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidSpecException("$", "the spec is not valid UTF-8");
    }
  }

  private JsonNode readJson(String text) throws InvalidSpecException {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new InvalidSpecException("$", "JSON: " + firstLine(e.getMessage()));
    }
  }

  private JsonNode readYaml(String text) throws InvalidSpecException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(limits.maxAliases());
    options.setCodePointLimit(limits.maxDocumentBytes());
    options.setNestingDepthLimit(limits.maxNesting());
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
          + ", column " + (e.getProblemMark().getColumn() + 1);
      throw new InvalidSpecException("$", "YAML: " + e.getProblem() + where);
    } catch (YAMLException e) {
      throw new InvalidSpecException("$", "YAML: " + firstLine(e.getMessage()));
    }
    if (root == null) {
      return null;
    }
    List<SpecProblem> problems = new ArrayList<>();
    JsonNode tree = new Expansion(problems).convert(root, "", 0);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return tree;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Converts a composed YAML node graph into a tree, counting every node produced by alias expansion. */
  private final class Expansion {
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<SpecProblem> problems;
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private int produced;

    Expansion(List<SpecProblem> problems) {
      this.problems = problems;
    }

    JsonNode convert(Node node, String path, int depth) {
      if (!problems.isEmpty()) {
        return nodes.nullNode();
      }
      String at = path.isEmpty() ? "$" : path;
      if (++produced > limits.maxNodes()) {
        problems.add(new SpecProblem("$", "the spec expands to more than " + limits.maxNodes()
            + " values (anchors and aliases included); it is rejected as an alias bomb"));
        return nodes.nullNode();
      }
      if (depth > limits.maxNesting()) {
        problems.add(new SpecProblem(at, "nested deeper than " + limits.maxNesting() + " levels"));
        return nodes.nullNode();
      }
      if (onPath.put(node, Boolean.TRUE) != null) {
        problems.add(new SpecProblem(at, "an alias refers to one of its own ancestors"));
        return nodes.nullNode();
      }
      try {
        if (node instanceof ScalarNode scalar) {
          return scalar(scalar, at);
        }
        if (node instanceof SequenceNode sequence) {
          ArrayNode array = nodes.arrayNode();
          List<Node> items = sequence.getValue();
          for (int i = 0; i < items.size(); i++) {
            array.add(convert(items.get(i), path + "[" + i + "]", depth + 1));
          }
          return array;
        }
        ObjectNode object = nodes.objectNode();
        mapping((MappingNode) node, path, depth, object, false);
        return object;
      } finally {
        onPath.remove(node);
      }
    }

    private void mapping(MappingNode mapping, String path, int depth, ObjectNode into, boolean merged) {
      List<Node> merges = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          merges.add(tuple.getValueNode());
          continue;
        }
        if (!(keyNode instanceof ScalarNode key)) {
          problems.add(new SpecProblem(path.isEmpty() ? "$" : path, "keys must be plain strings"));
          return;
        }
        String name = key.getValue();
        String child = path.isEmpty() ? name : path + "." + name;
        if (into.has(name)) {
          if (!merged) {
            problems.add(new SpecProblem(child, "duplicate key"));
          }
          continue;
        }
        into.set(name, convert(tuple.getValueNode(), child, depth + 1));
      }
      // Explicit keys win over merged ones (YAML merge-key semantics).
      for (Node merge : merges) {
        List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
        for (Node source : sources) {
          if (!(source instanceof MappingNode m)) {
            problems.add(new SpecProblem(path.isEmpty() ? "$" : path, "a << merge key needs a mapping"));
            return;
          }
          if (++produced > limits.maxNodes()) {
            problems.add(new SpecProblem("$", "the spec expands to more than " + limits.maxNodes() + " values"));
            return;
          }
          mapping(m, path, depth, into, true);
        }
      }
    }

    private JsonNode scalar(ScalarNode scalar, String at) {
      String value = scalar.getValue();
      Tag tag = scalar.getTag();
      if (tag.equals(Tag.NULL)) {
        return nodes.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        String v = value.toLowerCase(Locale.ROOT);
        return nodes.booleanNode(v.equals("true") || v.equals("yes") || v.equals("on"));
      }
      if (tag.equals(Tag.INT)) {
        String v = value.replace("_", "");
        try {
          int sign = v.startsWith("-") ? -1 : 1;
          String digits = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
          BigInteger parsed;
          if (digits.startsWith("0x")) {
            parsed = new BigInteger(digits.substring(2), 16);
          } else if (digits.startsWith("0b")) {
            parsed = new BigInteger(digits.substring(2), 2);
          } else {
            parsed = new BigInteger(digits, 10);
          }
          parsed = sign < 0 ? parsed.negate() : parsed;
          if (parsed.bitLength() < 32) {
            return nodes.numberNode(parsed.intValue());
          }
          return parsed.bitLength() < 64 ? nodes.numberNode(parsed.longValue()) : nodes.numberNode(parsed);
        } catch (NumberFormatException e) {
          problems.add(new SpecProblem(at, "cannot read integer '" + value + "'"));
          return nodes.nullNode();
        }
      }
      if (tag.equals(Tag.FLOAT)) {
        String v = value.replace("_", "").toLowerCase(Locale.ROOT);
        if (v.endsWith(".nan")) {
          return nodes.numberNode(Double.NaN);
        }
        if (v.endsWith(".inf")) {
          return nodes.numberNode(v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        try {
          return nodes.numberNode(Double.parseDouble(v));
        } catch (NumberFormatException e) {
          problems.add(new SpecProblem(at, "cannot read number '" + value + "'"));
          return nodes.nullNode();
        }
      }
      return nodes.textNode(value);
    }
  }
}

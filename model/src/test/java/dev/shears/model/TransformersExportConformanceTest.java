package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pruning shape, written by {@link HfExport}, loads in stock Hugging Face transformers
 * ({@code AutoModelForSeq2SeqLM.from_pretrained(dir, trust_remote_code=True)}) with no missing, unexpected or
 * resized tensor, the same parameter count, the same logits and the same greedy and 4-beam tokens as Shears; a
 * directory transformers saved again ({@code save_pretrained}) loads back into Shears with the same logits.
 *
 * <p>Needs Python with torch and transformers: {@code -Dshears.hf.python=PATH} (the pom points it at the venv
 * {@code .ci/run} creates). {@code -Dshears.hf.skip=true} skips the class on a machine without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransformersExportConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NEW = 12;
  private static final long[][] IDS = {{5, 9, 13, 20, 7, 30, 8, 1}, {8, 30, 2, 11, 1, 0, 0, 0}, {17, 1, 0, 0, 0, 0, 0, 0}};
  private static final long[][] MASK = {{1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 0, 0, 0}, {1, 1, 0, 0, 0, 0, 0, 0}};
  private static final long[][] DEC = {{0, 4, 6, 8, 9}, {0, 10, 12, 14, 3}, {0, 7, 7, 2, 5}};

  static final T5Config RELU = new T5Config(
      BuiltinVocabulary.modelVocabSize(), 32, 8, 48, 3, 4, 4, 8, 20, 0.0, 1e-6, 1.0, "relu", true, true, 0, 1, 0);
  static final T5Config GATED = new T5Config(
      BuiltinVocabulary.modelVocabSize(), 32, 8, 40, 3, 3, 4, 8, 20, 0.0, 1e-6, 1.0, "gated-gelu", false, false,
      0, 1, 0);

  static final T5Config GATED_BPE = new T5Config(
      400, 32, 8, 40, 2, 2, 4, 8, 20, 0.0, 1e-6, 1.0, "gated-silu", false, false, 0, 1, 0);
  private static final String BPE_TEXT = "This package contains all the required files to add support for Amharic.";

  private NDManager manager;
  private Path root;
  private final Map<String, T5Model> models = new LinkedHashMap<>();
  private JsonNode result;

  /** Shape name → how to make it from a freshly initialised model. */
  private Map<String, Function<NDManager, T5Model>> shapes() {
    Map<String, Function<NDManager, T5Model>> s = new LinkedHashMap<>();
    s.put("teacher-v1_0-deep-decoder", m -> T5Model.initialize(RELU, 1, m));
    s.put("layer-selection-v1_1", m -> select(T5Model.initialize(GATED, 2, m), 0, 2));
    s.put("encoder-heads-ffn-v1_0", m -> {
      T5Model selected = select(T5Model.initialize(RELU, 3, m), 1, 3);
      return prune(selected, Gates.builder()
          .optEncoderHeads(m.create(new float[] {1, 0, 0.5f, 1, 0, 1, 1, 1, 0, 0, 0.8f, 0}, new Shape(3, 4)))
          .optEncoderFfn(random(m, 3, 48, 4))
          .build());
    });
    s.put("decoder-heads-ffn-emptied-v1_1", m -> prune(T5Model.initialize(GATED, 5, m), Gates.builder()
        .optEncoderHeads(m.create(new float[] {1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1}, new Shape(3, 4)))
        .optEncoderAttentionLayers(m.create(new float[] {0, 1, 1}))
        .optEncoderFfnLayers(m.create(new float[] {1, 1, 0}))
        .optDecoderSelfHeads(m.create(new float[] {1, 1, 1, 1, 0, 1, 0.7f, 0, 1, 0, 0, 1}, new Shape(3, 4)))
        .optDecoderSelfAttentionLayers(m.create(new float[] {0, 1, 1}))
        .optDecoderCrossHeads(m.create(new float[] {0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0}, new Shape(3, 4)))
        .optDecoderCrossAttentionLayers(m.create(new float[] {1, 0, 1}))
        .optDecoderFfn(random(m, 3, 40, 6))
        .optDecoderFfnLayers(m.create(new float[] {1, 1, 0}))
        .build()));
    s.put("emptied-first-cross-v1_0", m -> {
      T5Model selected = select(T5Model.initialize(RELU, 7, m), 0, 2, 3);
      return prune(selected, Gates.builder()
          .optDecoderCrossAttentionLayers(m.create(new float[] {0, 1, 1}))
          .optDecoderSelfHeads(m.create(new float[] {1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0}, new Shape(3, 4)))
          .optDecoderFfnLayers(m.create(new float[] {0, 1, 1}))
          .optEncoderFfn(random(m, 3, 48, 8))
          .build());
    });
    s.put("bpe-tokenizer-v1_1-silu", m -> prune(T5Model.initialize(GATED_BPE, 9, m), Gates.builder()
        .optEncoderFfn(random(m, 2, 40, 10))
        .optDecoderCrossHeads(m.create(new float[] {1, 0, 1, 1, 0, 0, 1, 0}, new Shape(2, 4)))
        .build()));
    return s;
  }

  /** The tokenizer an export of {@code shape} carries: the subword one of the real-text pipeline, or the built-in. */
  private String tokenizerFrom(String shape, Path tmp) throws IOException {
    if (!shape.startsWith("bpe-")) {
      return BuiltinModels.TINY_T5;
    }
    Path dir = Files.createDirectories(tmp.resolve("bpe-tokenizer"));
    try (InputStream in = getClass().getResourceAsStream("/tokenizer/tokenizer.json")) {
      Files.copy(in, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir.toString();
  }

  private static String text(String shape) {
    return shape.startsWith("bpe-") ? BPE_TEXT : String.join(" ", BuiltinVocabulary.tokens().subList(10, 16));
  }

  @BeforeAll
  void exportAndLoadInTransformers(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("shears.hf.skip"),
        "shears.hf.skip=true: the transformers conformance test is skipped");
    String python = System.getProperty("shears.hf.python");
    if (python == null || python.isBlank() || !Files.isExecutable(Path.of(python))) {
      fail("No Python with torch and transformers at shears.hf.python=" + python + ". Run .ci/run once (it creates "
          + "the venv), or point -Dshears.hf.python at a python that has them, or skip this class with "
          + "-Dshears.hf.skip=true");
    }
    root = tmp;
    manager = NDManager.newBaseManager();
    ObjectNode request = JSON.createObjectNode();
    request.set("input_ids", JSON.valueToTree(IDS));
    request.set("attention_mask", JSON.valueToTree(MASK));
    request.set("decoder_input_ids", JSON.valueToTree(DEC));
    request.put("max_new_tokens", MAX_NEW);
    ArrayNode cases = request.putArray("cases");
    for (Map.Entry<String, Function<NDManager, T5Model>> e : shapes().entrySet()) {
      T5Model model = e.getValue().apply(manager);
      models.put(e.getKey(), model);
      Path dir = tmp.resolve(e.getKey());
      HfExport.write(model, dir, tokenizerFrom(e.getKey(), tmp), GenerationConfig.beam(4, 32),
          ModelCard.plain(e.getKey(), "builtin:tiny-t5"));
      ObjectNode c = cases.addObject();
      c.put("name", e.getKey());
      c.put("dir", dir.toString());
      c.put("resaved", tmp.resolve("resaved").resolve(e.getKey()).toString());
      c.put("text", text(e.getKey()));
    }
    Path req = tmp.resolve("request.json");
    Path res = tmp.resolve("result.json");
    JSON.writeValue(req.toFile(), request);
    Path script = tmp.resolve("transformers_conformance.py");
    try (InputStream in = getClass().getResourceAsStream("/hf/transformers_conformance.py")) {
      Files.copy(in, script);
    }
    ProcessBuilder pb = new ProcessBuilder(python, script.toString(), req.toString(), res.toString())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("HF_HUB_OFFLINE", "1");
    pb.environment().put("TRANSFORMERS_VERBOSITY", "error");
    pb.environment().put("HF_MODULES_CACHE", tmp.resolve("hf-modules").toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("transformers did not finish within 300 s:\n" + new String(out, StandardCharsets.UTF_8));
    }
    if (p.exitValue() != 0) {
      fail("transformers failed (exit " + p.exitValue() + "):\n" + new String(out, StandardCharsets.UTF_8));
    }
    result = JSON.readTree(res.toFile());
  }

  @AfterAll
  void close() {
    models.values().forEach(T5Model::close);
    if (manager != null) {
      manager.close();
    }
  }

  List<String> shapeNames() {
    return new ArrayList<>(shapes().keySet());
  }

  @ParameterizedTest
  @MethodSource("shapeNames")
  void loadsWithTheSameParametersLogitsAndTokens(String shape) {
    T5Model model = models.get(shape);
    JsonNode r = result.path("cases").path(shape);
    String versions = " (transformers " + result.path("transformers").asText() + ")";
    assertThat(r.path("missing")).as("missing tensors" + versions).isEmpty();
    assertThat(r.path("unexpected")).as("unexpected tensors" + versions).isEmpty();
    assertThat(r.path("mismatched")).as("resized tensors" + versions).isEmpty();
    assertThat(r.path("params").asLong()).as("parameters" + versions).isEqualTo(model.numParameters());
    boolean stock = HfConfigJson.loadsAsStockT5(model.config(), model.layout());
    assertThat(r.path("class").asText())
        .isEqualTo(stock ? "T5ForConditionalGeneration" : "ShearsT5ForConditionalGeneration");
    assertThat(Files.exists(root.resolve(shape).resolve(HfConfigJson.MODELING_FILE))).isEqualTo(!stock);
    float[] expected = logits(model);
    float[] actual = floats(r.path("logits"));
    assertLogitsClose(actual, expected, "logits" + versions);
    Generator gen = new Generator(model);
    assertThat(tokens(r.path("greedy"))).as("greedy tokens" + versions)
        .containsExactlyElementsOf(gen.generate(ids(IDS), ids(MASK), GenerationConfig.greedy(MAX_NEW)));
    assertThat(tokens(r.path("beam"))).as("4-beam tokens" + versions)
        .containsExactlyElementsOf(gen.generate(ids(IDS), ids(MASK), GenerationConfig.beam(4, MAX_NEW)));
    assertThat(r.path("generation_num_beams").asInt()).isEqualTo(4);
    try (T5Tokenizer tok = T5Tokenizer.load(root.resolve(shape))) {
      int[] expectedIds = tok.encode(text(shape));
      assertThat(ints(r.path("text_ids"))).as("AutoTokenizer ids").containsExactly(expectedIds);
      assertThat(r.path("decoded").asText()).as("AutoTokenizer decode").isEqualTo(tok.decode(expectedIds));
    }
    float scale = maxAbs(expected);
    float diff = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf(java.util.Locale.ROOT, "conformance %s%s: %,d parameters, %s, max |Δlogit| %.2e = %.2e of the "
        + "largest |logit| %.2f; greedy and 4-beam tokens equal%n", shape, versions, model.numParameters(),
        r.path("class").asText(), diff, diff / scale, scale);
  }

  private static float maxAbs(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  @ParameterizedTest
  @MethodSource("shapeNames")
  void aDirectoryTransformersSavedAgainLoadsBackIntoShears(String shape) {
    T5Model model = models.get(shape);
    try (T5Model again = T5Model.load(root.resolve("resaved").resolve(shape), manager)) {
      assertThat(again.numParameters()).isEqualTo(model.numParameters());
      assertThat(again.config().numDecoderLayers()).isEqualTo(model.config().numDecoderLayers());
      assertThat(again.layout().decoderLayerMap()).containsExactly(model.layout().decoderLayerMap());
      assertThat(again.layout().encoderHeads()).isDeepEqualTo(model.layout().encoderHeads());
      assertThat(again.layout().decoderCrossHeads()).isDeepEqualTo(model.layout().decoderCrossHeads());
      assertLogitsClose(logits(again), logits(model), "logits after save_pretrained");
    }
  }

  private float[] logits(T5Model model) {
    return model.logits(ids(IDS), ids(MASK), ids(DEC), null, Gates.none()).toFloatArray();
  }

  /** Within 1e-4 of the logits' largest magnitude (float32 accumulation over different kernels). */
  private static void assertLogitsClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what + " size").hasSameSizeAs(expected);
    float tol = 1e-4f * Math.max(1f, maxAbs(expected));
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("%s[%d] (tolerance %g)", what, i, tol)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
    }
  }

  private NDArray ids(long[][] rows) {
    long[] flat = new long[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
    }
    return manager.create(flat, new Shape(rows.length, rows[0].length));
  }

  private static T5Model select(T5Model model, int... keep) {
    T5Model selected = model.withDecoderLayers(keep);
    model.close();
    return selected;
  }

  private static T5Model prune(T5Model model, Gates gates) {
    T5Model pruned = PhysicalPruner.prune(model, gates);
    model.close();
    return pruned;
  }

  private static NDArray random(NDManager m, int layers, int width, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] v = new float[layers * width];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(3) == 0 ? 0f : 0.5f + 0.5f * r.nextFloat();
    }
    return m.create(v, new Shape(layers, width));
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static List<int[]> tokens(JsonNode rows) {
    List<int[]> out = new ArrayList<>();
    rows.forEach(r -> out.add(ints(r)));
    return out;
  }
}

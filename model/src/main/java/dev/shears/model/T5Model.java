package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A T5 encoder–decoder (v1.0 and v1.1) as a named parameter map on DJL's PyTorch engine.
 *
 * <p>This departs from DJL's {@code AbstractBlock} recipe on purpose: the parameters are an ordered
 * map keyed by Hugging Face tensor names ({@code encoder.block.0.layer.0.SelfAttention.q.weight},
 * …), so loading and saving the HF layout is a rename-free copy, layer selection and physical pruning
 * are map transformations, and pruned layers may have different widths (which fixed child blocks
 * cannot express). The forward pass is a function of this map (see {@link #forward}).
 *
 * <p>Shape letters: B batch, S source length, T target length, D d_model, H heads, K d_kv, F d_ff, V
 * vocabulary. For training, call {@code setRequiresGradient(true)} on {@link #parameters()} values
 * and run the forward pass inside a {@code GradientCollector}.
 *
 * <p>A model owns its NDManager (a child of the one it was created with); {@link #close()} frees its
 * weights. Not thread-safe for concurrent mutation; concurrent forward passes are fine.
 */
public final class T5Model implements AutoCloseable {
  /** HF weights file name. */
  public static final String WEIGHTS_FILE = "model.safetensors";
  /** HF config file name. */
  public static final String CONFIG_FILE = "config.json";

  private final T5Config config;
  private final PruningInfo layout;
  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final T5Layers layers;
  private final T5Layers trainingLayers;

  private T5Model(T5Config config, PruningInfo layout, NDManager manager, Map<String, NDArray> params) {
    this.config = config;
    this.layout = layout;
    this.manager = manager;
    this.params = params;
    this.layers = new T5Layers(config, layout, params);
    this.trainingLayers = new T5Layers(config, layout, params, (float) config.dropoutRate());
  }

  /**
   * Builds a model from tensors already named the HF way. The tensors are attached to the new
   * model's manager; their shapes are checked against {@code config} and {@code layout}.
   */
  public static T5Model of(
      T5Config config, PruningInfo layout, Map<String, NDArray> tensors, NDManager parent) {
    layout.validate(config);
    Map<String, Shape> expected = expectedShapes(config, layout);
    NDManager own = parent.newSubManager();
    Map<String, NDArray> ordered = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Shape> e : expected.entrySet()) {
        NDArray a = tensors.get(e.getKey());
        if (a == null) {
          throw new ModelFormatException("Missing tensor " + e.getKey() + " (expected shape " + e.getValue() + ")");
        }
        if (!a.getShape().equals(e.getValue())) {
          throw new ModelFormatException(
              "Tensor " + e.getKey() + " has shape " + a.getShape() + " but the config implies "
                  + e.getValue());
        }
        NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
        f.attach(own);
        ordered.put(e.getKey(), f);
      }
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
    return new T5Model(config, layout, own, ordered);
  }

  /**
   * Loads an HF model directory: {@code config.json}, {@code model.safetensors} (F32, F16 or BF16),
   * and {@code pruning.json} when present. Accepts HF's tied checkpoints without {@code
   * lm_head.weight} or per-stack {@code embed_tokens}: the LM head is separate exactly when the file
   * holds {@code lm_head.weight}.
   */
  public static T5Model load(Path dir, NDManager parent) {
    if (!Files.isDirectory(dir)) {
      throw new ModelFormatException("Model directory " + dir + " does not exist");
    }
    Path configFile = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new ModelFormatException("Missing " + CONFIG_FILE + " in " + dir);
    }
    T5Config config = T5Config.read(configFile);
    Path pruningFile = dir.resolve(PruningInfo.FILE_NAME);
    PruningInfo layout;
    if (Files.isRegularFile(pruningFile)) {
      layout = PruningInfo.read(pruningFile);
      try {
        layout.validate(config);
      } catch (ModelFormatException e) {
        throw new ModelFormatException(pruningFile + ": " + e.getMessage(), e);
      }
    } else {
      layout = layoutInConfig(configFile, config);
    }
    Path weights = dir.resolve(WEIGHTS_FILE);
    try (NDManager staging = parent.newSubManager()) {
      Map<String, NDArray> raw = SafeTensors.read(weights, staging);
      if (!raw.containsKey("shared.weight")) {
        for (String alias : List.of("encoder.embed_tokens.weight", "decoder.embed_tokens.weight")) {
          if (raw.containsKey(alias)) {
            raw.put("shared.weight", raw.get(alias));
            break;
          }
        }
      }
      boolean separateHead = raw.containsKey("lm_head.weight");
      if (!separateHead && !config.tieWordEmbeddings()) {
        throw new ModelFormatException(
            weights + ": tensor lm_head.weight is missing but config.json says tie_word_embeddings=false");
      }
      T5Config effective = config.withTieWordEmbeddings(!separateHead);
      try {
        return of(effective, layout, raw, parent);
      } catch (ModelFormatException e) {
        throw new ModelFormatException(weights + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens a model by reference: {@code builtin:<name>} (seeded initialisation, see {@link
   * BuiltinModels}) or a model directory path.
   */
  public static T5Model open(String ref, long seed, NDManager parent) {
    if (ref.startsWith(BuiltinModels.PREFIX)) {
      return builtin(ref, seed, parent);
    }
    return load(Path.of(ref), parent);
  }

  /** A built-in model, e.g. {@code builtin:tiny-t5}, initialised from {@code seed}. */
  public static T5Model builtin(String name, long seed, NDManager parent) {
    return BuiltinModels.create(name, seed, parent);
  }

  /**
   * A freshly initialised model, as HF's {@code T5PreTrainedModel._init_weights} does (normal
   * distributions with T5's fan-in scalings, layer norms at the initializer factor), from a seeded
   * Java RNG so the result is identical on every platform.
   */
  public static T5Model initialize(T5Config config, long seed, NDManager parent) {
    return Initializer.initialize(config, seed, parent);
  }

  /**
   * The layout a config.json records itself (an export that transformers loaded and saved again has no
   * pruning.json), else the full layout.
   */
  private static PruningInfo layoutInConfig(Path configFile, T5Config config) {
    PruningInfo layout;
    try {
      layout = HfConfigJson.layoutFrom(Files.readString(configFile), config);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read model config " + configFile + ": " + e.getMessage(), e);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(configFile + ": " + e.getMessage(), e);
    }
    if (layout == null) {
      return PruningInfo.full(config);
    }
    try {
      layout.validate(config);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(configFile + ": " + e.getMessage().replace("pruning.json ", "per-layer field "), e);
    }
    return layout;
  }

  /**
   * Writes config.json, model.safetensors (F32) and, for pruned or layer-selected models, pruning.json. The
   * directory loads in Hugging Face transformers: a shape stock T5 cannot run also gets the {@code shears_t5}
   * modeling code it names in config.json (see {@link HfConfigJson}).
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(CONFIG_FILE), HfConfigJson.toJson(config, layout));
      HfRemoteCode.writeOrRemove(dir, !HfConfigJson.loadsAsStockT5(config, layout));
      SafeTensors.write(dir.resolve(WEIGHTS_FILE), params);
      Path pruningFile = dir.resolve(PruningInfo.FILE_NAME);
      if (!layout.isFull(config) || !layout.identityLayerMap(config)) {
        layout.write(pruningFile);
      } else {
        Files.deleteIfExists(pruningFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model to " + dir + ": " + e.getMessage(), e);
    }
  }

  public T5Config config() {
    return config;
  }

  /** Kept heads and FFN dimensions per layer (the full layout for an unpruned model). */
  public PruningInfo layout() {
    return layout;
  }

  /** The model's own manager (a child of the one it was created with). */
  public NDManager manager() {
    return manager;
  }

  /** Parameters by HF tensor name, in checkpoint order. The map is read-only; the arrays are live. */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** Total number of weights, the tied embedding counted once. */
  public long numParameters() {
    long n = 0;
    for (NDArray a : params.values()) {
      n += a.getShape().size();
    }
    return n;
  }

  /**
   * Teacher-forced forward pass.
   *
   * @param inputIds {@code [B, S]} integer ids
   * @param attentionMask {@code [B, S]} 1 for tokens, 0 for padding; null means no padding
   * @param decoderInputIds {@code [B, T]}, starting with the decoder start token
   * @param decoderAttentionMask {@code [B, T]} or null (causal masking is always applied)
   * @param gates optional pruning gates; {@link Gates#none()} for the plain model
   * @return logits, hidden states and block outputs, attached to {@code inputIds}'s manager
   */
  public Seq2SeqOutput forward(
      NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds,
      NDArray decoderAttentionMask, Gates gates) {
    return forward(inputIds, attentionMask, decoderInputIds, decoderAttentionMask, gates, false);
  }

  /**
   * Teacher-forced forward pass, with HF's dropout ({@code dropout_rate} from the config) when
   * {@code train} is true. Dropout draws from the engine's RNG: seed it with {@code
   * Engine.getInstance().setRandomSeed(seed)} for reproducible training. The outputs are registered
   * in the caller's {@link NDScope}, if one is open.
   */
  public Seq2SeqOutput forward(
      NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds,
      NDArray decoderAttentionMask, Gates gates, boolean train) {
    checkIds("inputIds", inputIds);
    checkIds("decoderInputIds", decoderInputIds);
    T5Layers l = train ? trainingLayers : layers;
    Seq2SeqOutput out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      T5Layers.Encoded enc = l.encode(inputIds, attentionMask, gates);
      T5Layers.Decoded dec =
          l.decode(decoderInputIds, decoderAttentionMask, enc.last(), enc.crossMask(), gates);
      NDArray logits = l.lmHead(dec.last());
      out = new Seq2SeqOutput(logits, enc.last(), enc.hidden(), dec.hidden(), enc.blocks(), dec.blocks());
      outputs(out).forEach(NDScope::unregister);
    }
    outputs(out).forEach(NDScope::register);
    return out;
  }

  private static java.util.Set<NDArray> outputs(Seq2SeqOutput out) {
    java.util.Set<NDArray> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    all.add(out.logits());
    all.add(out.encoderLastHidden());
    all.addAll(out.encoderHidden());
    all.addAll(out.decoderHidden());
    all.addAll(out.encoderBlockOutputs());
    all.addAll(out.decoderBlockOutputs());
    return all;
  }

  /** Logits only; intermediates are freed. {@code [B, T, V]} on {@code inputIds}'s manager. */
  public NDArray logits(
      NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds,
      NDArray decoderAttentionMask, Gates gates) {
    checkIds("inputIds", inputIds);
    checkIds("decoderInputIds", decoderInputIds);
    NDArray logits;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      T5Layers.Encoded enc = layers.encode(inputIds, attentionMask, gates);
      T5Layers.Decoded dec =
          layers.decode(decoderInputIds, decoderAttentionMask, enc.last(), enc.crossMask(), gates);
      logits = layers.lmHead(dec.last());
      NDScope.unregister(logits);
    }
    NDScope.register(logits);
    return logits;
  }

  /**
   * A smaller model whose decoder keeps the given original 0-based layers, in order, with copied
   * weights. The relative-attention bias table of decoder block 0 moves to the new block 0 (so
   * selections without layer 0, e.g. {@code high}, keep a position bias). The layer map in {@link
   * #layout()} records original indices.
   */
  public T5Model withDecoderLayers(int[] keep) {
    return LayerSurgery.selectDecoderLayers(this, keep);
  }

  /** A deep copy with its own weights (e.g. a student initialised from a teacher). */
  public T5Model copy() {
    return LayerSurgery.selectDecoderLayers(this, PruningInfo.range(config.numDecoderLayers()));
  }

  /** Throws a {@link ModelFormatException} naming {@code field} when an id is outside the vocabulary. */
  public void checkIds(String field, NDArray ids) {
    if (ids.getShape().dimension() != 2) {
      throw new ModelFormatException(field + ": expected shape [batch, length], got " + ids.getShape());
    }
    if (ids.getShape().size() == 0) {
      throw new ModelFormatException(field + ": is empty");
    }
    long max = ids.max().toType(DataType.INT64, false).getLong();
    long min = ids.min().toType(DataType.INT64, false).getLong();
    if (min < 0 || max >= config.vocabSize()) {
      throw new ModelFormatException(
          field + ": token id " + (min < 0 ? min : max) + " is outside the vocabulary [0, "
              + config.vocabSize() + ")");
    }
  }

  T5Layers layers() {
    return layers;
  }

  /** Tensor names and shapes a checkpoint of {@code c} with {@code p} must hold, in canonical order. */
  static Map<String, Shape> expectedShapes(T5Config c, PruningInfo p) {
    Map<String, Shape> m = new LinkedHashMap<>();
    int d = c.dModel();
    m.put("shared.weight", new Shape(c.vocabSize(), d));
    for (int l = 0; l < c.numLayers(); l++) {
      String b = "encoder.block." + l + ".layer.";
      attention(m, b + "0.SelfAttention", p.encoderHeads()[l].length, c);
      if (l == 0) {
        m.put(b + "0.SelfAttention.relative_attention_bias.weight",
            new Shape(c.relativeAttentionNumBuckets(), c.numHeads()));
      }
      m.put(b + "0.layer_norm.weight", new Shape(d));
      ffn(m, b + "1.DenseReluDense", p.encoderFfnDims()[l].length, c);
      m.put(b + "1.layer_norm.weight", new Shape(d));
    }
    m.put("encoder.final_layer_norm.weight", new Shape(d));
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      String b = "decoder.block." + l + ".layer.";
      attention(m, b + "0.SelfAttention", p.decoderSelfHeads()[l].length, c);
      if (l == 0) {
        m.put(b + "0.SelfAttention.relative_attention_bias.weight",
            new Shape(c.relativeAttentionNumBuckets(), c.numHeads()));
      }
      m.put(b + "0.layer_norm.weight", new Shape(d));
      attention(m, b + "1.EncDecAttention", p.decoderCrossHeads()[l].length, c);
      m.put(b + "1.layer_norm.weight", new Shape(d));
      ffn(m, b + "2.DenseReluDense", p.decoderFfnDims()[l].length, c);
      m.put(b + "2.layer_norm.weight", new Shape(d));
    }
    m.put("decoder.final_layer_norm.weight", new Shape(d));
    if (!c.tieWordEmbeddings()) {
      m.put("lm_head.weight", new Shape(c.vocabSize(), d));
    }
    return m;
  }

  private static void attention(Map<String, Shape> m, String prefix, int heads, T5Config c) {
    if (heads == 0) {
      return;
    }
    long inner = (long) heads * c.dKv();
    m.put(prefix + ".q.weight", new Shape(inner, c.dModel()));
    m.put(prefix + ".k.weight", new Shape(inner, c.dModel()));
    m.put(prefix + ".v.weight", new Shape(inner, c.dModel()));
    m.put(prefix + ".o.weight", new Shape(c.dModel(), inner));
  }

  private static void ffn(Map<String, Shape> m, String prefix, int dims, T5Config c) {
    if (dims == 0) {
      return;
    }
    if (c.gated()) {
      m.put(prefix + ".wi_0.weight", new Shape(dims, c.dModel()));
      m.put(prefix + ".wi_1.weight", new Shape(dims, c.dModel()));
    } else {
      m.put(prefix + ".wi.weight", new Shape(dims, c.dModel()));
    }
    m.put(prefix + ".wo.weight", new Shape(c.dModel(), dims));
  }

  /** Names of all parameters of one kind across layers, e.g. for optimiser parameter groups. */
  public List<String> parameterNames() {
    return new ArrayList<>(params.keySet());
  }

  @Override
  public void close() {
    manager.close();
  }
}

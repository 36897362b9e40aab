package dev.shears.trainer.numerical;

import dev.shears.model.T5Config;
import java.util.ArrayList;
import java.util.List;

/**
 * One prunable sublayer of a T5, seen from its output projection: an attention sublayer's {@code o} (units = heads of
 * d_kv input channels each) or an FFN's {@code wo} (units = single FFN dimensions).
 *
 * @param kind which group of the model it belongs to
 * @param layer the layer (decoder block) index
 * @param weight the HF name of the output projection's weight
 * @param units heads or FFN dimensions
 * @param unitWidth input channels per unit (d_kv for heads, 1 for FFN dimensions)
 * @param unitCost parameters per unit: 4·d·d_kv for a head, m·d for an FFN dimension (m = 2 ReLU, 3 gated)
 */
public record Projection(Kind kind, int layer, String weight, int units, int unitWidth, long unitCost) {
  /** The five groups, named as the fields of {@link dev.shears.model.Gates}. */
  public enum Kind {
    ENCODER_HEADS(true), ENCODER_FFN(true), DECODER_SELF_HEADS(false), DECODER_CROSS_HEADS(false),
    DECODER_FFN(false);

    private final boolean encoder;

    Kind(boolean encoder) {
      this.encoder = encoder;
    }

    public boolean encoder() {
      return encoder;
    }
  }

  /** Input channels of the projection. */
  public int channels() {
    return units * unitWidth;
  }

  /** The input channels of unit {@code u}. */
  public int[] channelsOf(int u) {
    int[] out = new int[unitWidth];
    for (int i = 0; i < unitWidth; i++) {
      out[i] = u * unitWidth + i;
    }
    return out;
  }

  /** Every prunable sublayer of an unpruned model with config {@code c}, encoder first, in forward order. */
  public static List<Projection> of(T5Config c) {
    long head = 4L * c.dModel() * c.dKv();
    long ffn = (c.gated() ? 3L : 2L) * c.dModel();
    List<Projection> out = new ArrayList<>();
    for (int l = 0; l < c.numLayers(); l++) {
      String b = "encoder.block." + l + ".layer.";
      out.add(new Projection(Kind.ENCODER_HEADS, l, b + "0.SelfAttention.o.weight", c.numHeads(), c.dKv(), head));
      out.add(new Projection(Kind.ENCODER_FFN, l, b + "1.DenseReluDense.wo.weight", c.dFf(), 1, ffn));
    }
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      String b = "decoder.block." + l + ".layer.";
      out.add(new Projection(Kind.DECODER_SELF_HEADS, l, b + "0.SelfAttention.o.weight", c.numHeads(), c.dKv(),
          head));
      out.add(new Projection(Kind.DECODER_CROSS_HEADS, l, b + "1.EncDecAttention.o.weight", c.numHeads(), c.dKv(),
          head));
      out.add(new Projection(Kind.DECODER_FFN, l, b + "2.DenseReluDense.wo.weight", c.dFf(), 1, ffn));
    }
    return out;
  }
}

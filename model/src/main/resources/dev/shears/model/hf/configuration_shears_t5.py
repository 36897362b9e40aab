"""Configuration of a T5 pruned by Shears: Hugging Face's T5Config plus the kept structure per layer.

Fields beyond T5Config (all optional; a missing one means "every head / FFN dimension"):
  encoder_attention_heads_kept        per encoder layer, the ORIGINAL head indices kept in self-attention
  encoder_ffn_widths                  per encoder layer, the number of FFN dimensions kept
  decoder_self_attention_heads_kept   per decoder layer, original head indices kept in self-attention
  decoder_cross_attention_heads_kept  per decoder layer, original head indices kept in cross-attention
  decoder_ffn_widths                  per decoder layer, FFN dimensions kept
  decoder_layer_map                   per decoder layer, the teacher's decoder layer it was copied from
An empty head list or a width of 0 means the sublayer was removed. num_heads and d_ff stay the teacher's:
the relative-attention bias table keeps every original head and each layer uses the columns of its kept heads.
"""
import copy

from transformers import T5Config


class ShearsT5Config(T5Config):
    model_type = "shears_t5"

    def get_text_config(self, decoder=None, encoder=None):
        # Caches are sized from the decoder's text config, which for a flat T5 config reports the
        # ENCODER's num_layers; a decoder deeper than the encoder would index past the cache.
        config = super().get_text_config(decoder=decoder, encoder=encoder)
        if decoder and not encoder and getattr(config, "num_layers", None) != self.num_decoder_layers:
            config = copy.deepcopy(config)
            config.num_layers = self.num_decoder_layers
        return config


__all__ = ["ShearsT5Config"]

"""T5 with per-layer widths, as written by Shears' physical pruning.

Built on Hugging Face's own T5ForConditionalGeneration: after the stock model is constructed, every
attention and FFN sublayer is resized to the widths in the config (no zero padding, so the parameter count
is exactly the pruned model's), and sublayers left empty are skipped. The relative-attention bias table of
block 0 keeps every original head; the bias flows between layers with all original heads and each layer
takes the columns of the heads it kept, as Shears' own forward pass does.
"""
import types

from torch import nn
from transformers import T5ForConditionalGeneration
from transformers.models.t5 import modeling_t5

from .configuration_shears_t5 import ShearsT5Config

# transformers 4.x attention returns (output, position_bias[, weights]) and adds the mask into the bias;
# 5.x returns (output, position_bias, weights) and keeps the mask apart.
_LEGACY = hasattr(modeling_t5.T5Attention, "prune_heads")


class ShearsT5ForConditionalGeneration(T5ForConditionalGeneration):
    config_class = ShearsT5Config

    def __init__(self, config):
        super().__init__(config)
        heads = list(range(config.num_heads))
        enc, dec = config.num_layers, config.num_decoder_layers
        _resize_stack(
            self.encoder,
            _get(config, "encoder_attention_heads_kept", [heads] * enc),
            None,
            _get(config, "encoder_ffn_widths", [config.d_ff] * enc),
            config,
        )
        _resize_stack(
            self.decoder,
            _get(config, "decoder_self_attention_heads_kept", [heads] * dec),
            _get(config, "decoder_cross_attention_heads_kept", [heads] * dec),
            _get(config, "decoder_ffn_widths", [config.d_ff] * dec),
            config,
        )


def _get(config, key, default):
    value = getattr(config, key, None)
    return default if value is None else value


def _resize_stack(stack, self_heads, cross_heads, ffn_widths, config):
    for i, block in enumerate(stack.block):
        _resize_self_attention(block.layer[0], self_heads[i], config)
        if cross_heads is not None:
            _resize_cross_attention(block.layer[1], cross_heads[i], config)
        _resize_ffn(block.layer[-1], ffn_widths[i], config)


def _linear(like, n_in, n_out):
    return nn.Linear(n_in, n_out, bias=False, device=like.weight.device, dtype=like.weight.dtype)


def _resize_attention(attn, kept, config):
    n = len(kept)
    inner = n * config.d_kv
    attn.n_heads = n
    attn.inner_dim = inner
    if n == 0:
        for name in ("q", "k", "v", "o"):
            delattr(attn, name)
        return
    attn.q = _linear(attn.q, config.d_model, inner)
    attn.k = _linear(attn.k, config.d_model, inner)
    attn.v = _linear(attn.v, config.d_model, inner)
    attn.o = _linear(attn.o, inner, config.d_model)


def _resize_self_attention(layer, kept, config):
    attn = layer.SelfAttention
    full = list(range(config.num_heads))
    _resize_attention(attn, kept, config)
    attn.shears_heads = list(kept)
    if len(kept) == 0:
        layer.forward = types.MethodType(_skipped_self_attention, layer)
    elif list(kept) != full:
        attn.register_forward_pre_hook(_slice_bias, with_kwargs=True)
        attn.register_forward_hook(_restore_full_bias, with_kwargs=True)


def _resize_cross_attention(layer, kept, config):
    _resize_attention(layer.EncDecAttention, kept, config)
    if len(kept) == 0:
        layer.forward = types.MethodType(_skipped_cross_attention, layer)
    else:
        # Cross-attention has no learned bias, only zeros sized by the first layer's head count:
        # let each layer make its own.
        layer.EncDecAttention.register_forward_pre_hook(_fresh_cross_bias, with_kwargs=True)


def _resize_ffn(layer, width, config):
    dense = layer.DenseReluDense
    if width == 0:
        for name in ("wi", "wi_0", "wi_1", "wo"):
            if hasattr(dense, name):
                delattr(dense, name)
        layer.forward = types.MethodType(lambda self, hidden_states: hidden_states, layer)
        return
    for name in ("wi", "wi_0", "wi_1"):
        if hasattr(dense, name):
            setattr(dense, name, _linear(getattr(dense, name), config.d_model, width))
    dense.wo = _linear(dense.wo, width, config.d_model)


def _full_bias(attn, hidden_states, kwargs):
    """The relative position bias over every original head, as the stock first layer computes it."""
    q_len = hidden_states.shape[1]
    cache = kwargs.get("past_key_values", kwargs.get("past_key_value"))
    past = cache.get_seq_length(attn.layer_idx) if cache is not None and attn.is_decoder else 0
    if _LEGACY:
        cache_position = kwargs.get("cache_position")
        bias = attn.compute_bias(past + q_len, past + q_len, device=hidden_states.device,
                                 cache_position=cache_position)[:, :, -q_len:, :]
        mask = kwargs.get("mask")
        if mask is not None:
            bias = bias + mask[:, :, :, : past + q_len]
        return bias
    return attn.compute_bias(q_len, past + q_len, device=hidden_states.device, past_seen_tokens=past)


def _slice_bias(attn, args, kwargs):
    bias = kwargs.get("position_bias")
    if bias is None:
        hidden_states = args[0] if args else kwargs["hidden_states"]
        bias = _full_bias(attn, hidden_states, kwargs)
    attn.shears_full_bias = bias
    kwargs["position_bias"] = bias[:, attn.shears_heads]
    return args, kwargs


def _restore_full_bias(attn, args, kwargs, output):
    full = attn.__dict__.pop("shears_full_bias")
    return (output[0], full) + tuple(output[2:])


def _fresh_cross_bias(attn, args, kwargs):
    kwargs["position_bias"] = None
    return args, kwargs


def _legacy_tail(kwargs):
    return (None,) if kwargs.get("output_attentions") else ()


def _skipped_self_attention(self, hidden_states, attention_mask=None, position_bias=None, **kwargs):
    attn = self.SelfAttention
    cache = kwargs.get("past_key_values", kwargs.get("past_key_value"))
    if position_bias is None:
        kwargs["mask"] = attention_mask
        position_bias = _full_bias(attn, hidden_states, kwargs)
    if cache is not None and attn.is_decoder:
        # A one-head placeholder keeps the cache's length right: masks and positions of the
        # following steps are read from it (an empty tensor would count as length 0).
        b, t = hidden_states.shape[:2]
        placeholder = hidden_states.new_zeros(b, 1, t, 1)
        layer_cache = cache.self_attention_cache if hasattr(cache, "self_attention_cache") else cache
        layer_cache.update(placeholder, placeholder, attn.layer_idx)
    if _LEGACY:
        return (hidden_states, position_bias) + _legacy_tail(kwargs)
    return hidden_states, position_bias, None


def _skipped_cross_attention(self, hidden_states, key_value_states=None, attention_mask=None,
                             position_bias=None, **kwargs):
    if _LEGACY:
        return (hidden_states, position_bias) + _legacy_tail(kwargs)
    return hidden_states, position_bias, None


__all__ = ["ShearsT5ForConditionalGeneration"]

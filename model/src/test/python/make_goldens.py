"""Writes HF-conformance goldens for the Java T5 (model/src/test/resources/golden).

For each case: a random-weight T5ForConditionalGeneration in HF layout (config.json +
model.safetensors), a padded batch, and HF's logits, encoder output, per-block outputs (before the
final layer norm), greedy tokens and beam-search tokens for several settings.

Run: /tmp/pyenv/bin/python model/src/test/python/make_goldens.py model/src/test/resources/golden
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file
from transformers import GenerationConfig, T5Config, T5ForConditionalGeneration

OUT = sys.argv[1]

CASES = {
    # v1.0: ReLU FFN, tied + rescaled LM head, KV cache on.
    "t5-v1_0": dict(vocab_size=64, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_decoder_layers=2,
                    num_heads=4, relative_attention_num_buckets=8, relative_attention_max_distance=16,
                    feed_forward_proj="relu", tie_word_embeddings=True, use_cache=True),
    # v1.1: gated-gelu (gelu_new), untied lm_head, H*d_kv != d_model, deeper decoder than encoder
    # (HF's cache breaks there, so HF runs uncached).
    "t5-v1_1": dict(vocab_size=72, d_model=24, d_kv=8, d_ff=40, num_layers=2, num_decoder_layers=3,
                    num_heads=4, relative_attention_num_buckets=8, relative_attention_max_distance=16,
                    feed_forward_proj="gated-gelu", tie_word_embeddings=False, use_cache=False),
}

BEAMS = [
    dict(num_beams=1, length_penalty=1.0, early_stopping=False),
    dict(num_beams=3, length_penalty=1.0, early_stopping=False),
    dict(num_beams=4, length_penalty=0.6, early_stopping=True),
    dict(num_beams=2, length_penalty=2.0, early_stopping="never"),
    dict(num_beams=5, length_penalty=1.0, early_stopping="never"),
]
MAX_NEW = 14
SUBLAYER_GAIN = float(os.environ.get("SUBLAYER_GAIN", "4"))
EOS_GAIN = float(os.environ.get("EOS_GAIN", "0.5"))


def tensor_list(t):
    return t.detach().to(torch.float32).reshape(-1).tolist()


def generated(seqs, eos):
    out = []
    for row in seqs.tolist():
        row = row[1:]
        if eos in row:
            row = row[: row.index(eos) + 1]
        out.append(row)
    return out


def main():
    for name, spec in CASES.items():
        torch.manual_seed(1234)
        use_cache = spec.pop("use_cache")
        tie = spec["tie_word_embeddings"]
        cfg = T5Config(dropout_rate=0.0, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, **spec)
        cfg._attn_implementation = "eager"
        model = T5ForConditionalGeneration(cfg).eval()
        if not tie:
            # transformers 5.x always ties lm_head; v1.1 checkpoints carry their own head.
            model.lm_head.weight = torch.nn.Parameter(torch.randn(cfg.vocab_size, cfg.d_model))
        with torch.no_grad():
            # Louder sublayers make the random model's outputs depend on its input, and an EOS row
            # aligned with the mean decoder output makes some hypotheses end early: both make the
            # generation goldens exercise more than one repeated token.
            for n, p in model.named_parameters():
                if n.endswith((".o.weight", ".wo.weight")):
                    p.mul_(SUBLAYER_GAIN)
            probe = torch.randint(2, cfg.vocab_size, (8, 10), generator=torch.Generator().manual_seed(5))
            start = torch.zeros(8, 5, dtype=torch.long)
            hid = model(input_ids=probe, decoder_input_ids=start, output_hidden_states=True,
                        use_cache=False).decoder_hidden_states[-1]
            if cfg.scale_decoder_outputs:
                hid = hid * cfg.d_model ** -0.5
            direction = hid.reshape(-1, cfg.d_model).mean(0)
            head = model.lm_head.weight if not tie else model.shared.weight
            head[1] = direction / direction.norm() * EOS_GAIN * head.norm(dim=1).mean()
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        cfg_json = json.loads(cfg.to_json_string(use_diff=False))
        cfg_json["tie_word_embeddings"] = tie  # what a v1.0 / v1.1 checkpoint declares
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg_json, f, indent=2)
        sd = {k: v.contiguous() for k, v in model.state_dict().items()
              if not k.endswith("embed_tokens.weight") and (k != "lm_head.weight" or not tie)}
        save_file(sd, os.path.join(d, "model.safetensors"), metadata={"format": "pt"})

        g = torch.Generator().manual_seed(99)
        lengths = [11, 7, 4]
        S = max(lengths)
        input_ids = torch.zeros(len(lengths), S, dtype=torch.long)
        attn = torch.zeros(len(lengths), S, dtype=torch.long)
        for i, n in enumerate(lengths):
            input_ids[i, :n] = torch.randint(2, cfg.vocab_size, (n,), generator=g)
            attn[i, :n] = 1
        dec = torch.randint(2, cfg.vocab_size, (len(lengths), 6), generator=g)
        dec[:, 0] = 0
        dec_mask = torch.ones_like(dec)
        dec_mask[2, 4:] = 0
        dec[2, 4:] = 0

        blocks = {"encoder": [], "decoder": []}
        hooks = []
        for stack in ("encoder", "decoder"):
            for blk in getattr(model, stack).block:
                hooks.append(blk.register_forward_hook(
                    lambda m, i, o, s=stack: blocks[s].append(o[0] if isinstance(o, tuple) else o)))
        with torch.no_grad():
            out = model(input_ids=input_ids, attention_mask=attn, decoder_input_ids=dec,
                        decoder_attention_mask=dec_mask, use_cache=False)
        for h in hooks:
            h.remove()

        golden = {
            "input_ids": input_ids.tolist(), "attention_mask": attn.tolist(),
            "decoder_input_ids": dec.tolist(), "decoder_attention_mask": dec_mask.tolist(),
            "logits_shape": list(out.logits.shape), "logits": tensor_list(out.logits),
            "encoder_last_hidden": tensor_list(out.encoder_last_hidden_state),
            "encoder_blocks": [tensor_list(b) for b in blocks["encoder"]],
            "decoder_blocks": [tensor_list(b) for b in blocks["decoder"]],
            "max_new_tokens": MAX_NEW, "generations": [],
        }
        for b in BEAMS:
            gc = GenerationConfig(max_new_tokens=MAX_NEW, do_sample=False, use_cache=use_cache,
                                  decoder_start_token_id=0, pad_token_id=0, eos_token_id=1, **b)
            with torch.no_grad():
                res = model.generate(input_ids=input_ids, attention_mask=attn, generation_config=gc,
                                     return_dict_in_generate=True, output_scores=True)
            seqs = res.sequences
            if b["num_beams"] == 1:
                tokens = generated(seqs, 1)
            else:
                lens = (res.beam_indices >= 0).sum(dim=1).tolist()
                tokens = [row[1:1 + n] for row, n in zip(seqs.tolist(), lens)]
            golden["generations"].append(dict(b, tokens=tokens))
            print(name, b, tokens)
        with open(os.path.join(d, "golden.json"), "w") as f:
            json.dump(golden, f)

        # Half-precision files of the same weights, with the exact F32 values they decode to.
        for dtype, tag in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
            half = {k: v.to(dtype) for k, v in sd.items()}
            save_file(half, os.path.join(d, f"model.{tag}.safetensors"), metadata={"format": "pt"})
            save_file({k: v.to(torch.float32) for k, v in half.items()},
                      os.path.join(d, f"model.{tag}-as-f32.safetensors"), metadata={"format": "pt"})


if __name__ == "__main__":
    main()

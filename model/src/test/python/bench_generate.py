"""PyTorch-eager peer of GenerateBenchmark: the same model, inputs and settings through HF generate.

Usage: bench_generate.py EXPORT_DIR [--threads 1] [--steps 32] [--repeats 3] [--cache-steps 64]
EXPORT_DIR is written by GenerateBenchmark (Options.exportDir): an HF model dir plus inputs.json.
Every decoding step runs (min_new_tokens = max_new_tokens); decoder depths use the uniform rule
floor((L-1)*k/(d-1)), block 0 (which holds the relative bias table) always kept.
"""
import argparse
import copy
import json
import statistics
import time

import torch
from transformers import GenerationConfig, T5ForConditionalGeneration


def uniform(layers, keep):
    return [0] if keep == 1 else [(layers - 1) * k // (keep - 1) for k in range(keep)]


def select(model, keep):
    m = copy.deepcopy(model)
    m.decoder.block = torch.nn.ModuleList([m.decoder.block[i] for i in keep])
    for i, blk in enumerate(m.decoder.block):
        for layer in blk.layer:
            for attn in (getattr(layer, "SelfAttention", None), getattr(layer, "EncDecAttention", None)):
                if attn is not None:
                    attn.layer_idx = i
    m.config.num_decoder_layers = len(keep)
    m.decoder.config.num_layers = len(keep)
    return m


def timed(model, ids, mask, beams, steps, cache, warmup, repeats):
    gc = GenerationConfig(num_beams=beams, max_new_tokens=steps, min_new_tokens=steps, do_sample=False,
                          use_cache=cache, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
    with torch.inference_mode():
        for _ in range(warmup):
            model.generate(input_ids=ids, attention_mask=mask, generation_config=gc)
        times, cpu = [], []
        for _ in range(repeats):
            c0, t0 = time.thread_time(), time.perf_counter()
            model.generate(input_ids=ids, attention_mask=mask, generation_config=gc)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export_dir")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=32)
    ap.add_argument("--cache-steps", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--beams", type=int, default=4)
    ap.add_argument("--depths", default="12,4,3,2,1")
    ap.add_argument("--cache-depths", default="12,3")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = T5ForConditionalGeneration.from_pretrained(a.export_dir, attn_implementation="eager").eval()
    # HF sizes the generation KV cache from config.num_layers (the encoder depth); with a deeper
    # decoder it fails (IndexError). The encoder keeps its own copy of the config, so this only
    # resizes the cache.
    model.config.num_layers = max(model.config.num_layers, model.config.num_decoder_layers)
    rows = json.load(open(f"{a.export_dir}/inputs.json"))["input_ids"]
    s = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), s, dtype=torch.long)
    mask = torch.zeros(len(rows), s, dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    total = model.config.num_decoder_layers
    print(f"torch {torch.__version__}, {a.threads} thread(s), batch {len(rows)}, beams {a.beams}, all steps\n")
    print("| decoder layers | KV cache | new tokens | median ms/batch | min ms | median CPU ms | tokens/s |")
    print("|---:|:---:|---:|---:|---:|---:|---:|")
    depths = [int(d) for d in a.depths.split(",") if d]
    runs = [(d, True, a.steps) for d in depths]
    if a.cache_steps > 0:
        for d in [int(d) for d in a.cache_depths.split(",") if d]:
            runs += [(d, True, a.cache_steps), (d, False, a.cache_steps)]
    for depth, cache, steps in runs:
        m = model if depth == total else select(model, uniform(total, depth))
        note = ""
        med, mn, cpu = timed(m, ids, mask, a.beams, steps, cache, 1, a.repeats)
        print(f"| {depth} | {'yes' if cache else 'no'}{note} | {steps} | {med:.1f} | {mn:.1f} | {cpu:.1f} | "
              f"{len(rows) * steps / (med / 1000):.0f} |", flush=True)


if __name__ == "__main__":
    main()

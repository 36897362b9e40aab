"""PyTorch-eager peer of TrainBenchmark: one NASH prune-encoder step on the same model, in HF transformers.

Usage: bench_prune_step.py MODEL_DIR [--batch 16] [--length 64] [--decoder-layers 3] [--warmup 5] [--steps 20]
                           [--threads 1] [--repeats 3]
MODEL_DIR is the builtin:tiny-t5 teacher TrainBenchmark saves (HF layout). Per step, as the Java stage does:
teacher forward without gradients; one hard-concrete sample per encoder head and FFN dimension (beta 2/3,
l -0.1, r 1.1), applied to each head's context before o and to the FFN activation before wo; student forward;
T^2 KL(teacher||student) at T=2 over non-pad targets + 0.001 MSE on encoder and on mapped decoder hidden states
+ lambda1 (s-t) + lambda2 (s-t)^2 with the closed-form expected sparsity; backward; global-norm clipping 1.0 on
the model; AdamW on the model, on log alpha (lr 0.01) and on the lambdas (lr -0.01); log alpha clamped.
Prints one JSON line: {"ms_per_step": median over repeats, "runs": [...]}.
"""
import argparse
import copy
import json
import math
import statistics
import time

import torch
from transformers import T5ForConditionalGeneration

BETA, LOW, HIGH, EPS = 2 / 3, -0.1, 1.1, 1e-6
SHIFT = -BETA * math.log(-LOW / HIGH)


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


def sample(log_alpha):
    u = torch.empty_like(log_alpha).uniform_(EPS, 1 - EPS)
    s = torch.sigmoid((torch.log(u) - torch.log(1 - u) + log_alpha) / BETA)
    return (s * (HIGH - LOW) + LOW).clamp(0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--length", type=int, default=64)
    ap.add_argument("--decoder-layers", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)

    teacher = T5ForConditionalGeneration.from_pretrained(a.model_dir).eval()
    cfg = teacher.config
    keep = uniform(cfg.num_decoder_layers, a.decoder_layers)
    student = select(teacher, keep).train()
    for module in student.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.0  # the Java forward runs without dropout
    L, H, dkv, d, dff = cfg.num_layers, cfg.num_heads, cfg.d_kv, cfg.d_model, cfg.d_ff
    m = 3 if cfg.is_gated_act else 2
    per_head, per_ffn = 4 * d * dkv, m * d
    total = L * (H * per_head + dff * per_ffn)

    head_la = torch.nn.Parameter(10 + 0.01 * torch.randn(L, H))
    ffn_la = torch.nn.Parameter(0.01 * torch.randn(L, dff))
    lambdas = torch.nn.Parameter(torch.zeros(2))
    gates = {}

    def head_hook(layer):
        def hook(module, args):
            x = args[0]
            b, s, _ = x.shape
            return (x.view(b, s, H, dkv) * gates["h"][layer][None, None, :, None]).view(b, s, H * dkv),
        return hook

    def ffn_hook(layer):
        def hook(module, args):
            return (args[0] * gates["f"][layer],)
        return hook

    for l, blk in enumerate(student.encoder.block):
        blk.layer[0].SelfAttention.o.register_forward_pre_hook(head_hook(l))
        blk.layer[1].DenseReluDense.wo.register_forward_pre_hook(ffn_hook(l))

    model_params = list(student.parameters())
    opt_model = torch.optim.AdamW(model_params, lr=3e-5, weight_decay=0.0)
    opt_gates = torch.optim.AdamW([head_la, ffn_la], lr=0.01, weight_decay=0.0)
    opt_lambda = torch.optim.AdamW([lambdas], lr=0.01, weight_decay=0.0, maximize=True)

    vocab = cfg.vocab_size
    ids = torch.randint(3, vocab, (a.batch, a.length))
    ids[:, -1] = 1
    labels = torch.randint(3, vocab, (a.batch, a.length))
    labels[:, -1] = 1
    dec_in = torch.cat([torch.zeros(a.batch, 1, dtype=torch.long), labels[:, :-1]], dim=1)
    mask = torch.ones_like(ids)
    target_mask = (labels != -100).float()
    T = 2.0

    def step(k):
        with torch.no_grad():
            t = teacher(input_ids=ids, attention_mask=mask, decoder_input_ids=dec_in, output_hidden_states=True)
        gates["h"], gates["f"] = sample(head_la), sample(ffn_la)
        s = student(input_ids=ids, attention_mask=mask, decoder_input_ids=dec_in, output_hidden_states=True)
        t_logp = torch.log_softmax(t.logits / T, -1)
        s_logp = torch.log_softmax(s.logits / T, -1)
        kd = ((t_logp.exp() * (t_logp - s_logp)).sum(-1) * target_mask).sum() / target_mask.sum() * T * T
        enc = sum(((a_ - b_) ** 2).mean() for a_, b_ in zip(s.encoder_hidden_states[1:], t.encoder_hidden_states[1:]))
        dec = sum(((s.decoder_hidden_states[i + 1] - t.decoder_hidden_states[j + 1]) ** 2).mean()
                  for i, j in enumerate(keep))
        p_h = torch.sigmoid(head_la + SHIFT).clamp(EPS, 1 - EPS)
        p_f = torch.sigmoid(ffn_la + SHIFT).clamp(EPS, 1 - EPS)
        s_hat = 1 - (p_h.sum() * per_head + p_f.sum() * per_ffn) / total
        gap = s_hat - 0.3 * min(1.0, k / 100)
        loss = kd + 0.001 * enc / L + 0.001 * dec / len(keep) + lambdas[0] * gap + lambdas[1] * gap * gap
        loss.backward()
        float(loss)  # the Java step reads the loss each step (NaN check, telemetry)
        torch.nn.utils.clip_grad_norm_(model_params, 1.0)
        opt_model.step()
        opt_gates.step()
        opt_lambda.step()
        for o in (opt_model, opt_gates, opt_lambda):
            o.zero_grad(set_to_none=False)
        with torch.no_grad():
            head_la.clamp_(math.log(0.01), math.log(100))
            ffn_la.clamp_(math.log(0.01), math.log(100))

    runs = []
    for _ in range(a.repeats):
        for k in range(a.warmup):
            step(k)
        t0 = time.perf_counter()
        for k in range(a.steps):
            step(a.warmup + k)
        runs.append((time.perf_counter() - t0) * 1000 / a.steps)
    print(json.dumps({"ms_per_step": statistics.median(runs), "runs": runs, "threads": a.threads,
                      "batch": a.batch, "length": a.length, "decoder_layers": a.decoder_layers,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()

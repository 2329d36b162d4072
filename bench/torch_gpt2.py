#!/usr/bin/env python3
"""PyTorch peer of bench/real-model-vs-torch.mjs: a GPT-2 checkpoint (config.json + one F32
model.safetensors, as the benchmark writes it) loaded and run as pama-tfjs runs it, one thread.

    /usr/bin/python3 bench/torch_gpt2.py --mode load|generate|lora|full --dir DIR [--threads 1]

load      read every tensor of model.safetensors into torch tensors
generate  greedy decoding with a key/value cache: B=1, an 8-token prompt, 32 new tokens
lora|full one PPO step as pama-tfjs's trainer runs it: sample 4 × 16 tokens with the cache, score
          (fixed rewards), forward policy and reference over the sequences without gradients,
          advantages, then one epoch of one minibatch: forward, clipped surrogate on the combined
          advantage plus the value loss, backward, gradient clipping, Adam. lora: rank-8 adapters
          on c_attn over a frozen base, the reference being the base with adapters off; full: every
          weight trains, the reference a frozen copy.
One JSON line on stdout: times, peak RSS (ru_maxrss) and the thread count.
"""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

if "--threads" in sys.argv[:-1]:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = sys.argv[sys.argv.index("--threads") + 1]

import numpy as np
import torch
import torch.nn.functional as F

GENERATE = dict(batch=1, prompt=8, tokens=32)
STEP = dict(batch=4, prompt=8, tokens=16, rank=8)
CLIP_EPS, VALUE_COEF, LR, MAX_NORM, OBJECTIVES = 0.2, 0.1, 1e-5, 1.0, 2


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        start = 8 + n
        out = {}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            assert info["dtype"] == "F32", f"{name}: {info['dtype']} (this peer reads F32)"
            a, b = info["data_offsets"]
            f.seek(start + a)
            out[name] = torch.from_numpy(np.frombuffer(f.read(b - a), dtype="<f4").copy()).view(info["shape"])
        return out


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))


class Gpt2:
    def __init__(self, config, w, lora_rank=0, trainable=False):
        self.d, self.heads, self.layers = config["n_embd"], config["n_head"], config["n_layer"]
        self.eps = config["layer_norm_epsilon"]
        self.w = {k: v.clone().requires_grad_(trainable) for k, v in w.items()}
        g = torch.Generator().manual_seed(0)
        self.lora = {}
        if lora_rank:
            for i in range(self.layers):
                a = (torch.rand(self.d, lora_rank, generator=g) * 2 - 1) / math.sqrt(self.d)
                self.lora[i] = (a.requires_grad_(True), torch.zeros(lora_rank, 3 * self.d, requires_grad=True))
        self.scale = 2.0  # alpha = 2r
        self.value_w = torch.zeros(self.d, OBJECTIVES, requires_grad=True)
        self.value_b = torch.zeros(OBJECTIVES, requires_grad=True)

    def parameters(self):
        trained = [t for t in self.w.values() if t.requires_grad]
        for a, b in self.lora.values():
            trained += [a, b]
        return trained + [self.value_w, self.value_b]

    def hidden(self, ids, past=None, adapters=True):
        """ids B×L; past: per layer (k, v) of B×H×P×hd. Returns hidden B×L×D and the new cache."""
        w, d, h = self.w, self.d, self.heads
        b, l = ids.shape
        p = 0 if past is None else past[0][0].shape[2]
        x = w["wte.weight"][ids] + w["wpe.weight"][p : p + l]
        cache = []
        mask = torch.ones(l, p + l, dtype=torch.bool).tril(p)
        for i in range(self.layers):
            n = F.layer_norm(x, (d,), w[f"h.{i}.ln_1.weight"], w[f"h.{i}.ln_1.bias"], self.eps)
            qkv = n @ w[f"h.{i}.attn.c_attn.weight"] + w[f"h.{i}.attn.c_attn.bias"]
            if adapters and i in self.lora:
                a, bb = self.lora[i]
                qkv = qkv + (n @ a) @ bb * self.scale
            q, k, v = (t.view(b, l, h, d // h).transpose(1, 2) for t in qkv.split(d, dim=-1))
            if past is not None:
                k, v = torch.cat([past[i][0], k], 2), torch.cat([past[i][1], v], 2)
            cache.append((k, v))
            s = (q @ k.transpose(-2, -1)) / math.sqrt(d // h)
            s = s.masked_fill(~mask, float("-inf"))
            o = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, l, d)
            x = x + o @ w[f"h.{i}.attn.c_proj.weight"] + w[f"h.{i}.attn.c_proj.bias"]
            n = F.layer_norm(x, (d,), w[f"h.{i}.ln_2.weight"], w[f"h.{i}.ln_2.bias"], self.eps)
            m = gelu_new(n @ w[f"h.{i}.mlp.c_fc.weight"] + w[f"h.{i}.mlp.c_fc.bias"])
            x = x + m @ w[f"h.{i}.mlp.c_proj.weight"] + w[f"h.{i}.mlp.c_proj.bias"]
        return F.layer_norm(x, (d,), w["ln_f.weight"], w["ln_f.bias"], self.eps), cache

    def logits(self, hidden):
        return hidden @ self.w["wte.weight"].t()

    @torch.no_grad()
    def generate(self, prompts, new_tokens, sample, g):
        ids, past, out = prompts, None, prompts
        for _ in range(new_tokens):
            hidden, past = self.hidden(ids, past)
            logits = self.logits(hidden[:, -1])
            nxt = torch.multinomial(logits.softmax(-1), 1, generator=g) if sample else logits.argmax(-1, keepdim=True)
            out = torch.cat([out, nxt], 1)
            ids = nxt
        return out


def response_logprobs(model, tokens, prompt, adapters=True):
    hidden, _ = model.hidden(tokens[:, :-1], adapters=adapters)
    h = hidden[:, prompt - 1 :]
    logp = model.logits(h).log_softmax(-1).gather(-1, tokens[:, prompt:, None]).squeeze(-1)
    values = h @ model.value_w + model.value_b
    return logp, values


def ppo_step(model, reference, optimizer, g, vocab):
    b, p, t = STEP["batch"], STEP["prompt"], STEP["tokens"]
    prompts = torch.randint(0, vocab, (b, p), generator=g)
    tokens = model.generate(prompts, t, True, g)
    scores = torch.tensor([[((i * 7) % 5) / 5, ((i * 3) % 4) / 4] for i in range(b)])
    with torch.no_grad():
        old_logp, old_values = response_logprobs(model, tokens, p)
        ref_logp, _ = response_logprobs(reference, tokens, p, adapters=reference is not model)
    # Per-objective rewards: the score at the last token minus the KL penalty, then GAE (γ=1, λ=0.95).
    rewards = (-0.05 * (old_logp - ref_logp))[..., None].repeat(1, 1, OBJECTIVES)
    rewards[:, -1] += scores
    adv = torch.zeros_like(rewards)
    last = torch.zeros(b, OBJECTIVES)
    for k in reversed(range(t)):
        nxt = old_values[:, k + 1] if k + 1 < t else torch.zeros(b, OBJECTIVES)
        delta = rewards[:, k] + nxt - old_values[:, k]
        last = delta + 0.95 * last
        adv[:, k] = last
    returns = adv + old_values
    adv = (adv - adv.mean((0, 1))) / (adv.std((0, 1)) + 1e-8)
    combined = adv.min(-1).values  # PAMA's per-token combine: the least improved objective
    logp, values = response_logprobs(model, tokens, p)
    ratio = (logp - old_logp).exp()
    surrogate = -torch.min(ratio * combined, ratio.clamp(1 - CLIP_EPS, 1 + CLIP_EPS) * combined).mean()
    loss = surrogate + VALUE_COEF * (values - returns).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
    optimizer.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True, choices=["load", "generate", "lora", "full"])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    config = json.load(open(os.path.join(args.dir, "config.json")))
    started, c0 = time.perf_counter(), time.process_time()
    weights = read_safetensors(os.path.join(args.dir, "model.safetensors"))
    model = Gpt2(config, weights, lora_rank=STEP["rank"] if args.mode == "lora" else 0, trainable=args.mode == "full")
    del weights
    result = {"mode": args.mode, "loadMs": (time.perf_counter() - started) * 1000, "loadCpuMs": (time.process_time() - c0) * 1000, "torch": torch.__version__, "threads": torch.get_num_threads()}
    g = torch.Generator().manual_seed(1)
    vocab = config["vocab_size"]
    if args.mode == "generate":
        prompts = torch.randint(0, vocab, (GENERATE["batch"], GENERATE["prompt"]), generator=g)
        model.generate(prompts, 2, False, g)  # warm-up, as on the tfjs side
        t0, c0 = time.perf_counter(), time.process_time()
        model.generate(prompts, GENERATE["tokens"], False, g)
        result["tokensPerSecond"] = GENERATE["batch"] * GENERATE["tokens"] / (time.perf_counter() - t0)
        result["tokensPerCpuSecond"] = GENERATE["batch"] * GENERATE["tokens"] / (time.process_time() - c0)
    elif args.mode in ("lora", "full"):
        reference = model if args.mode == "lora" else Gpt2(config, {k: v.detach() for k, v in model.w.items()})
        optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        ppo_step(model, reference, optimizer, g, vocab)  # warm-up: optimizer state
        t0, c0 = time.perf_counter(), time.process_time()
        ppo_step(model, reference, optimizer, g, vocab)
        result["stepMs"] = (time.perf_counter() - t0) * 1000
        result["stepCpuMs"] = (time.process_time() - c0) * 1000
    result["parameters"] = sum(t.numel() for t in model.w.values())
    result["peakRssBytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch peer of pama-tfjs's training minibatch step, for the tokens-per-second comparison.

The same model as pama-tfjs's transformer (pre-LN GPT-2 style: token + position embeddings, causal
multi-head attention, GELU (tanh) MLP, final layer norm, LM head tied to the token embedding plus a
bias, N linear value heads on the final hidden states) and the same step the trainer runs on each
minibatch: forward, log-probabilities of the response tokens, ratio u, token-granularity PAMA combine
(min over objectives of the Noon advantage, zeroed where u > 1 + eps), clipped surrogate, the sum of
the N value losses, backward, global gradient-norm clipping and Adam.

Run on the CPU with Debian's PyTorch:
    /usr/bin/python3 bench/torch_step.py [--threads 1] [--repeats 10] [--d-model 64] [--json out.json]

--d-model sets the width d (MLP 2·d; depth, heads and vocabulary unchanged), as `pama bench trainer
--d-model` does: 64 is the default size, 256 the 4× wider model.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

# "--threads N" must hold for the BLAS too: Debian's PyTorch multiplies through OpenBLAS, whose own
# worker threads torch.set_num_threads does not stop (with OpenBLAS's default a "one-thread" run had two
# threads). The variables only take effect if set before torch (and OpenBLAS) load.
if "--threads" in sys.argv[:-1] and sys.argv[sys.argv.index("--threads") + 1].isdigit() and int(sys.argv[sys.argv.index("--threads") + 1]) > 0:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = sys.argv[sys.argv.index("--threads") + 1]

import torch
import torch.nn.functional as F

# The default size of pama-tfjs (DEFAULT_MODEL_CONFIG) and of its trainer benchmark.
VOCAB, CONTEXT, D_MODEL, HEADS, LAYERS, D_MLP, OBJECTIVES = 2000, 32, 64, 4, 2, 128, 2
MINIBATCH, PROMPT, NEW_TOKENS = 16, 5, 16
CLIP_EPS, VALUE_COEF, LR, MAX_NORM = 0.2, 0.1, 1e-4, 1.0


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = torch.nn.LayerNorm(D_MODEL, eps=1e-5)
        self.qkv = torch.nn.Linear(D_MODEL, 3 * D_MODEL)
        self.out = torch.nn.Linear(D_MODEL, D_MODEL)
        self.ln2 = torch.nn.LayerNorm(D_MODEL, eps=1e-5)
        self.mlp_in = torch.nn.Linear(D_MODEL, D_MLP)
        self.mlp_out = torch.nn.Linear(D_MLP, D_MODEL)

    def forward(self, x, causal_mask):
        b, l, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        heads = lambda t: t.view(b, l, HEADS, d // HEADS).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // HEADS)
        scores = scores.masked_fill(causal_mask, float("-inf"))
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, l, d)
        x = x + self.out(attended)
        return x + self.mlp_out(F.gelu(self.mlp_in(self.ln2(x)), approximate="tanh"))


class PolicyValueModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.token = torch.nn.Embedding(VOCAB, D_MODEL)
        self.position = torch.nn.Embedding(CONTEXT, D_MODEL)
        torch.nn.init.normal_(self.token.weight, std=0.02)
        torch.nn.init.normal_(self.position.weight, std=0.01)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.final_ln = torch.nn.LayerNorm(D_MODEL, eps=1e-5)
        self.lm_bias = torch.nn.Parameter(torch.zeros(VOCAB))
        self.value = torch.nn.Linear(D_MODEL, OBJECTIVES)

    def forward(self, tokens):
        l = tokens.shape[1]
        causal_mask = torch.triu(torch.ones(l, l, dtype=torch.bool), diagonal=1)
        x = self.token(tokens) + self.position(torch.arange(l))
        for block in self.blocks:
            x = block(x, causal_mask)
        return self.final_ln(x)

    def heads(self, h):
        return h @ self.token.weight.T + self.lm_bias, self.value(h)


def training_step(model, optimizer, batch):
    tokens, mask, logp_old, advantages, returns = batch
    # As in pama-tfjs: the heads run on the response positions' hidden states only.
    logits, values = model.heads(model(tokens)[:, PROMPT - 1 : PROMPT - 1 + NEW_TOKENS])
    targets = tokens[:, PROMPT:]
    logp = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    ratio = (logp - logp_old).exp()
    with torch.no_grad():  # the PAMA combine at token granularity (Theorem 1 on Noon advantages)
        noon = advantages.clamp(min=0) * (ratio <= 1 + CLIP_EPS).unsqueeze(-1)
        combined = noon.min(-1).values * mask
    surrogate = torch.minimum(ratio * combined, ratio.clamp(1 - CLIP_EPS, 1 + CLIP_EPS) * combined)
    policy_loss = -(surrogate * mask).sum() / mask.sum()
    value_loss = (((values - returns) ** 2).sum(-1) * mask).sum() / mask.sum()
    loss = policy_loss + VALUE_COEF * value_loss
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
    optimizer.step()
    return loss.item()


def main():
    global D_MODEL, D_MLP
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0 = PyTorch default)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--d-model", type=int, default=D_MODEL, help="model width d (MLP 2·d)")
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.d_model < 1 or args.d_model % HEADS:
        parser.error(f"--d-model must be a positive multiple of {HEADS} (got {args.d_model})")
    D_MODEL, D_MLP = args.d_model, 2 * args.d_model
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = PolicyValueModel()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=1e-8)
    length = PROMPT + NEW_TOKENS
    batch = (
        torch.randint(0, VOCAB, (MINIBATCH, length)),
        torch.ones(MINIBATCH, NEW_TOKENS),
        torch.full((MINIBATCH, NEW_TOKENS), -math.log(VOCAB)),
        torch.rand(MINIBATCH, NEW_TOKENS, OBJECTIVES) * 2 - 1,
        torch.rand(MINIBATCH, NEW_TOKENS, OBJECTIVES) * 2 - 1,
    )
    training_step(model, optimizer, batch)  # warm-up
    times, cpu_times = [], []
    for _ in range(args.repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        training_step(model, optimizer, batch)
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    step_ms = statistics.median(times)
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        # OS threads of this process at the end of the run (1 when the BLAS is held to one thread too).
        "os_threads": len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None,
        "d_model": D_MODEL,
        "parameters": sum(p.numel() for p in model.parameters()),
        "minibatch_tokens": MINIBATCH * length,
        "train_step_ms": step_ms,
        # CPU time of this process per step (median): steadier than wall time on a shared machine.
        "train_step_cpu_ms": statistics.median(cpu_times),
        "train_tokens_per_second": MINIBATCH * length / step_ms * 1000,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json + ".tmp", "w") as f:
            json.dump(result, f, indent=2)
        os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()

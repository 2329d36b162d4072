#!/usr/bin/env python3
"""PyTorch peer of pama-core's min-norm (MGDA) solve on n gradient vectors of length d.

One matmul for the n×n Gram matrix (V @ Vᵀ, one thread), then the classic MGDA min-norm solver
of multi-task learning practice on that Gram: start from the best pair (closed-form segment
minimum over all pairs), then projected-gradient steps on the simplex with an exact line search,
at most 250 steps, stopping when the weights move by less than 1e-5 (L1).

It is driven by bench/gram-vs-torch.mjs, which runs pama-core in its own process and this peer
interleaved, sample by sample, on the same data. Protocol: one JSON command per line on stdin,
one JSON answer per line on stdout:
    {"cmd": "load", "path": FILE, "rows": R, "d": D, "dtype": "float64" | "float32"}
    {"cmd": "run", "n": N, "dtype": ..., "variant": "f64" | "f32" | "f32->f64", "calls": K}
        -> {"wall_ms": per call, "cpu_ms": per call, "gram_cpu_ms": the matmul's share of cpu_ms,
            "norm_squared": ‖w‖², "iterations": steps}
    {"cmd": "gram", "n": N, "dtype": ..., "variant": ...} -> {"gram": [n·n floats, row-major]}
    {"cmd": "info"} -> torch and BLAS versions, threads
Variants: "f64" multiplies Float64 data in Float64; "f32" multiplies Float32 data in Float32
(torch's own Float32 matmul, the Gram then widened); "f32->f64" converts Float32 data to Float64
first (the conversion is timed) and multiplies in Float64.
Run with Debian's PyTorch: /usr/bin/python3 bench/gram_peer.py (normally through the driver).
"""
import json
import os
import sys
import time

# One thread everywhere (PyTorch's pool and the BLAS's own), before torch loads its BLAS.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

MAX_STEPS = 250
STOP = 1e-5


def segment_min(g11, g12, g22):
    """min over t in [0, 1] of ‖t·v1 + (1 − t)·v2‖² from the three inner products, elementwise
    on numpy arrays: (t, value)."""
    curvature = g11 + g22 - 2.0 * g12
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(g12 >= g11, 1.0, np.where(g12 >= g22, 0.0, (g22 - g12) / curvature))
    value = np.where(g12 >= g11, g11, np.where(g12 >= g22, g22, g22 + t * (g12 - g22)))
    return t, value


def project_to_simplex(y):
    """Euclidean projection onto {c ≥ 0, Σc = 1} (sort-based)."""
    n = len(y)
    s = np.sort(y)[::-1]
    cumulative = np.cumsum(s) - 1.0
    index = np.arange(1, n + 1)
    k = index[s - cumulative / index > 0][-1]
    return np.maximum(y - cumulative[k - 1] / k, 0.0)


def projected_step(c, direction):
    """Where a projected-gradient step from c along `direction` lands: the centred direction, a
    step as long as keeps the moving coordinates within [0, 1] (1 when none limits it from
    below), then the projection onto the simplex, as in the MGDA reference solver."""
    centred = direction - direction.sum() / len(c)
    with np.errstate(divide="ignore", invalid="ignore"):
        down = np.where(centred < 0, -c / centred, np.inf)
        up = np.where(centred > 0, (1.0 - c) / centred, np.inf)
    down = down[down > 1e-7]
    up = up[up > 1e-7]
    t = down.min() if down.size else 1.0
    if up.size:
        t = min(t, up.min())
    return project_to_simplex(c + t * centred)


def mgda_min_norm(gram):
    """(weights, ‖w‖², steps) for the min-norm point of the hull, from the n×n Gram (numpy f64)."""
    n = gram.shape[0]
    if n == 1:
        return np.ones(1), float(gram[0, 0]), 0
    rows, cols = np.triu_indices(n, 1)
    diagonal = np.diag(gram)
    ts, values = segment_min(diagonal[rows], gram[rows, cols], diagonal[cols])
    best = int(np.argmin(values))
    c = np.zeros(n)
    c[rows[best]], c[cols[best]] = ts[best], 1.0 - ts[best]
    if n == 2:
        return c, float(values[best]), 0
    steps = 0
    while steps < MAX_STEPS:
        steps += 1
        gc = gram @ c
        target = projected_step(c, -gc)
        gt = gram @ target
        t, _ = segment_min(c @ gc, c @ gt, target @ gt)
        moved = t * c + (1.0 - t) * target
        done = np.abs(moved - c).sum() < STOP
        c = moved
        if done:
            break
    return c, float(c @ gram @ c), steps


DATA = {}


def gram_of(n, dtype, variant):
    v = DATA[dtype][:n]
    if variant == "f32->f64":
        v = v.double()
    return (v @ v.T).double()


def handle(cmd):
    op = cmd["cmd"]
    if op == "info":
        return {"torch": torch.__version__, "numpy": np.__version__, "threads": torch.get_num_threads(),
                "python": sys.version.split()[0]}
    if op == "load":
        dtype = np.float64 if cmd["dtype"] == "float64" else np.float32
        array = np.fromfile(cmd["path"], dtype=dtype, count=cmd["rows"] * cmd["d"]).reshape(cmd["rows"], cmd["d"])
        DATA[cmd["dtype"]] = torch.from_numpy(array)
        return {"ok": True}
    if op == "gram":
        return {"gram": gram_of(cmd["n"], cmd["dtype"], cmd["variant"]).flatten().tolist()}
    if op == "run":
        n, dtype, variant, calls = cmd["n"], cmd["dtype"], cmd["variant"], cmd.get("calls", 1)
        wall0, cpu0 = time.perf_counter(), time.process_time()
        gram_cpu = 0.0
        for _ in range(calls):
            g0 = time.process_time()
            gram = gram_of(n, dtype, variant).numpy()
            gram_cpu += time.process_time() - g0
            c, q, steps = mgda_min_norm(gram)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        return {"wall_ms": wall * 1e3 / calls, "cpu_ms": cpu * 1e3 / calls, "gram_cpu_ms": gram_cpu * 1e3 / calls,
                "norm_squared": q, "iterations": steps}
    raise ValueError(f"unknown command {op!r}")


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as error:  # the driver reports it and stops
            answer = {"error": repr(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch peer of pama-rewards-onnx's classifier scoring, for bench/classifier-scoring.mjs.

Runs the DistilBERT-shaped sequence classifier of packages/rewards-onnx/test/fixtures/make_fixtures.py
(6 layers, d 768, 12 heads, FFN 3072, vocabulary 30522; random weights — speed does not depend on
them) on the token-id batches the benchmark wrote, under torch.no_grad, with one thread, and prints
JSON: wall and process-CPU seconds for the throughput batches (best of --repeats), and per single text.

    /usr/bin/python3 bench/classifier_peer.py --batches FILE [--threads 1] [--repeats 2]
"""
import argparse
import json
import os
import sys
import time

# One thread must hold for the BLAS too (OpenBLAS's own workers ignore torch.set_num_threads); these
# variables only take effect before torch loads.
if "--threads" in sys.argv[:-1]:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = sys.argv[sys.argv.index("--threads") + 1]

import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "rewards-onnx", "test", "fixtures"))
from make_fixtures import SequenceClassifier  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", required=True, help="JSON {throughput: [[ids...]...]..., single: [[ids...]]}")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.batches, encoding="utf-8") as f:
        data = json.load(f)
    torch.manual_seed(0)
    model = SequenceClassifier("distilbert", 30522, 768, 6, 12, 3072, 512, 2).eval()

    def run(batch):
        width = max(len(ids) for ids in batch)
        ids = torch.tensor([row + [0] * (width - len(row)) for row in batch])
        mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in batch])
        return model(ids, mask)

    with torch.no_grad():
        run(data["throughput"][0])  # warm-up
        best, best_cpu = float("inf"), float("inf")
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            for batch in data["throughput"]:
                run(batch)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
        singles = []
        for row in data["single"]:
            start = time.perf_counter()
            run([row])
            singles.append(time.perf_counter() - start)
    texts = sum(len(b) for b in data["throughput"])
    singles.sort()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "texts": texts, "seconds": best, "cpu_seconds": best_cpu,
                      "single_p50_ms": 1000 * singles[len(singles) // 2]}))


if __name__ == "__main__":
    main()

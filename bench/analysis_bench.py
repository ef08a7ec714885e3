"""Python references for the analysis rows of `npm run bench` (run with /usr/bin/python3).

fixed points: K states of a vanilla tanh RNN (N units, one zero input), ITERS Adam steps (lr 1, eps
0.01, no early stop) on mean q = ½‖tanh(W x + b) − x‖² with autograd, as FixedPointFinder's PyTorch
back-end; variants float32/float64 × 1/2 threads. eig: COUNT random N×N float64 matrices, NumPy
eigvals and eig (right vectors). Usage: python3 analysis_bench.py '{"K":1024,"N":100,"iters":2000,
"count":1024,"rounds":3}'. Prints one JSON line per workload with the median time of each variant.
"""
import json
import sys
import time

import numpy as np


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


def fixed_points(cfg):
    import torch
    K, N, iters, rounds = cfg["K"], cfg["N"], cfg["iters"], cfg["rounds"]
    variants = {}
    for dtype in (torch.float32, torch.float64):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            g = torch.Generator().manual_seed(0)
            W = (torch.randn(N, N, generator=g) * 1.5 / N ** 0.5).to(dtype)
            b = (torch.randn(N, generator=g) * 0.3).to(dtype)
            x0 = (torch.randn(K, N, generator=g) * 0.5).to(dtype)

            def run():
                x = x0.clone().requires_grad_(True)
                opt = torch.optim.Adam([x], lr=1.0, eps=0.01)
                for _ in range(iters):
                    opt.zero_grad()
                    q = 0.5 * ((torch.tanh(x @ W.T + b) - x) ** 2).sum(1)
                    q.mean().backward()
                    opt.step()

            ts = []
            for _ in range(rounds):
                t = time.perf_counter()
                run()
                ts.append((time.perf_counter() - t) * 1000)
            variants[f"{str(dtype).split('.')[-1]} {threads}t"] = median(ts)
    f32 = {k: v for k, v in variants.items() if k.startswith("float32")}
    best = min(f32, key=f32.get)
    # Whether torch has an optimised CPU BLAS: without MKL its float32 GEMM here is ~10× slower,
    # which makes the ratio say more about the build than about the search.
    mkl = bool(torch.backends.mkl.is_available())
    print(json.dumps({"name": "fixed points", "ms": f32[best], "best": best, "variants": variants, "torch": torch.__version__, "mkl": mkl}), flush=True)


def eig(cfg):
    count, n, rounds = cfg["count"], cfg["N"], cfg["rounds"]
    rng = np.random.default_rng(0)
    mats = rng.standard_normal((count, n, n))
    res = {}
    for name, fn in (("eigvals", np.linalg.eigvals), ("eig", np.linalg.eig)):
        ts = []
        for _ in range(rounds):
            t = time.perf_counter()
            fn(mats)
            ts.append((time.perf_counter() - t) * 1000)
        res[name] = median(ts)
    print(json.dumps({"name": "eig", "eigvals_ms": res["eigvals"], "eig_ms": res["eig"], "numpy": np.__version__}), flush=True)


if __name__ == "__main__":
    cfg = json.loads(sys.argv[1])
    which = cfg.get("only", "both")
    if which in ("both", "eig"):
        eig(cfg)
    if which in ("both", "fixed points"):
        fixed_points(cfg)

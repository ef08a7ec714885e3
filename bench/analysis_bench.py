"""Python references for the analysis rows of `npm run bench` (run with /usr/bin/python3).

Best configuration, every variant printed, the fastest taken: OPENBLAS_NUM_THREADS=1 (set before
numpy/torch are imported: OpenBLAS's own threads fight ATen's and each other on a small machine),
1 and 2 ATen threads, float32 and float64, eager and TorchScript.

fixed points: K states of a vanilla tanh RNN (N units, one zero input), ITERS Adam steps (lr 1, eps
0.01, no early stop) on mean q = ½‖tanh(W x + b) − x‖², as FixedPointFinder's PyTorch back-end:
  eager   autograd + torch.optim.Adam
  script  the loss as a TorchScript function, autograd + torch.optim.Adam
  fused   the whole loop as one TorchScript function: analytic gradient and Adam (TF form, as
          rnn-atlas), no autograd or optimizer overhead
eig: COUNT random N×N float64 matrices, NumPy eigvals and eig (right vectors) on the stacked batch.
Each line also names the BLAS/LAPACK library the process loaded (a reference BLAS is ~10× slower
than OpenBLAS; the ratio then says more about the install than about rnn-atlas).
Usage: python3 analysis_bench.py '{"K":1024,"N":100,"iters":2000,"count":1024,"rounds":3}'.
Prints one JSON line per workload with the median time of each variant (ms).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

# A variant's rounds stop repeating once one round takes longer than this (slow BLAS installs).
ROUND_BUDGET_S = 30.0


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


def loaded_blas():
    """Paths of the BLAS/LAPACK/OpenMP libraries mapped into this process."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1]
                name = os.path.basename(p)
                if any(t in name for t in ("blas", "lapack", "mkl", "blis", "gomp", "omp.so")):
                    libs.add(os.path.realpath(p))
    except OSError:
        pass
    return sorted(libs)


def timed(run, rounds):
    ts = []
    for _ in range(rounds):
        t = time.perf_counter()
        run()
        ts.append((time.perf_counter() - t) * 1000)
        if ts[-1] > ROUND_BUDGET_S * 1000:
            break
    return median(ts), len(ts)


def fixed_points(cfg):
    import torch

    K, N, iters, rounds = cfg["K"], cfg["N"], cfg["iters"], cfg["rounds"]

    def q_mean(x, W, b):
        return (0.5 * ((torch.tanh(x @ W.t() + b) - x) ** 2).sum(1)).mean()

    q_script = torch.jit.script(q_mean)

    @torch.jit.script
    def fused(x, W, b, iters: int, lr: float, eps: float):
        m = torch.zeros_like(x)
        v = torch.zeros_like(x)
        b1 = 0.9
        b2 = 0.999
        b1t = 1.0
        b2t = 1.0
        K = x.shape[0]
        for _ in range(iters):
            f = torch.tanh(x @ W.t() + b)
            r = f - x
            g = (((1 - f * f) * r) @ W - r) / K
            b1t *= b1
            b2t *= b2
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            step = lr * (1 - b2t) ** 0.5 / (1 - b1t)
            x = x - step * m / (v.sqrt() + eps)
        return x

    variants = {}
    rounds_used = {}
    for dtype in (torch.float32, torch.float64):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            g = torch.Generator().manual_seed(0)
            W = (torch.randn(N, N, generator=g) * 1.5 / N ** 0.5).to(dtype)
            b = (torch.randn(N, generator=g) * 0.3).to(dtype)
            x0 = (torch.randn(K, N, generator=g) * 0.5).to(dtype)

            def autograd_run(loss, n):
                def run():
                    x = x0.clone().requires_grad_(True)
                    opt = torch.optim.Adam([x], lr=1.0, eps=0.01)
                    for _ in range(n):
                        opt.zero_grad()
                        loss(x, W, b).backward()
                        opt.step()
                return run

            def fused_run(n):
                return lambda: fused(x0.clone(), W, b, n, 1.0, 0.01)

            for mode, make in (("eager", lambda n: autograd_run(q_mean, n)), ("script", lambda n: autograd_run(q_script, n)), ("fused", fused_run)):
                # TorchScript profiles and optimises on its first calls; eager warms its allocator.
                for _ in range(2):
                    make(3)()
                name = f"{str(dtype).split('.')[-1]} {threads}t {mode}"
                variants[name], rounds_used[name] = timed(make(iters), rounds)
                print(f"  torch {name}: {variants[name]:.0f} ms", file=sys.stderr, flush=True)
    best = min(variants, key=variants.get)
    print(json.dumps({
        "name": "fixed points", "ms": variants[best], "best": best, "variants": variants, "rounds": rounds_used,
        "torch": torch.__version__, "mkl": bool(torch.backends.mkl.is_available()), "blas": loaded_blas(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }), flush=True)


def eig(cfg):
    count, n, rounds = cfg["count"], cfg["N"], cfg["rounds"]
    rng = np.random.default_rng(0)
    mats = rng.standard_normal((count, n, n))
    res = {}
    for name, fn in (("eigvals", np.linalg.eigvals), ("eig", np.linalg.eig)):
        res[name], _ = timed(lambda: fn(mats), rounds)
    print(json.dumps({
        "name": "eig", "eigvals_ms": res["eigvals"], "eig_ms": res["eig"], "numpy": np.__version__, "blas": loaded_blas(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }), flush=True)


if __name__ == "__main__":
    cfg = json.loads(sys.argv[1])
    which = cfg.get("only", "both")
    if which in ("both", "eig"):
        eig(cfg)
    if which in ("both", "fixed points"):
        fixed_points(cfg)

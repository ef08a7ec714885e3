"""PyTorch reference for `npm run bench` (run with Debian's /usr/bin/python3 + python3-torch).

Times one full training iteration (forward, loss, full BPTT, Adam step) for the same workloads as
bench/main.ts and prints one JSON line per workload with every variant tried, so the TypeScript
bench can compare against PyTorch's best configuration on this machine.

Variants: "module" (nn.RNN / nn.GRU, one module per network, looped over networks), "bmm" (all M
networks stacked, batched matmuls per time step, eager), "script" (the bmm loop under TorchScript).
Every variant is printed; the fastest is the reference.

Threads: 2 ATen threads (intra-op), 1 inter-op thread, and the BLAS single-threaded
(OPENBLAS_NUM_THREADS=1, set before torch loads it): otherwise OpenBLAS starts its own thread per core
next to ATen's, and the small per-step matmuls of an RNN run 3-10x slower from the oversubscription.
The BLAS torch actually loaded is reported ("blas" in the first JSON line): Debian's python3-torch
uses whatever libblas.so.3 is installed, and the reference libblas3 is ~20x slower than OpenBLAS, which
makes PyTorch look slow; install libopenblas0-pthread (or point LD_LIBRARY_PATH at its
openblas-pthread folder) for a fair comparison.
Usage: python3 torch_bench.py '<json config>'
"""
import json
import os
import sys
import time

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before torch (and its BLAS) is loaded
os.environ.setdefault("OMP_NUM_THREADS", "2")

import torch  # noqa: E402

torch.set_num_threads(2)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass


def blas_library():
    """The BLAS shared library this process loaded (path), or "unknown"."""
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and ".so" in line})
        return libs[0] if libs else "unknown (none mapped: MKL or a static BLAS?)"
    except OSError:
        return "unknown"


def log(*parts):
    print("  torch", *parts, file=sys.stderr, flush=True)


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


GIVE_UP = 5.0  # a variant whose first call takes this many times the fastest variant's median is not timed further


def timeit(step, iters, warmup, fastest=None):
    """Median ms of `iters` calls after `warmup`; with `fastest`, a variant that is clearly slower
    (first call > GIVE_UP x fastest) stops after that call and returns its time (it cannot be the best)."""
    t = time.perf_counter()
    step()
    first = (time.perf_counter() - t) * 1000
    if fastest is not None and first > GIVE_UP * fastest:
        return first
    for _ in range(max(0, warmup - 1)):
        step()
    ts = []
    for _ in range(iters):
        t = time.perf_counter()
        step()
        ts.append((time.perf_counter() - t) * 1000)
    return median(ts)


def vanilla_bmm(x, wih, whh, bih, bhh, wout, bout):
    # x [M,B,T,I]; wih [M,N,I]; whh [M,N,N]; b* [M,N]; wout [M,O,N]; bout [M,O]
    M, B, T, I = x.shape
    N = whh.shape[1]
    h = torch.zeros(M, B, N, dtype=x.dtype)
    xin = torch.matmul(x, wih.transpose(1, 2).unsqueeze(1)) + (bih + bhh).unsqueeze(1).unsqueeze(1)  # [M,B,T,N]
    hs = []
    for t in range(T):
        h = torch.tanh(xin[:, :, t] + torch.bmm(h, whh.transpose(1, 2)))
        hs.append(h)
    H = torch.stack(hs, 2)  # [M,B,T,N]
    return torch.matmul(H, wout.transpose(1, 2).unsqueeze(1)) + bout.unsqueeze(1).unsqueeze(1)


def gru_bmm(x, wih, whh, bih, bhh, wout, bout):
    M, B, T, I = x.shape
    N = whh.shape[2]
    h = torch.zeros(M, B, N, dtype=x.dtype)
    gi_all = torch.matmul(x, wih.transpose(1, 2).unsqueeze(1)) + bih.unsqueeze(1).unsqueeze(1)  # [M,B,T,3N]
    hs = []
    for t in range(T):
        gi = gi_all[:, :, t]
        gh = torch.bmm(h, whh.transpose(1, 2)) + bhh.unsqueeze(1)
        ir, iz, inn = gi.chunk(3, 2)
        hr, hz, hn = gh.chunk(3, 2)
        r = torch.sigmoid(ir + hr)
        z = torch.sigmoid(iz + hz)
        n = torch.tanh(inn + r * hn)
        h = (1 - z) * n + z * h
        hs.append(h)
    H = torch.stack(hs, 2)
    return torch.matmul(H, wout.transpose(1, 2).unsqueeze(1)) + bout.unsqueeze(1).unsqueeze(1)


def two_neuron(W, x0, steps: int, dt: float):
    x = x0
    for _ in range(steps):
        x = x + dt * (-x + torch.bmm(W, torch.tanh(x).unsqueeze(2)).squeeze(2))
    return x


def bench_rnn(cfg):
    arch, M, N, B, T, I, O = cfg["arch"], cfg["M"], cfg["N"], cfg["B"], cfg["T"], cfg["I"], cfg["O"]
    iters, warmup = cfg["iters"], cfg["warmup"]
    G = 3 if arch == "gru" else 1
    g = torch.Generator().manual_seed(0)
    x = torch.randn(M, B, T, I, generator=g).sign()
    y = torch.randn(M, B, T, O, generator=g).sign()
    k = 1 / N ** 0.5
    results = {}

    # module variant: one nn.RNN/nn.GRU + Linear per network, looped over networks
    mods = []
    for m in range(M):
        rnn = (torch.nn.GRU if arch == "gru" else torch.nn.RNN)(I, N, batch_first=True)
        lin = torch.nn.Linear(N, O)
        mods.append((rnn, lin))
    params = [p for r, l in mods for p in list(r.parameters()) + list(l.parameters())]
    opt = torch.optim.Adam(params, lr=1e-3)
    lossf = torch.nn.MSELoss()

    def step_module():
        opt.zero_grad(set_to_none=True)
        loss = 0
        for m, (rnn, lin) in enumerate(mods):
            out, _ = rnn(x[m])
            loss = loss + lossf(lin(out), y[m])
        loss.backward()
        opt.step()

    results["module"] = timeit(step_module, iters, warmup)
    log(cfg["name"], "module", results["module"])

    # stacked variants
    wih = (torch.rand(M, G * N, I, generator=g) * 2 - 1) * k
    whh = (torch.rand(M, G * N, N, generator=g) * 2 - 1) * k
    bih = (torch.rand(M, G * N, generator=g) * 2 - 1) * k
    bhh = (torch.rand(M, G * N, generator=g) * 2 - 1) * k
    wout = (torch.rand(M, O, N, generator=g) * 2 - 1) * k
    bout = (torch.rand(M, O, generator=g) * 2 - 1) * k
    ps = [t.requires_grad_() for t in (wih, whh, bih, bhh, wout, bout)]
    fwd = gru_bmm if arch == "gru" else vanilla_bmm
    for name, f in (("bmm", fwd), ("script", torch.jit.script(fwd))):
        opt2 = torch.optim.Adam(ps, lr=1e-3)

        def step_bmm(f=f, opt2=opt2):
            opt2.zero_grad(set_to_none=True)
            out = f(x, *ps)
            # mean over B,T,O per network, summed over networks (= M independent MSE losses)
            loss = ((out - y) ** 2).mean(dim=(1, 2, 3)).sum()
            loss.backward()
            opt2.step()

        try:
            fastest = min(v for v in results.values() if isinstance(v, float))
            results[name] = timeit(step_bmm, iters, warmup, fastest)
            if results[name] > GIVE_UP * fastest:
                results[name + "_note"] = f"one call only: > {GIVE_UP:g}x the fastest variant"
            log(cfg["name"], name, results[name])
        except Exception as e:  # noqa: BLE001 - report, keep the other variants
            results[name + "_error"] = str(e)[:200]
    best = min((v, k) for k, v in results.items() if isinstance(v, float))
    return {"name": cfg["name"], "ms": best[0], "best": best[1], "variants": results}


def bench_two_neuron(cfg):
    M, steps, dt = cfg["M"], cfg["T"], cfg["dt"]
    iters, warmup = cfg["iters"], cfg["warmup"]
    g = torch.Generator().manual_seed(0)
    W = ((torch.rand(M, 2, 2, generator=g) * 2 - 1) * 1.5).requires_grad_()
    x0 = torch.tensor([1.0, 0.0]).repeat(M, 1)
    target = torch.tensor([0.0, 1.0])
    results = {}
    for name, f in (("bmm", two_neuron), ("script", torch.jit.script(two_neuron))):
        opt = torch.optim.Adam([W], lr=1e-2)

        def step(f=f, opt=opt):
            opt.zero_grad(set_to_none=True)
            xT = f(W, x0, steps, dt)
            loss = (0.5 * ((xT - target) ** 2).sum(1)).sum()
            loss.backward()
            opt.step()

        results[name] = timeit(step, iters, warmup)
        log(cfg["name"], name, results[name])
    best = min((v, k) for k, v in results.items())
    return {"name": cfg["name"], "ms": best[0], "best": best[1], "variants": results}


def main():
    cfgs = json.loads(sys.argv[1])
    blas = blas_library()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas}), flush=True)
    if "/blas/libblas" in blas:
        log("WARNING: torch uses the reference BLAS", blas, "- install libopenblas0-pthread for a fair comparison")
    for cfg in cfgs:
        r = bench_two_neuron(cfg) if cfg["kind"] == "two-neuron" else bench_rnn(cfg)
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()

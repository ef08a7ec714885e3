"""PyTorch reference for the fixed-point search timing (run with /usr/bin/python3).

Same work as test/analysis/fixedPoints/fpBench.ts: a vanilla tanh RNN (N = 100, one input), K = 1024
initial states, 2000 Adam steps on mean q = ½‖tanh(W x + W_in u + b) − x‖² with autograd (the
FixedPointFinder PyTorch back-end's approach), float32. Prints one JSON line with the best time.
"""
import json
import sys
import time

import torch

K, N, ITERS = 1024, 100, 2000
if len(sys.argv) > 1:
    ITERS = int(sys.argv[1])
torch.manual_seed(0)
rnn = torch.nn.RNN(1, N, batch_first=True)
with torch.no_grad():
    rnn.weight_hh_l0.normal_(0, 1.5 / N ** 0.5)
for p in rnn.parameters():
    p.requires_grad_(False)
u = torch.zeros(K, 1, 1)
x0 = torch.randn(K, N) * 0.5


def run():
    x = x0.clone().requires_grad_(True)
    opt = torch.optim.Adam([x], lr=1.0, eps=0.01)
    q = None
    for _ in range(ITERS):
        opt.zero_grad()
        _, h = rnn(u, x.unsqueeze(0))
        q = 0.5 * ((h.squeeze(0) - x) ** 2).sum(1)
        q.mean().backward()
        opt.step()
    return float(q.mean())


times = []
for _ in range(3):
    t = time.perf_counter()
    mq = run()
    times.append(time.perf_counter() - t)
print(json.dumps({"bench": "torch_fixed_points", "K": K, "N": N, "iters": ITERS, "threads": torch.get_num_threads(),
                  "best_s": min(times), "times_s": times, "mean_q": mq, "torch": torch.__version__}))

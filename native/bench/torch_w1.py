"""PyTorch reference for the kernel timing (W1: N=100, I=3, O=3, batch 64, T=100), full Adam step.
usage: /usr/bin/python3 native/bench/torch_w1.py ARCH M REPS [THREADS=2]   (ARCH: rnn | gru)
M networks are trained as M independent modules in one step (sum of losses), like a population."""
import sys, time, json
import torch
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
arch, M, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
N, I, O, B, T = 100, 3, 3, 64, 100
cls = torch.nn.RNN if arch == "rnn" else torch.nn.GRU
rnns = torch.nn.ModuleList([cls(I, N, batch_first=True) for _ in range(M)])
outs = torch.nn.ModuleList([torch.nn.Linear(N, O) for _ in range(M)])
opt = torch.optim.Adam(list(rnns.parameters()) + list(outs.parameters()), lr=1e-3)
x = (torch.rand(M, B, T, I) < 0.05).float()
y = torch.rand(M, B, T, O) * 2 - 1
def step():
    opt.zero_grad()
    loss = 0
    for m in range(M):
        h, _ = rnns[m](x[m])
        loss = loss + torch.nn.functional.mse_loss(outs[m](h), y[m])
    loss.backward()
    opt.step()
step()
ts, cs = [], []
for _ in range(reps):
    c0 = time.process_time(); t0 = time.perf_counter()
    step()
    ts.append((time.perf_counter() - t0) * 1e3); cs.append((time.process_time() - c0) * 1e3)
ts.sort(); cs.sort()
print(json.dumps({"torch": torch.__version__, "arch": arch, "M": M, "medianMs": round(ts[len(ts)//2], 2), "minMs": round(ts[0], 2), "cpuMsMedian": round(cs[len(cs)//2], 1)}))

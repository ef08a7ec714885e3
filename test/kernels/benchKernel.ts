/**
 * Quick kernel timing (not a test): node dist/test/kernels/benchKernel.js [arch] [M] [reps] [kernel]
 * W1 shape: N=100, I=3, O=3, batch 64, T=100, one lossAndGrad call (no optimiser).
 */
import { getKernel, type KernelPreference } from "../../src/kernels/select";
import type { KernelRequest } from "../../src/kernels/types";
import { kernelParamShapes } from "../../src/kernels/plan";
import { Rng } from "../../src/core/random";
import type { Arch } from "../../src/core/types";

const arch = (process.argv[2] ?? "vanilla") as Arch;
const M = Number(process.argv[3] ?? 16);
const reps = Number(process.argv[4] ?? 10);
const kernel = getKernel((process.argv[5] ?? "auto") as KernelPreference);
const N = 100, I = 3, O = 3, B = 64, T = 100;
const spec = { arch, inputSize: I, hiddenSize: N, outputSize: O };
const rng = new Rng(1);
const params: Record<string, Float32Array> = {};
for (const [k, sh] of Object.entries(kernelParamShapes(spec))) {
  params[k] = new Float32Array(M * sh.reduce((a, b) => a * b, 1)).map(() => rng.uniform(-0.1, 0.1));
}
const inputs = new Float32Array(M * B * T * I).map(() => (rng.random() < 0.05 ? (rng.random() < 0.5 ? 1 : -1) : 0));
const targets = new Float32Array(M * B * T * O).map(() => rng.uniform(-1, 1));
const req: KernelRequest = { spec, networks: M, params, data: { batch: B, time: T, perNetworkData: true, inputs, targets } };
const G = arch === "gru" ? 3 : arch === "lstm" ? 4 : 1;
// forward: 2·B·T·(G·N·(N+I) + O·N); backward ≈ 2× forward
const flops = 3 * 2 * B * T * (G * N * (N + I) + O * N) * M;
kernel.lossAndGrad(req);
const times: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < reps; r++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (process.env.BENCH_FWD) kernel.forward(req);
  else kernel.lossAndGrad(req);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e3);
}
cpu.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ kernel: kernel.name, threads: kernel.threads, arch, M, medianMs: +med.toFixed(2), minMs: +times[0].toFixed(2), gflops: +(flops / med / 1e6).toFixed(1), cpuMsMedian: +cpu[Math.floor(cpu.length / 2)].toFixed(1), cpuMsMin: +cpu[0].toFixed(1), gflopsPerCpuCore: +(flops / cpu[Math.floor(cpu.length / 2)] / 1e6).toFixed(1) }));

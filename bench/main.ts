/**
 * `npm run bench [-- --quick]`: ms per training iteration and GFLOP/s of the fused kernels, with
 * PyTorch's best configuration on the same machine for comparison (when /usr/bin/python3 has torch).
 *
 * Iteration = forward + loss + full BPTT + per-network Adam, on a fixed batch (the same in the
 * PyTorch script). FLOPs counted: the matrix products of forward and backward passes only
 * (elementwise ops and Adam are not counted), per network, trial and step:
 *   vanilla  fwd 2(N² + NI + NO)    bwd 2(2N² + NI + 2NO)   (W_hh·h; δ·hᵀ and W_hhᵀ·δ; readout both ways)
 *   gru      fwd 2(3N² + 3NI + NO)  bwd 2(6N² + 3NI + 2NO)
 *   leaky (two-neuron, readout = state)  fwd 2(N² + NI)  bwd 2(2N² + NI)
 * The last printed line is one JSON object with every figure. `--training-only` skips the analysis rows;
 * `--no-torch` skips the Python references.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { ModelSpec } from "../src/core/types";
import { deriveSeed } from "../src/core/random";
import { getKernel } from "../src/kernels";
import type { BatchData, RnnKernel } from "../src/kernels/types";
import { initModel, stackModels, twoNeuronSpec } from "../src/models";
import { getTask } from "../src/tasks";
import { benchAnalysis } from "./analysisRows";
import { benchPopulation, type PopulationRow } from "./populationRow";
import { describeMachine, machineInfo } from "./machine";
import { adamStep, createAdamState, gradNorms, toBatchData, trainPopulation } from "../src/train";

interface Config {
  readonly name: string;
  readonly kind: "rnn" | "two-neuron";
  readonly arch: "vanilla" | "gru" | "leaky";
  readonly M: number;
  readonly N: number;
  readonly B: number;
  readonly T: number;
  readonly I: number;
  readonly O: number;
  readonly dt?: number;
}

interface Row {
  name: string;
  ms: number;
  gflops: number;
  /** Precision of the counted FLOPs: training kernels run in float32, the analyses in float64. */
  precision: "fp32" | "fp64";
  /** gflops as a fraction of the machine's assumed peak at that precision (machine.peakGflops). */
  ofPeak?: number;
  torchMs?: number;
  torchBest?: string;
  torchVariants?: Record<string, number | string>;
  ratio?: number;
}

function flopsPerIteration(c: Config): number {
  const { N, I, O } = c;
  let perStep: number;
  if (c.arch === "gru") perStep = 2 * (3 * N * N + 3 * N * I + N * O) + 2 * (6 * N * N + 3 * N * I + 2 * N * O);
  else if (c.arch === "leaky") perStep = 2 * (N * N + N * I) + 2 * (2 * N * N + N * I);
  else perStep = 2 * (N * N + N * I + N * O) + 2 * (2 * N * N + N * I + 2 * N * O);
  return perStep * c.M * c.B * c.T;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function setup(c: Config): { spec: ModelSpec; params: Record<string, Float32Array>; data: BatchData; lossScale: number } {
  if (c.kind === "two-neuron") {
    const spec = twoNeuronSpec();
    const task = getTask("two-neuron");
    const models = Array.from({ length: c.M }, (_, i) => initModel(spec, { seed: deriveSeed(0, "bench", i) }));
    const trials = task.trials({ batch: 1, seed: 0 });
    const params: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(stackModels(models).params)) params[k] = v.slice();
    return { spec, params, data: toBatchData([trials], c.M, false, 2), lossScale: task.lossScale };
  }
  const spec: ModelSpec = { arch: c.arch, inputSize: c.I, hiddenSize: c.N, outputSize: c.O };
  const task = getTask("flipflop3", { time: c.T });
  const models = Array.from({ length: c.M }, (_, i) => initModel(spec, { seed: deriveSeed(0, "bench", i) }));
  const params: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(stackModels(models).params)) params[k] = v.slice();
  const list = Array.from({ length: c.M }, (_, i) => task.trials({ batch: c.B, seed: deriveSeed(1, "bench-data", i) }));
  return { spec, params, data: toBatchData(list, c.M, true, c.N), lossScale: task.lossScale };
}

function benchKernel(kernel: RnnKernel, c: Config, iters: number, warmup: number): number {
  const { spec, params, data, lossScale } = setup(c);
  const adam = createAdamState(params, c.M);
  const all = Array.from({ length: c.M }, (_, i) => i);
  const lr = new Float64Array(c.M).fill(1e-3);
  const step = (): void => {
    const r = kernel.lossAndGrad({ spec, networks: c.M, params, data, lossScale });
    gradNorms(r.grads, c.M);
    adamStep(params, r.grads, adam, lr, all);
  };
  for (let i = 0; i < warmup; i++) step();
  const ts: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t = performance.now();
    step();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

async function benchTrainLoop(c: Config, updates: number): Promise<number> {
  const res = await trainPopulation({
    task: getTask("flipflop3", { time: c.T }),
    spec: { arch: c.arch, hiddenSize: c.N },
    networks: c.M,
    seed: 0,
    data: { batch: c.B },
    stop: { maxUpdates: updates },
  });
  return res.timings.msPerUpdate;
}

function torchAvailable(): boolean {
  const r = spawnSync("/usr/bin/python3", ["-c", "import torch"], { stdio: "ignore", timeout: 120000 });
  return r.status === 0;
}

function runTorch(configs: Config[], iters: number, warmup: number, quick: boolean): { version?: string; blas?: string; rows: Map<string, { ms: number; best: string; variants: Record<string, number | string> }>; error?: string } {
  const script = path.join(__dirname, "..", "..", "bench", "torch_bench.py");
  const payload = configs.map((c) => ({ ...c, iters, warmup, quick }));
  const r = spawnSync("/usr/bin/python3", [script, JSON.stringify(payload)], {
    encoding: "utf8",
    timeout: 30 * 60 * 1000,
    maxBuffer: 1 << 24,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const rows = new Map<string, { ms: number; best: string; variants: Record<string, number | string> }>();
  const error = r.status !== 0 ? `torch_bench.py ${r.signal ? `killed by ${r.signal}` : `exit ${r.status}`}: ${r.error?.message ?? "see the PyTorch messages above"}` : undefined;
  let version: string | undefined;
  let blas: string | undefined;
  // Keep the workloads that finished even when the script died later.
  for (const line of (r.stdout ?? "").split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const j = JSON.parse(line) as { torch?: string; blas?: string; name?: string; ms?: number; best?: string; variants?: Record<string, number | string> };
    if (j.torch) {
      version = j.torch;
      blas = j.blas;
    }
    else if (j.name && j.ms !== undefined) rows.set(j.name, { ms: j.ms, best: j.best!, variants: j.variants! });
  }
  return { ...(version ? { version } : {}), ...(blas ? { blas } : {}), rows, ...(error ? { error } : {}) };
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const noTorch = process.argv.includes("--no-torch");
  // --training-only: the kernel/training rows and their PyTorch reference, no analysis rows.
  const trainingOnly = process.argv.includes("--training-only");
  const iters = quick ? 3 : 10;
  const warmup = quick ? 1 : 3;
  const w1 = { kind: "rnn" as const, N: 100, B: 64, T: 100, I: 3, O: 3 };
  const configs: Config[] = [
    { name: "W1 vanilla M=1", arch: "vanilla", M: 1, ...w1 },
    { name: "W1 vanilla M=16", arch: "vanilla", M: 16, ...w1 },
    { name: "W1 gru M=1", arch: "gru", M: 1, ...w1 },
    { name: "W1 gru M=16", arch: "gru", M: 16, ...w1 },
    { name: "two-neuron M=10000", kind: "two-neuron", arch: "leaky", M: 10000, N: 2, B: 1, T: 100, I: 1, O: 2, dt: 0.1 },
  ];
  const kernel = getKernel();
  const machine = machineInfo();
  process.stderr.write(`rnn-atlas bench: kernel ${kernel.name} (${kernel.threads} threads), ${quick ? "quick" : "full"} mode, ${iters} timed iterations\n`);
  process.stderr.write(`machine: ${describeMachine(machine)}\n`);
  const rows: Row[] = [];
  for (const c of configs) {
    const ms = benchKernel(kernel, c, iters, warmup);
    rows.push({ name: c.name, ms, gflops: flopsPerIteration(c) / (ms * 1e6), precision: "fp32" });
    process.stderr.write(`  ${c.name}: ${ms.toFixed(1)} ms\n`);
  }
  const loopMs = await benchTrainLoop(configs[1]!, quick ? 4 : 12);
  rows.push({ name: "W1 vanilla M=16 trainPopulation (incl. fresh trials per update)", ms: loopMs, gflops: flopsPerIteration(configs[1]!) / (loopMs * 1e6), precision: "fp32" });
  // The population row (paper mode's cost): whole trainings to the paper's stop rules, ~0.5 min (quick) to ~1 min.
  process.stderr.write("  RSG vanilla population, paper rules ...\n");
  const population: PopulationRow = await benchPopulation(20, quick ? 4 : 8);

  let torchVersion: string | undefined;
  let torchBlas: string | undefined;
  let torchError: string | undefined;
  if (!noTorch && torchAvailable()) {
    process.stderr.write("running bench/torch_bench.py (PyTorch: 2 ATen threads, single-threaded BLAS) ...\n");
    const t = runTorch(configs, iters, warmup, quick);
    torchVersion = t.version;
    torchBlas = t.blas;
    torchError = t.error;
    for (const row of rows) {
      const tr = t.rows.get(row.name);
      if (!tr) continue;
      row.torchMs = tr.ms;
      row.torchBest = tr.best;
      row.torchVariants = tr.variants;
      row.ratio = tr.ms / row.ms;
    }
  } else if (!noTorch) {
    torchError = "/usr/bin/python3 cannot import torch (install python3-torch)";
  }

  // Analysis rows (fixed-point search vs PyTorch, batched eig vs NumPy), each pair back to back.
  const withPython = !noTorch && torchAvailable();
  const analysis = trainingOnly ? [] : benchAnalysis(quick, withPython);
  for (const a of analysis) {
    rows.push({
      name: a.name,
      ms: a.ms,
      gflops: typeof a.detail.gflops === "number" ? a.detail.gflops : NaN,
      precision: "fp64",
      ...(a.refMs !== undefined ? { torchMs: a.refMs, torchBest: a.refBest!, ...(a.refVariants ? { torchVariants: a.refVariants } : {}), ratio: a.ratio! } : {}),
    });
  }

  for (const r of rows) if (machine.peakGflops && Number.isFinite(r.gflops)) r.ofPeak = r.gflops / machine.peakGflops[r.precision];
  const header = ["workload", "ms/iter", "GFLOP/s", "of peak", "torch ms", "torch best", "rnn-atlas/torch"];
  const table = rows.map((r) => [
    r.name,
    r.ms.toFixed(2),
    Number.isFinite(r.gflops) ? r.gflops.toFixed(2) : "–",
    r.ofPeak !== undefined ? `${(100 * r.ofPeak).toFixed(0)} % ${r.precision}` : "–",
    r.torchMs !== undefined ? r.torchMs.toFixed(2) : "–",
    r.torchBest ?? "–",
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : "–",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of table) console.log(line(r));
  const p = population;
  console.log(`\n${p.name}: ${p.networksPerHour.toFixed(0)} kept networks per hour (${p.kept}/${p.networks} kept, ${p.attemptsPerKept.toFixed(2)} attempts per kept, ` +
    `${p.epochsPerAttempt.toFixed(0)} epochs per attempt, ${p.msPerNetworkUpdate.toFixed(3)} ms per network-update, ${p.totalS.toFixed(1)} s)`);
  console.log("  seconds per kept network by phase: " + Object.entries(p.perKeptS).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", "));
  if (torchBlas) console.log(`(PyTorch BLAS: ${torchBlas}${torchBlas.includes("/blas/libblas") ? " = the reference BLAS: PyTorch is handicapped, install libopenblas0-pthread" : ""})`);
  if (torchError) console.log(`(PyTorch comparison unavailable: ${torchError.split("\n").slice(-3).join(" ")})`);
  console.log(
    JSON.stringify({
      bench: "rnn-atlas",
      date: new Date().toISOString(),
      quick,
      kernel: kernel.name,
      threads: kernel.threads,
      machine,
      node: process.version,
      ...(torchVersion ? { torch: torchVersion } : {}),
      ...(torchBlas ? { torchBlas } : {}),
      rows,
      population,
      fixedPointsRatio: analysis[0]?.ratio ?? null,
      eigvalsRatio: analysis[1]?.ratio ?? null,
      eigVectorsRatio: analysis[2]?.ratio ?? null,
      analysis,
    }),
  );
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exitCode = 1;
});

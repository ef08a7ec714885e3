/**
 * Analysis rows of `npm run bench`: the batched fixed-point search (K states, vanilla tanh N units,
 * a fixed number of Adam steps, no early stop) vs PyTorch (every variant of bench/analysis_bench.py,
 * the fastest taken), and the batched eigen-decomposition of COUNT N×N matrices (eigenvalues only /
 * with right vectors) vs NumPy, each pair timed back to back in the same run. Quick mode runs fewer
 * steps / matrices and scales every time (ours and the reference alike) to the full size.
 * GFLOP/s of the search counts its two matrix products per step (4·K·N² flops), float64.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Model } from "../src/core/types";
import { Rng } from "../src/core/random";
import { getDynamics, optimiseStates } from "../src/analysis/fixedPoints";
import { gemmBackend } from "../src/analysis/fixedPoints/gemm";
import { fusedOptimiserBackend } from "../src/analysis/fixedPoints/fusedOptimise";
import { eigBatch } from "../src/analysis/linalg/eig";
import { nativeLinalgStatus } from "../src/analysis/linalg/native";

export interface AnalysisRow {
  name: string;
  ms: number;
  refMs?: number;
  refBest?: string;
  refVariants?: Record<string, number | string>;
  /** reference time / our time (> 1: we are faster). */
  ratio?: number;
  detail: Record<string, number | string>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function python(cfg: Record<string, number | string>): Array<Record<string, unknown>> {
  const script = path.join(__dirname, "..", "..", "bench", "analysis_bench.py");
  // OpenBLAS threads off before numpy/torch load: its thread pool competes with ATen's and with
  // itself on a small machine (the script sets it too, for direct runs).
  const r = spawnSync("/usr/bin/python3", [script, JSON.stringify(cfg)], {
    encoding: "utf8",
    timeout: 30 * 60 * 1000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return (r.stdout ?? "")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A vanilla tanh net with W ~ N(0, 1.5²/N), b ~ N(0, 0.3²) (the Python script draws its own, same law). */
function vanillaModel(N: number): Model {
  const rng = new Rng(0);
  const w = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal(0, s));
  return {
    spec: { arch: "vanilla", inputSize: 1, hiddenSize: N, outputSize: 1, nonlinearity: "tanh" },
    params: { weight_ih_l0: w(N, 1), weight_hh_l0: w(N * N, 1.5 / Math.sqrt(N)), bias_hh_l0: w(N, 0.3), bias_ih_l0: new Float32Array(N) },
  } as unknown as Model;
}

export function benchAnalysis(quick: boolean, withPython: boolean): AnalysisRow[] {
  const K = 1024, N = 100, ITERS = 2000, COUNT = 1024;
  const iters = quick ? 200 : ITERS;
  const count = quick ? 128 : COUNT;
  const rounds = 3;
  const fpScale = ITERS / iters;
  const eigScale = COUNT / count;
  const rows: AnalysisRow[] = [];

  // Fixed points: ours, then the PyTorch variants, back to back.
  const dyn = getDynamics(vanillaModel(N));
  const rng = new Rng(1);
  const x0 = Float64Array.from({ length: K * N }, () => rng.normal(0, 0.5));
  const drive = dyn.drive(new Float64Array(K), K);
  const noStop = { tolQ: 0, tolDq: 0, adaptiveLr: false };
  optimiseStates(dyn, x0, drive, K, { ...noStop, maxIters: 20 }); // JIT warm-up
  const fpTimes: number[] = [];
  for (let r = 0; r < rounds; r++) fpTimes.push(optimiseStates(dyn, x0, drive, K, { ...noStop, maxIters: iters }).seconds * 1000);
  const fused = fusedOptimiserBackend();
  const addon = nativeLinalgStatus();
  const fpMs = median(fpTimes) * fpScale;
  const fp: AnalysisRow = {
    name: `fixed points K=${K} N=${N} ${ITERS} Adam steps`,
    ms: fpMs,
    detail: {
      loop: fused === "native" ? "native fused (C++)" : "JS",
      gemm: gemmBackend(),
      gflops: (4 * K * N * N * ITERS) / (fpMs * 1e6),
      threads: process.env.RNN_ATLAS_FP_THREADS ?? "all",
      ...(addon.build ? { kernels: `${addon.build.isa} ${addon.build.gemmTile}${addon.build.portable ? " portable" : ""}` } : {}),
      stepsTimed: iters,
      scale: fpScale,
      bestMs: Math.min(...fpTimes) * fpScale,
      roundsMs: fpTimes.map((t) => Math.round(t * fpScale)).join(" "),
    },
  };
  process.stderr.write(
    `  ${fp.name}: ${fp.ms.toFixed(0)} ms median, ${(fp.detail.bestMs as number).toFixed(0)} ms best of ${rounds} (${fp.detail.loop} loop, gemm ${gemmBackend()})\n`,
  );
  rows.push(fp);
  if (withPython) {
    for (const j of python({ only: "fixed points", K, N, iters, rounds })) {
      if (j.name !== "fixed points") continue;
      fp.refMs = (j.ms as number) * fpScale;
      fp.refBest = `torch ${j.best as string}`;
      const v = j.variants as Record<string, number>;
      fp.refVariants = Object.fromEntries(Object.entries(v).map(([k, ms]) => [k, ms * fpScale]));
      fp.ratio = fp.refMs / fp.ms;
      const blas = (j.blas as string[] | undefined) ?? [];
      fp.detail.refBlas = blas.join(" ");
      const slowBlas = blas.length > 0 && !blas.some((b) => /openblas|mkl|blis/.test(b));
      if (slowBlas) fp.detail.refNote = "PyTorch runs on the reference BLAS (no OpenBLAS/MKL/BLIS loaded): its GEMM is ~10× slower, the ratio overstates the speed-up";
      process.stderr.write(
        `  fixed points: PyTorch ${fp.refBest} ${fp.refMs.toFixed(0)} ms → ratio ${fp.ratio.toFixed(2)}${slowBlas ? " (reference BLAS)" : ""}\n`,
      );
    }
  }

  // Eigen-decomposition of random matrices (the Jacobians' size), values only and with right vectors.
  const er = new Rng(2);
  const mats = Float64Array.from({ length: count * N * N }, () => er.normal());
  const time = (vectors: "none" | "right"): number => {
    const ts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      eigBatch(mats, N, count, { vectors });
      ts.push(performance.now() - t);
    }
    return median(ts) * eigScale;
  };
  const ev: AnalysisRow = { name: `eig ${COUNT}×(${N}×${N}) eigenvalues`, ms: time("none"), detail: { matricesTimed: count, scale: eigScale } };
  const evec: AnalysisRow = { name: `eig ${COUNT}×(${N}×${N}) + right vectors`, ms: time("right"), detail: { matricesTimed: count, scale: eigScale } };
  process.stderr.write(`  ${ev.name}: ${ev.ms.toFixed(0)} ms; ${evec.name}: ${evec.ms.toFixed(0)} ms\n`);
  rows.push(ev, evec);
  if (withPython) {
    for (const j of python({ only: "eig", N, count, rounds })) {
      if (j.name !== "eig") continue;
      const blas = ((j.blas as string[] | undefined) ?? []).join(" ");
      ev.detail.refBlas = blas;
      evec.detail.refBlas = blas;
      ev.refMs = (j.eigvals_ms as number) * eigScale;
      ev.refBest = "numpy eigvals";
      ev.ratio = ev.refMs / ev.ms;
      evec.refMs = (j.eig_ms as number) * eigScale;
      evec.refBest = "numpy eig";
      evec.ratio = evec.refMs / evec.ms;
    }
  }
  return rows;
}

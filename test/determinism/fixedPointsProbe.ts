// Seeded problems for the linalg addon's determinism tests, and the SHA-256 of each result's bytes.
// The tests compare these digests across build variants, thread counts and machines
// (fixedPointsGolden / fixedPointsBuilds / fixedPointsThreads). Run as a script it prints every
// digest as one JSON line, for the addon it loads (RNN_ATLAS_LINALG_ADDON picks a binary):
//   node dist/test/determinism/fixedPointsProbe.js
import { createHash } from "node:crypto";
import type { Arch, Nonlinearity } from "../../src/core/types";
import { Rng } from "../../src/core/random";
import { getDynamics, optimiseStates } from "../../src/analysis/fixedPoints";
import type { Dynamics } from "../../src/analysis/fixedPoints/dynamics";
import type { OptimiserOptions, OptimiserResult } from "../../src/analysis/fixedPoints/optimise";
import { eigBatch, type EigVectorsMode } from "../../src/analysis/linalg/eig";
import { loadNativeLinalg, nativeLinalgStatus, type NativeLinalg } from "../../src/analysis/linalg/native";
import { randomModel } from "../analysis/fixedPoints/helpers";

type Bytes = Float64Array | Int32Array | Uint8Array;

export function digest(...arrays: Bytes[]): string {
  const h = createHash("sha256");
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest("hex");
}

export interface SearchCase {
  readonly name: string;
  readonly arch: Arch;
  readonly nl?: Nonlinearity;
  readonly N: number;
  readonly K: number;
  /** One drive row for all points (the usual case) or one per point. */
  readonly sharedDrive: boolean;
  readonly options: OptimiserOptions;
}

const ARCHS: ReadonlyArray<[Arch, Nonlinearity | undefined]> = [
  ["vanilla", "tanh"],
  ["vanilla", "relu"],
  ["linear", undefined],
  ["leaky", "tanh"],
  ["leaky", "identity"],
  ["gru", undefined],
  ["lstm", undefined],
  ["ugrnn", undefined],
];

/** Option sets: the defaults (adaptive lr, clip at the 0.95 quantile of 128 norms), and fixed lr with a tight clip. */
export const OPTION_SETS: Readonly<Record<string, OptimiserOptions>> = {
  defaults: { maxIters: 300 },
  fixedLrTightClip: { maxIters: 300, adaptiveLr: false, clipQuantile: 0.5, clipWindow: 16 },
};

function archName(arch: Arch, nl: Nonlinearity | undefined): string {
  return nl ? `${arch}/${nl}` : arch;
}

/** Golden cases: every architecture at N = 16 (per-point drive) and 24 (shared drive), and a vanilla N = 100 net. */
export function goldenCases(): SearchCase[] {
  const out: SearchCase[] = [];
  for (const [arch, nl] of ARCHS) {
    out.push({ name: `${archName(arch, nl)} N=16 K=64`, arch, ...(nl ? { nl } : {}), N: 16, K: 64, sharedDrive: false, options: { maxIters: 400 } });
    out.push({ name: `${archName(arch, nl)} N=24 K=64 shared drive`, arch, ...(nl ? { nl } : {}), N: 24, K: 64, sharedDrive: true, options: { maxIters: 400 } });
  }
  out.push({ name: "vanilla/tanh N=100 K=64", arch: "vanilla", nl: "tanh", N: 100, K: 64, sharedDrive: true, options: { maxIters: 300 } });
  return out;
}

/** Build-variant cases: odd sizes (N = 7, 13, 100) of every architecture under both option sets. */
export function buildCases(): SearchCase[] {
  const out: SearchCase[] = [];
  for (const [arch, nl] of ARCHS) {
    for (const N of [7, 13, 100]) {
      for (const [set, options] of Object.entries(OPTION_SETS)) {
        // N = 100 kept small: the portable build's scalar std::fma GEMM is ~10× slower.
        const K = N === 100 ? 16 : 64;
        const o = N === 100 ? { ...options, maxIters: 150 } : options;
        out.push({ name: `${archName(arch, nl)} N=${N} K=${K} ${set}`, arch, ...(nl ? { nl } : {}), N, K, sharedDrive: N !== 13, options: o });
      }
    }
  }
  return out;
}

/** Thread cases: large enough (K·N·D) that the search splits its blocks over threads. */
export function threadCases(): SearchCase[] {
  const o: OptimiserOptions = { maxIters: 120 };
  return [
    { name: "vanilla/tanh N=100 K=256", arch: "vanilla", nl: "tanh", N: 100, K: 256, sharedDrive: true, options: o },
    { name: "vanilla/relu N=61 K=300 per-point drive", arch: "vanilla", nl: "relu", N: 61, K: 300, sharedDrive: false, options: { ...o, adaptiveLr: false, clipQuantile: 0.5, clipWindow: 16 } },
    { name: "leaky/tanh N=64 K=300", arch: "leaky", nl: "tanh", N: 64, K: 300, sharedDrive: true, options: o },
    { name: "gru N=40 K=400", arch: "gru", N: 40, K: 400, sharedDrive: false, options: o },
    { name: "lstm N=37 K=400", arch: "lstm", N: 37, K: 400, sharedDrive: true, options: o },
    { name: "ugrnn N=45 K=400", arch: "ugrnn", N: 45, K: 400, sharedDrive: false, options: o },
  ];
}

/** The seeded inputs of a case: the net's Dynamics, initial states and drive rows. */
export function searchProblem(c: SearchCase): { dyn: Dynamics; x0: Float64Array; drive: Float64Array } {
  const I = 2;
  const seed = c.N * 1000 + c.K + c.arch.length;
  const dyn = getDynamics(randomModel(c.arch, c.N, I, seed, c.nl, 1.5));
  const rng = new Rng(seed + 1);
  const S = dyn.stateSize;
  const x0 = Float64Array.from({ length: c.K * S }, () => rng.normal(0, 0.7));
  // The drive rows come from the Rng, not from dyn.drive, so the digests pin the search alone.
  const D = dyn.drive(new Float64Array(I), 1).length;
  const row = Float64Array.from({ length: D }, () => rng.normal(0, 0.5));
  const drive = new Float64Array(c.K * D);
  for (let k = 0; k < c.K; k++) {
    for (let j = 0; j < D; j++) drive[k * D + j] = c.sharedDrive ? row[j]! : rng.normal(0, 0.5);
  }
  return { dyn, x0, drive };
}

/** The search's result digest (final states, q, iteration counts, convergence flags) and how many iterations ran. */
export function runSearch(c: SearchCase): { digest: string; itersRun: number; result: OptimiserResult } {
  const { dyn, x0, drive } = searchProblem(c);
  const r = optimiseStates(dyn, x0, drive, c.K, c.options);
  return { digest: digest(r.x, r.q, r.iterations, r.converged), itersRun: r.itersRun, result: r };
}

export function seededMatrices(seed: number, length: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length }, () => rng.normal());
}

export const EIG_SIZES: ReadonlyArray<[number, number]> = [
  [1, 3], [2, 5], [7, 6], [13, 4], [37, 3], [100, 2],
];

/** eigBatch digests (values, and right / both eigenvectors) per size, with the given backend and threads. */
export function eigDigests(backend: "auto" | "native" | "js", threads?: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, count] of EIG_SIZES) {
    const mats = seededMatrices(n * 7 + count, n * n * count);
    for (const vectors of ["none", "right", "both"] as EigVectorsMode[]) {
      const r = eigBatch(mats, n, count, { vectors, backend, sort: "none", ...(threads ? { threads } : {}) });
      const parts: Float64Array[] = [r.re, r.im];
      for (const a of [r.rightRe, r.rightIm, r.leftRe, r.leftIm]) if (a) parts.push(a);
      out[`eig n=${n} ×${count} ${vectors}`] = digest(...parts);
    }
  }
  return out;
}

export const GEMM_SIZES: ReadonlyArray<[number, number, number]> = [
  [1, 1, 1], [7, 13, 5], [13, 7, 100], [37, 100, 101], [100, 100, 100], [1024, 100, 100], [130, 33, 47],
];

/** The addon's gemm (overwrite and accumulate) and invertBatch digests with the given thread count. */
export function gemmInvertDigests(mod: NativeLinalg, threads: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!mod.gemm) throw new Error("the linalg addon has no gemm: rebuild it (node native/linalg/build.js)");
  for (const [m, k, n] of GEMM_SIZES) {
    const a = seededMatrices(m + 3 * k, m * k);
    const b = seededMatrices(n + 5 * k, k * n);
    for (const acc of [false, true]) {
      const c = seededMatrices(m + n, m * n);
      mod.gemm(a, b, c, m, k, n, acc, threads);
      out[`gemm ${m}×${k}×${n}${acc ? " acc" : ""}`] = digest(c);
    }
  }
  if (!mod.invertBatch) throw new Error("the linalg addon has no invertBatch: rebuild it (node native/linalg/build.js)");
  for (const [n, count] of [[7, 5], [13, 4], [100, 3]] as Array<[number, number]>) {
    const mats = seededMatrices(n * 11 + count, n * n * count);
    const inv = new Float64Array(n * n * count);
    const ok = new Uint8Array(count);
    mod.invertBatch(mats, n, count, inv, ok, threads);
    out[`invert n=${n} ×${count}`] = digest(inv, ok);
  }
  return out;
}

/** Why the native search cannot be checked here (null when it can). */
export function nativeSearchUnavailable(): string | null {
  if (process.env.RNN_ATLAS_NO_NATIVE === "1") return "RNN_ATLAS_NO_NATIVE=1: the JS search agrees with the native one only to rounding";
  if (process.env.RNN_ATLAS_NO_FUSED === "1") return "RNN_ATLAS_NO_FUSED=1: the JS search agrees with the native one only to rounding";
  return null;
}

/** The addon, or an error that says why it did not load and how to fix it. */
export function requireAddon(): NativeLinalg {
  const mod = loadNativeLinalg();
  if (!mod) {
    throw new Error(
      `the linalg addon did not load (${nativeLinalgStatus().reason}). Build it with \`node native/linalg/build.js\` ` +
        "(or `npm run build:native`), or set RNN_ATLAS_NO_NATIVE=1 to test only the JS paths.",
    );
  }
  return mod;
}

/** Every digest of the loaded addon, for comparing another build or machine. */
export function allDigests(threads = 1): { build: unknown; search: Record<string, string>; linalg: Record<string, string> } {
  const mod = requireAddon();
  const search: Record<string, string> = {};
  for (const c of [...goldenCases(), ...buildCases()]) search[c.name] = runSearch(c).digest;
  const linalg = { ...eigDigests("native", threads), ...gemmInvertDigests(mod, threads) };
  return { build: nativeLinalgStatus().build ?? null, search, linalg };
}

if (require.main === module) {
  const threads = Number(process.env.PROBE_THREADS ?? 1);
  console.log(JSON.stringify(allDigests(threads)));
}

/**
 * Loader for the optional C++ linear-algebra addon (native/linalg). Absent addon → null, and every
 * caller falls back to the JS kernels, so the library works without a compiler. Its results are
 * the same bytes on every CPU and thread count, whichever build variant loads (native/linalg/src/simd.h).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface NativeLinalg {
  /**
   * Raw batched eigen-decomposition (same algorithm as hessenbergQr.ts): eigenvalues in QR order
   * into re/im, real-packed right eigenvectors into `packed` when it is non-null. threads 0 = all.
   */
  eigBatch(
    mats: Float64Array,
    n: number,
    count: number,
    re: Float64Array,
    im: Float64Array,
    packed: Float64Array | null,
    threads: number,
  ): void;
  /** out[b] = inverse of matrix b (LU, partial pivoting); ok[b] = 0 where singular. */
  invertBatch?(mats: Float64Array, n: number, count: number, out: Float64Array, ok: Uint8Array, threads: number): void;
  /**
   * C (+)= A·B for row-major float64 A [m×k], B [k×n], C [m×n] (register-blocked, vectorised,
   * rows split over `threads` threads, 0 = all). Absent in addons built before it was added.
   */
  gemm?(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number, accumulate: boolean, threads: number): void;
  /** Hardware threads the addon will use by default. */
  threads(): number;
  /** Kernels compiled in (absent in addons built before it was added). */
  buildInfo?(): NativeBuildInfo;
}

/** What native/linalg/build.js compiled: instruction set of the kernels, GEMM register tile, variant. */
export interface NativeBuildInfo {
  /** "avx512" | "avx2+fma" | "neon" | "scalar" */
  readonly isa: string;
  /** rows×columns of C held in registers, e.g. "4x12". */
  readonly gemmTile: string;
  /** Built with RNN_ATLAS_PORTABLE=1 (no -march=native). */
  readonly portable: boolean;
}

let cached: NativeLinalg | null | undefined;
let loadError: string | undefined;
let loadedFrom: string | undefined;

/** Candidate addon locations: env override, then the package's native build, then its portable build. */
function candidates(): string[] {
  const out: string[] = [];
  if (process.env.RNN_ATLAS_LINALG_ADDON) out.push(process.env.RNN_ATLAS_LINALG_ADDON);
  // Walk up from this file (src/analysis/linalg or dist/src/analysis/linalg) to the package root.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    for (const variant of ["Release", "Portable"]) out.push(path.join(dir, "native", "linalg", "build", variant, "rnn_atlas_linalg.node"));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** CPU features a binary was compiled for (cpu.json from native/linalg/build.js) that this CPU lacks. */
function missingCpuFlags(nodeFile: string): string[] {
  try {
    const rec = JSON.parse(fs.readFileSync(path.join(path.dirname(nodeFile), "cpu.json"), "utf8")) as { flags?: string[] };
    const line = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => /^(flags|Features)\s*:/.test(l));
    if (!line || !rec.flags) return [];
    const have = new Set(line.split(":")[1]!.trim().split(/\s+/));
    return rec.flags.filter((f) => !have.has(f));
  } catch {
    return [];
  }
}

/** The addon, or null if it is not built / disabled with RNN_ATLAS_NO_NATIVE=1. */
export function loadNativeLinalg(): NativeLinalg | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.RNN_ATLAS_NO_NATIVE === "1") {
    loadError = "disabled by RNN_ATLAS_NO_NATIVE=1";
    return cached;
  }
  for (const p of candidates()) {
    if (!fs.existsSync(p)) continue;
    const missing = missingCpuFlags(p);
    if (missing.length > 0) {
      loadError = `${p} was compiled for a CPU with ${missing.join(", ")}, which this one lacks; rebuild it here (node native/linalg/build.js) or build the portable variant (RNN_ATLAS_PORTABLE=1)`;
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(p) as NativeLinalg;
      if (typeof mod.eigBatch === "function") {
        cached = mod;
        loadedFrom = p;
        return cached;
      }
    } catch (e) {
      loadError = `${p}: ${(e as Error).message}`;
    }
  }
  if (!loadError) loadError = "addon not built (run `node native/linalg/build.js`)";
  return cached;
}

/** Whether the addon is in use, from which file and with which kernels, or why not. */
export function nativeLinalgStatus(): { loaded: boolean; reason?: string; path?: string; build?: NativeBuildInfo } {
  const m = loadNativeLinalg();
  if (!m) return { loaded: false, reason: loadError };
  return { loaded: true, path: loadedFrom!, ...(typeof m.buildInfo === "function" ? { build: m.buildInfo() } : {}) };
}

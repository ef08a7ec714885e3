/**
 * Loader for the optional C++ linear-algebra addon (native/linalg). Absent addon → null, and every
 * caller falls back to the JS kernels, so the library works without a compiler.
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
}

let cached: NativeLinalg | null | undefined;
let loadError: string | undefined;

/** Candidate addon locations: env override, then the package's native/linalg build folder. */
function candidates(): string[] {
  const out: string[] = [];
  if (process.env.RNN_ATLAS_LINALG_ADDON) out.push(process.env.RNN_ATLAS_LINALG_ADDON);
  // Walk up from this file (src/analysis/linalg or dist/src/analysis/linalg) to the package root.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, "native", "linalg", "build", "Release", "rnn_atlas_linalg.node");
    out.push(p);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
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
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(p) as NativeLinalg;
      if (typeof mod.eigBatch === "function") {
        cached = mod;
        return cached;
      }
    } catch (e) {
      loadError = `${p}: ${(e as Error).message}`;
    }
  }
  if (!loadError) loadError = "addon not built (run `node native/linalg/build.js`)";
  return cached;
}

/** Why the addon is not in use (undefined when it is). */
export function nativeLinalgStatus(): { loaded: boolean; reason?: string } {
  const m = loadNativeLinalg();
  return m ? { loaded: true } : { loaded: false, reason: loadError };
}

import { loadNativeLinalg } from "../linalg/native";

type NativeGemm = (a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number, accumulate: boolean, threads: number) => void;

let nativeGemm: NativeGemm | null | undefined;
let gemmThreads = 1;

/** The addon's gemm when it is built (and not disabled by RNN_ATLAS_NO_NATIVE=1), else null. */
function getNativeGemm(): NativeGemm | null {
  if (nativeGemm === undefined) {
    const mod = loadNativeLinalg();
    nativeGemm = mod && typeof mod.gemm === "function" ? mod.gemm.bind(mod) : null;
    const env = Number(process.env.RNN_ATLAS_GEMM_THREADS);
    // One thread by default: on a 2-core machine a second GEMM thread measured slower (it competes
    // with the JS elementwise work and other processes); RNN_ATLAS_GEMM_THREADS=n overrides.
    gemmThreads = Number.isInteger(env) && env > 0 ? env : 1;
  }
  return nativeGemm;
}

/** Which gemm `gemm` dispatches to for large products. */
export function gemmBackend(): "native" | "js" {
  return getNativeGemm() ? "native" : "js";
}

/** Below this many multiply-adds the N-API call costs more than it saves. */
const NATIVE_MIN_MADDS = 2048;

/**
 * Dense float64 matrix product for the batched fixed-point search: C (+)= A·B with row-major
 * A [m×k], B [k×n], C [m×n]. Uses the native addon's vectorised, threaded kernel when it is built
 * (same summation order per element, so results agree with the JS kernel to rounding), else
 * `gemmJs`.
 */
export function gemm(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const nat = m * k * n >= NATIVE_MIN_MADDS ? getNativeGemm() : null;
  if (nat) nat(a, b, c, m, k, n, accumulate, gemmThreads);
  else gemmJs(a, b, c, m, k, n, accumulate);
}

/**
 * The JS kernel: register-blocked 4×4 micro-kernel; each loaded A and B value is used four times
 * from locals, which is what lets V8 keep the inner loop in registers.
 */
export function gemmJs(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      let bp = j;
      for (let p = 0; p < k; p++, bp += n) {
        const b0 = b[bp]!, b1 = b[bp + 1]!, b2 = b[bp + 2]!, b3 = b[bp + 3]!;
        const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
      }
      c[c0 + j] += s00; c[c0 + j + 1] += s01; c[c0 + j + 2] += s02; c[c0 + j + 3] += s03;
      c[c1 + j] += s10; c[c1 + j + 1] += s11; c[c1 + j + 2] += s12; c[c1 + j + 3] += s13;
      c[c2 + j] += s20; c[c2 + j + 1] += s21; c[c2 + j + 2] += s22; c[c2 + j + 3] += s23;
      c[c3 + j] += s30; c[c3 + j + 1] += s31; c[c3 + j + 2] += s32; c[c3 + j + 3] += s33;
    }
    for (let j = n4; j < n; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const bv = b[p * n + j]!;
        s0 += a[a0 + p]! * bv; s1 += a[a1 + p]! * bv; s2 += a[a2 + p]! * bv; s3 += a[a3 + p]! * bv;
      }
      c[c0 + j] += s0; c[c1 + j] += s1; c[c2 + j] += s2; c[c3 + j] += s3;
    }
  }
  for (let i = m4; i < m; i++) {
    const ar = i * k;
    const cr = i * n;
    for (let p = 0; p < k; p++) {
      const x = a[ar + p]!;
      if (x === 0) continue;
      const br = p * n;
      for (let j = 0; j < n; j++) c[cr + j] += x * b[br + j]!;
    }
  }
}

/** Transpose a row-major [rows×cols] matrix into a new [cols×rows] one. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

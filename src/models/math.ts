/**
 * Small float64 helpers shared by the architecture modules (reference step, JS kernel, dynamics).
 * Matrices are row-major; the reference path favours clarity and exactness over speed.
 */
import type { Nonlinearity } from "../core/types";
import type { PhiCodeValue } from "./arch/codes";

/** out[r] += Σ_c W[r, c] · x[c] for rows [rowStart, rowStart + rows) of W (cols columns). */
export function matVecAcc(
  W: Float64Array,
  cols: number,
  x: ArrayLike<number>,
  out: Float64Array,
  rows: number = out.length,
  rowStart = 0,
  outOffset = 0,
): void {
  for (let r = 0; r < rows; r++) {
    const base = (rowStart + r) * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) s += W[base + c]! * x[c]!;
    out[outOffset + r]! += s;
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** φ as a scalar function. */
export function phiFn(nl: Nonlinearity): (x: number) => number {
  switch (nl) {
    case "tanh":
      return Math.tanh;
    case "relu":
      return (x) => (x > 0 ? x : 0);
    case "identity":
      return (x) => x;
  }
}

/**
 * φ by code (codes.ts), as the training kernels compute it: relu keeps NaN (0 · NaN = NaN) so that a
 * blown-up network shows a NaN loss (kernel non-finite policy, src/kernels/plan.ts).
 */
export function phiCode(code: PhiCodeValue, a: number): number {
  return code === 0 ? Math.tanh(a) : code === 1 ? (a > 0 ? a : 0 * a) : a;
}

/** φ'(a) by code, through a and p = φ(a) (tanh: 1 − p², relu: a > 0, identity: 1). */
export function dphiCode(code: PhiCodeValue, a: number, p: number): number {
  return code === 0 ? 1 - p * p : code === 1 ? (a > 0 ? 1 : 0) : 1;
}

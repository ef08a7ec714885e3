/**
 * Small float64 helpers shared by the reference forward passes.
 * Matrices are row-major; the reference path favours clarity and exactness over speed.
 */
import type { Nonlinearity } from "../core/types";

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

/**
 * The one place the fixed-point code calls an eigen-solver, so switching solvers is a one-line
 * change. Uses the analysis area's batched float64 solver (native addon when built, else JS
 * Hessenberg–QR). Conventions (from src/analysis/linalg/eig.ts): values sorted per matrix;
 * rightRe/Im[b·n² + i·n + k] = component i of right eigenvector k (column k, unit norm);
 * left eigenvectors as columns u_k with u_kᴴ A = λ_k u_kᴴ, u_kᴴ v_k = 1.
 */
import { eigBatch } from "../linalg/eig";

export interface EigenBatch {
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly rightRe: Float64Array;
  readonly rightIm: Float64Array;
  readonly leftRe: Float64Array;
  readonly leftIm: Float64Array;
}

/**
 * Eigenvalues and left/right eigenvectors of `count` n×n row-major matrices.
 * order "abs": |λ| descending (discrete maps); "real": Re λ descending (continuous vector fields).
 */
export function eigenBatch(mats: Float64Array, n: number, count: number, order: "abs" | "real"): EigenBatch {
  if (count === 0) {
    const e = new Float64Array(0);
    return { re: e, im: e, rightRe: e, rightIm: e, leftRe: e, leftIm: e };
  }
  const r = eigBatch(mats, n, count, { vectors: "both", sort: order });
  if (!r.rightRe || !r.rightIm || !r.leftRe || !r.leftIm) {
    throw new Error("eigenBatch: the eigen-solver returned no eigenvectors although vectors: 'both' was requested.");
  }
  return { re: r.re, im: r.im, rightRe: r.rightRe, rightIm: r.rightIm, leftRe: r.leftRe, leftIm: r.leftIm };
}

/**
 * The connectivity change of a trained network, ΔW = W − W0, next to W0 and W (Schuessler et al.
 * 2020, claim 1): singular values of all three, Frobenius norms, the SVD of ΔW (for truncation and
 * overlaps) and the variance explained by its top components.
 */
import type { Model } from "../../core/types";
import { svd, type SvdResult } from "../linalg/decompositions";
import type { DenseMatrix, MatrixLike } from "../linalg/matrix";
import { addScaled, frobenius, recurrentMatrix, squareMatrix } from "./matrices";

export const CONNECTIVITY_CHANGE_KIND = "rnn-atlas.lowRank.connectivityChange";

export interface ConnectivityChange {
  readonly kind: typeof CONNECTIVITY_CHANGE_KIND;
  /** Optional label (task, g, seed) used in plots. */
  readonly label?: string;
  readonly n: number;
  readonly w0: DenseMatrix;
  readonly w: DenseMatrix;
  /** ΔW = W − W0. */
  readonly delta: DenseMatrix;
  /** Singular values, descending. */
  readonly s0: Float64Array;
  readonly s: Float64Array;
  readonly sDelta: Float64Array;
  /** Thin SVD of ΔW (u, v: N×N columns, sign-fixed). */
  readonly deltaSvd: SvdResult;
  /** Frobenius norms ‖W0‖, ‖W‖, ‖ΔW‖ (‖ΔW‖ = √Σ s_i²). */
  readonly norms: { readonly w0: number; readonly w: number; readonly delta: number };
  /** Cumulative fraction Σ_{i≤r} s_i² / Σ s_i² of ΔW, r = 1..N. */
  readonly varianceExplained: Float64Array;
}

/** Cumulative variance explained by the top singular values: Σ_{i≤r} s_i² / Σ s_i², r = 1..n. */
export function varianceExplained(s: ArrayLike<number>): Float64Array {
  const out = new Float64Array(s.length);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i]! * s[i]!;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc += s[i]! * s[i]!;
    out[i] = total > 0 ? acc / total : 0;
  }
  return out;
}

/** Numerical rank: number of singular values above relTol·s_max (default 1e-8). */
export function numericalRank(s: ArrayLike<number>, relTol = 1e-8): number {
  const top = s.length ? s[0]! : 0;
  if (!(top > 0)) return 0;
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i]! > relTol * top) r++;
  return r;
}

/** ΔW = W − W0 and the spectra of W0, W, ΔW (float64 SVDs). */
export function connectivityChange(w0: MatrixLike, w: MatrixLike, opts: { label?: string } = {}): ConnectivityChange {
  const a = squareMatrix(w0, "connectivityChange(w0)");
  const b = squareMatrix(w, "connectivityChange(w)");
  if (a.rows !== b.rows) throw new Error(`connectivityChange: W0 is ${a.rows}×${a.rows} but W is ${b.rows}×${b.rows}.`);
  const delta = addScaled(b, a, -1);
  const deltaSvd = svd(delta);
  return {
    kind: CONNECTIVITY_CHANGE_KIND,
    ...(opts.label !== undefined ? { label: opts.label } : {}),
    n: a.rows,
    w0: a,
    w: b,
    delta,
    s0: svd(a).s,
    s: svd(b).s,
    sDelta: deltaSvd.s,
    deltaSvd,
    norms: { w0: frobenius(a), w: frobenius(b), delta: frobenius(delta) },
    varianceExplained: varianceExplained(deltaSvd.s),
  };
}

/** connectivityChange of a trained model relative to its initial weights. */
export function modelConnectivityChange(initial: Model, trained: Model, opts: { label?: string } = {}): ConnectivityChange {
  return connectivityChange(recurrentMatrix(initial), recurrentMatrix(trained), opts);
}

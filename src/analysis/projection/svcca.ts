/**
 * SVCCA distance between two networks' activity on the same input battery (Raghu et al. 2017, as used
 * by Maheswaranathan et al. 2019): centre each unit, keep each network's top-k singular directions,
 * run CCA between the reduced activities, distance = 1 − mean canonical correlation.
 */
import { svd } from "../linalg/decompositions";
import { DenseMatrix, MatrixLike, assertFinite, centerColumns, toDense } from "../linalg/matrix";
import { cca } from "./cca";

export interface SvccaOptions {
  /** Singular directions kept per network (default 10; capped at each network's rank). */
  k?: number;
  /**
   * Alternative to k: keep the fewest directions explaining this fraction of variance (e.g. 0.95).
   * Fixed k (default) keeps every pair at equal dimension, which the paper's reproduction prefers.
   */
  varianceFraction?: number;
}

export interface SvccaResult {
  /** 1 − mean(correlations), in [0, 1]. */
  readonly distance: number;
  readonly correlations: Float64Array;
  /** Directions kept for X and Y. */
  readonly kX: number;
  readonly kY: number;
}

/** Top singular directions of centred X as scores U_k·S_k [samples, k]. */
export function svdReduce(x: MatrixLike, opts: SvccaOptions = {}): DenseMatrix {
  const X = centerColumns(toDense(x, "svdReduce"));
  assertFinite(X, "svdReduce");
  const { s, u } = svd(X);
  const kAll = s.length;
  let rank = 0;
  while (rank < kAll && s[rank] > 1e-10 * s[0] && s[rank] > 0) rank++;
  let k: number;
  if (opts.varianceFraction !== undefined) {
    const f = opts.varianceFraction;
    if (!(f > 0 && f <= 1)) throw new Error(`svcca: varianceFraction must be in (0, 1], got ${f}.`);
    let tot = 0;
    for (let i = 0; i < rank; i++) tot += s[i] * s[i];
    let acc = 0;
    k = 0;
    while (k < rank && acc < f * tot * (1 - 1e-12)) acc += s[k] * s[k++];
  } else {
    const kk = opts.k ?? 10;
    if (!Number.isInteger(kk) || kk < 1) throw new Error(`svcca: k must be a positive integer, got ${opts.k}.`);
    k = Math.min(kk, rank);
  }
  k = Math.max(k, Math.min(1, rank));
  const out = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) for (let c = 0; c < k; c++) out[i * k + c] = u.data[i * kAll + c] * s[c];
  return { rows: X.rows, cols: k, data: out };
}

/** SVCCA between activities X [samples, unitsX] and Y [samples, unitsY] on the same samples. */
export function svcca(x: MatrixLike, y: MatrixLike, opts: SvccaOptions = {}): SvccaResult {
  const X = toDense(x, "svcca(X)");
  const Y = toDense(y, "svcca(Y)");
  if (X.rows !== Y.rows) {
    throw new Error(`svcca: X has ${X.rows} samples but Y has ${Y.rows}; run both networks on the same input battery.`);
  }
  const a = svdReduce(X, opts);
  const b = svdReduce(Y, opts);
  const r = cca(a, b);
  let mean = 0;
  for (const c of r.correlations) mean += c;
  mean /= r.correlations.length;
  return { distance: Math.max(0, 1 - mean), correlations: r.correlations, kX: a.cols, kY: b.cols };
}

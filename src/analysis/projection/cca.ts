/**
 * Canonical correlation analysis between two activity matrices recorded on the same samples
 * (rows = the same trials × time points, columns = each network's units).
 *
 * Computed from orthonormal bases of the centred column spaces (thin SVD): the canonical
 * correlations are the singular values of U_xᵀ U_y, i.e. the cosines of the principal angles
 * between the two subspaces. Directions whose singular value is below `rankTol`·s_max are dropped,
 * so rank-deficient data (fewer independent units than columns) is handled.
 */
import { svd } from "../linalg/decompositions";
import { DenseMatrix, MatrixLike, assertFinite, centerColumns, matmulTN, toDense } from "../linalg/matrix";

export interface CcaOptions {
  /** Relative singular-value cut-off for the rank of each data set. Default 1e-10. */
  rankTol?: number;
}

export interface CcaResult {
  /** Canonical correlations, descending, length min(rank X, rank Y). */
  readonly correlations: Float64Array;
  /** featuresX × m: canonical weights; X_c·xWeights has unit-norm, mutually orthogonal columns. */
  readonly xWeights: DenseMatrix;
  readonly yWeights: DenseMatrix;
  /** Canonical variates (samples × m): X_c·xWeights and Y_c·yWeights. */
  readonly xScores: DenseMatrix;
  readonly yScores: DenseMatrix;
  readonly rankX: number;
  readonly rankY: number;
}

interface Basis {
  u: DenseMatrix; // samples × r
  w: DenseMatrix; // features × r, with X_c·w = u
  r: number;
}

function orthonormalBasis(Xc: DenseMatrix, tol: number): Basis {
  const { s, u, v } = svd(Xc);
  const k = s.length;
  let r = 0;
  while (r < k && s[r] > tol * s[0] && s[r] > 0) r++;
  const U = new Float64Array(Xc.rows * r);
  for (let i = 0; i < Xc.rows; i++) for (let c = 0; c < r; c++) U[i * r + c] = u.data[i * k + c];
  const W = new Float64Array(Xc.cols * r);
  for (let f = 0; f < Xc.cols; f++) for (let c = 0; c < r; c++) W[f * r + c] = v.data[f * k + c] / s[c];
  return { u: { rows: Xc.rows, cols: r, data: U }, w: { rows: Xc.cols, cols: r, data: W }, r };
}

function mul(a: DenseMatrix, b: DenseMatrix, bCols: number): DenseMatrix {
  // a (n×p) · b[:, :bCols] (p×bCols)
  const out = new Float64Array(a.rows * bCols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const f = a.data[i * a.cols + k];
      if (f === 0) continue;
      for (let j = 0; j < bCols; j++) out[i * bCols + j] += f * b.data[k * b.cols + j];
    }
  }
  return { rows: a.rows, cols: bCols, data: out };
}

/** CCA of X [samples, p] and Y [samples, q]. */
export function cca(x: MatrixLike, y: MatrixLike, opts: CcaOptions = {}): CcaResult {
  const X = toDense(x, "cca(X)");
  const Y = toDense(y, "cca(Y)");
  if (X.rows !== Y.rows) {
    throw new Error(
      `cca: X has ${X.rows} samples but Y has ${Y.rows}; both must be recorded on the same trials/time points.`,
    );
  }
  if (X.rows < 2) throw new Error(`cca: need at least 2 samples, got ${X.rows}.`);
  assertFinite(X, "cca(X)");
  assertFinite(Y, "cca(Y)");
  const tol = opts.rankTol ?? 1e-10;
  const bx = orthonormalBasis(centerColumns(X), tol);
  const by = orthonormalBasis(centerColumns(Y), tol);
  const m = Math.min(bx.r, by.r);
  if (m === 0) {
    throw new Error("cca: one of the data sets is constant (zero variance after centring); nothing to correlate.");
  }
  const M = matmulTN(bx.u, by.u); // rx × ry
  const { s, u: a, v: b } = svd(M);
  const correlations = Float64Array.from(s.subarray(0, m), (c) => Math.min(1, c));
  const xWeights = mul(bx.w, a, m);
  const yWeights = mul(by.w, b, m);
  return {
    correlations,
    xWeights,
    yWeights,
    xScores: mul(bx.u, a, m),
    yScores: mul(by.u, b, m),
    rankX: bx.r,
    rankY: by.r,
  };
}

/**
 * Orthogonal Procrustes distance between two representations of the same samples: centre, scale to
 * unit Frobenius norm, rotate/reflect X onto Y optimally, measure what is left.
 */
import { svd } from "../linalg/decompositions";
import { DenseMatrix, MatrixLike, assertFinite, centerColumns, frobeniusNorm, matmulTN, toDense } from "../linalg/matrix";

export interface ProcrustesOptions {
  /** Subtract column means first (default true). */
  center?: boolean;
  /** Scale each matrix to unit Frobenius norm first (default true). */
  normalize?: boolean;
}

export interface ProcrustesResult {
  /** ‖X̂R − Ŷ‖_F after the optimal orthogonal R; in [0, 2] when normalised (0 = same shape). */
  readonly distance: number;
  /** Angular shape distance arccos(Σσ) (Williams et al. 2021), in [0, π/2] when normalised. */
  readonly angular: number;
  /** 1 − (Σσ)², as scipy.spatial.procrustes reports (allows an optimal scale too). */
  readonly disparity: number;
  /** The orthogonal map (d × d, d = max of the two feature counts; the smaller side is zero-padded). */
  readonly rotation: DenseMatrix;
}

function pad(a: DenseMatrix, cols: number): DenseMatrix {
  if (a.cols === cols) return a;
  const out = new Float64Array(a.rows * cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[i * cols + j] = a.data[i * a.cols + j];
  return { rows: a.rows, cols, data: out };
}

/** Procrustes distance between X [samples, p] and Y [samples, q] (p ≠ q: the smaller is zero-padded). */
export function procrustes(x: MatrixLike, y: MatrixLike, opts: ProcrustesOptions = {}): ProcrustesResult {
  let X = toDense(x, "procrustes(X)");
  let Y = toDense(y, "procrustes(Y)");
  if (X.rows !== Y.rows) {
    throw new Error(`procrustes: X has ${X.rows} samples but Y has ${Y.rows}; rows must be the same samples.`);
  }
  assertFinite(X, "procrustes(X)");
  assertFinite(Y, "procrustes(Y)");
  if (opts.center ?? true) {
    X = centerColumns(X);
    Y = centerColumns(Y);
  }
  const normalize = opts.normalize ?? true;
  const nx = frobeniusNorm(X);
  const ny = frobeniusNorm(Y);
  if (normalize) {
    if (nx === 0 || ny === 0) throw new Error("procrustes: a representation is constant (zero norm after centring).");
    X = { ...X, data: X.data.map((v) => v / nx) };
    Y = { ...Y, data: Y.data.map((v) => v / ny) };
  }
  const d = Math.max(X.cols, Y.cols);
  X = pad(X, d);
  Y = pad(Y, d);
  const M = matmulTN(X, Y); // d × d
  const { s, u, v } = svd(M);
  let sum = 0;
  for (const sv of s) sum += sv;
  // R = U Vᵀ maximises tr(Rᵀ Xᵀ Y) = Σσ.
  const R = new Float64Array(d * d);
  const k = s.length;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let acc = 0;
      for (let c = 0; c < k; c++) acc += u.data[i * k + c] * v.data[j * k + c];
      R[i * d + j] = acc;
    }
  }
  // Residual computed directly (not as xx + yy − 2Σσ, which cancels to ~1e-8 for equal shapes).
  let dist2 = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < d; j++) {
      let acc = -Y.data[i * d + j];
      for (let c = 0; c < d; c++) acc += X.data[i * d + c] * R[c * d + j];
      dist2 += acc * acc;
    }
  }
  const distance = Math.sqrt(dist2);
  // Angle between the aligned shapes on the unit sphere: ‖x̂ − ŷ‖ = 2 sin(θ/2).
  const chord = normalize ? distance : Math.sqrt(Math.max(0, 2 - (2 * sum) / (nx * ny)));
  const angular = 2 * Math.asin(Math.min(1, chord / 2));
  return {
    distance,
    angular,
    disparity: Math.sin(angular) ** 2,
    rotation: { rows: d, cols: d, data: R },
  };
}

/** Just the distance: convenient as a `pairwiseDistances` metric. */
export function procrustesDistance(x: MatrixLike, y: MatrixLike, opts: ProcrustesOptions = {}): number {
  return procrustes(x, y, opts).distance;
}

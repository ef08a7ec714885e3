/**
 * Float64 SVD, symmetric eigen-decomposition, linear solves and pseudo-inverse, wrapping ml-matrix
 * so callers get DenseMatrix / Float64Array results with a fixed order (descending) and a
 * deterministic sign per vector (largest-magnitude component positive).
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition, solve as mlSolve } from "ml-matrix";
import { DenseMatrix, MatrixLike, assertFinite, toDense } from "./matrix";

function toMl(a: DenseMatrix): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m.set(i, j, a.data[i * a.cols + j]);
  return m;
}

function fromMl(m: Matrix, cols?: number[]): DenseMatrix {
  const idx = cols ?? Array.from({ length: m.columns }, (_, j) => j);
  const out = new Float64Array(m.rows * idx.length);
  for (let i = 0; i < m.rows; i++) for (let k = 0; k < idx.length; k++) out[i * idx.length + k] = m.get(i, idx[k]);
  return { rows: m.rows, cols: idx.length, data: out };
}

/** Flips column signs of `a` (and the same columns of `b`) so each column's largest entry is positive. */
function fixSigns(a: DenseMatrix, b?: DenseMatrix): void {
  for (let j = 0; j < a.cols; j++) {
    let big = 0;
    let sgn = 1;
    for (let i = 0; i < a.rows; i++) {
      const v = a.data[i * a.cols + j];
      if (Math.abs(v) > big) {
        big = Math.abs(v);
        sgn = v < 0 ? -1 : 1;
      }
    }
    if (sgn < 0) {
      for (let i = 0; i < a.rows; i++) a.data[i * a.cols + j] = -a.data[i * a.cols + j];
      if (b) for (let i = 0; i < b.rows; i++) b.data[i * b.cols + j] = -b.data[i * b.cols + j];
    }
  }
}

/** Thin SVD A = U·diag(s)·Vᵀ with k = min(rows, cols) components, s descending. */
export interface SvdResult {
  readonly s: Float64Array;
  /** rows × k, orthonormal columns. */
  readonly u: DenseMatrix;
  /** cols × k, orthonormal columns. */
  readonly v: DenseMatrix;
}

export function svd(matrix: MatrixLike): SvdResult {
  const a = toDense(matrix, "svd");
  assertFinite(a, "svd");
  const k = Math.min(a.rows, a.cols);
  if (k === 0) return { s: new Float64Array(0), u: { rows: a.rows, cols: 0, data: new Float64Array(0) }, v: { rows: a.cols, cols: 0, data: new Float64Array(0) } };
  // ml-matrix's SVD wants rows ≥ cols; decompose the transpose otherwise and swap U and V.
  const tall = a.rows >= a.cols;
  const m = tall ? toMl(a) : toMl(a).transpose();
  const d = new SingularValueDecomposition(m, { autoTranspose: false });
  const sv = d.diagonal;
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => sv[y] - sv[x]);
  const s = Float64Array.from(order, (i) => Math.max(sv[i], 0));
  let u = fromMl(d.leftSingularVectors, order);
  let v = fromMl(d.rightSingularVectors, order);
  if (!tall) [u, v] = [v, u];
  fixSigns(u, v);
  return { s, u, v };
}

/** Eigen-decomposition of a symmetric matrix: values descending, vectors as orthonormal columns. */
export interface SymmetricEigResult {
  readonly values: Float64Array;
  readonly vectors: DenseMatrix;
}

export function symmetricEig(matrix: MatrixLike): SymmetricEigResult {
  const a = toDense(matrix, "symmetricEig");
  if (a.rows !== a.cols) throw new Error(`symmetricEig: matrix must be square, got ${a.rows}×${a.cols}.`);
  assertFinite(a, "symmetricEig");
  const n = a.rows;
  let asym = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      asym = Math.max(asym, Math.abs(a.data[i * n + j] - a.data[j * n + i]));
      scale = Math.max(scale, Math.abs(a.data[i * n + j]));
    }
  }
  if (asym > 1e-8 * Math.max(scale, 1e-300)) {
    throw new Error(`symmetricEig: matrix is not symmetric (max |A - Aᵀ| = ${asym}); use eig() for general matrices.`);
  }
  // Symmetrise exactly so the tridiagonal solver sees a symmetric input.
  const sym = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym.set(i, j, 0.5 * (a.data[i * n + j] + a.data[j * n + i]));
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const vals = e.realEigenvalues;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => vals[y] - vals[x]);
  const vectors = fromMl(e.eigenvectorMatrix, order);
  fixSigns(vectors);
  return { values: Float64Array.from(order, (i) => vals[i]), vectors };
}

/** Solves A·X = B (A square and non-singular, or least squares for tall A). */
export function solve(a: MatrixLike, b: MatrixLike): DenseMatrix {
  const A = toDense(a, "solve(A)");
  const B = toDense(b, "solve(B)");
  if (A.rows !== B.rows) throw new Error(`solve: A has ${A.rows} rows but B has ${B.rows}.`);
  assertFinite(A, "solve(A)");
  assertFinite(B, "solve(B)");
  const x = mlSolve(toMl(A), toMl(B));
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.columns; j++) {
      if (!Number.isFinite(x.get(i, j))) {
        throw new Error("solve: A is singular to working precision; use pinv(A) for a least-squares solution.");
      }
    }
  }
  return fromMl(x);
}

/** Moore–Penrose pseudo-inverse; singular values below rcond·s_max count as zero. */
export function pinv(a: MatrixLike, rcond = 1e-12): DenseMatrix {
  const A = toDense(a, "pinv");
  const { s, u, v } = svd(A);
  const k = s.length;
  const cut = (s[0] ?? 0) * rcond;
  const out = new Float64Array(A.cols * A.rows);
  for (let c = 0; c < k; c++) {
    if (!(s[c] > cut) || s[c] === 0) continue;
    const inv = 1 / s[c];
    for (let i = 0; i < A.cols; i++) {
      const f = v.data[i * k + c] * inv;
      if (f === 0) continue;
      for (let j = 0; j < A.rows; j++) out[i * A.rows + j] += f * u.data[j * k + c];
    }
  }
  return { rows: A.cols, cols: A.rows, data: out };
}

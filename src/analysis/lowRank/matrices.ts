/**
 * Small float64 helpers shared by the low-rank analyses: the recurrent matrix of a model, sums and
 * differences of square matrices, rank-r reconstruction from an SVD.
 */
import type { Model } from "../../core/types";
import type { SvdResult } from "../linalg/decompositions";
import { toDense, type DenseMatrix, type MatrixLike } from "../linalg/matrix";

/** The recurrent weight matrix W (weight_hh_l0, N×N) of a leaky/vanilla/linear model, in float64. */
export function recurrentMatrix(model: Model): DenseMatrix {
  const w = model.params.weight_hh_l0;
  const n = model.spec.hiddenSize;
  if (!w) throw new Error("recurrentMatrix: the model has no weight_hh_l0; pass a leaky, vanilla or linear network.");
  if (w.length !== n * n) {
    throw new Error(`recurrentMatrix: weight_hh_l0 has ${w.length} entries, expected N² = ${n * n} (gated archs are not supported).`);
  }
  return { rows: n, cols: n, data: Float64Array.from(w) };
}

/** Checks a matrix is square and returns it dense. */
export function squareMatrix(m: MatrixLike, what: string): DenseMatrix {
  const d = toDense(m, what);
  if (d.rows !== d.cols) throw new Error(`${what}: expected a square N×N matrix, got ${d.rows}×${d.cols}.`);
  for (let i = 0; i < d.data.length; i++) {
    if (!Number.isFinite(d.data[i]!)) throw new Error(`${what}: entry ${i} is ${d.data[i]}; the matrix must be finite.`);
  }
  return d;
}

/** a + sign·b for equally shaped matrices. */
export function addScaled(a: DenseMatrix, b: DenseMatrix, sign = 1): DenseMatrix {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`matrix shapes differ: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}.`);
  }
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i]! + sign * b.data[i]!;
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Σ_{k<r} s_k u_k v_kᵀ: the best rank-r approximation (Eckart–Young) from a thin SVD. */
export function rankR(svd: SvdResult, r: number): DenseMatrix {
  const rows = svd.u.rows;
  const cols = svd.v.rows;
  const k = svd.s.length;
  if (!Number.isInteger(r) || r < 0) throw new Error(`rank must be a non-negative integer, got ${r}.`);
  const rr = Math.min(r, k);
  const out = new Float64Array(rows * cols);
  for (let c = 0; c < rr; c++) {
    const s = svd.s[c]!;
    if (s === 0) continue;
    for (let i = 0; i < rows; i++) {
      const f = s * svd.u.data[i * k + c]!;
      if (f === 0) continue;
      const o = i * cols;
      for (let j = 0; j < cols; j++) out[o + j] += f * svd.v.data[j * k + c]!;
    }
  }
  return { rows, cols, data: out };
}

/** Frobenius norm √Σ a_ij². */
export function frobenius(a: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * a.data[i]!;
  return Math.sqrt(s);
}

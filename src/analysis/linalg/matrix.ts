/**
 * Dense float64 matrices as plain data: `{rows, cols, data}` with row-major `data`. Analyses accept
 * either this or nested number arrays and always return this form.
 */

export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major, length rows·cols. */
  readonly data: Float64Array;
}

/** Anything the analyses accept as a matrix. */
export type MatrixLike =
  | DenseMatrix
  | { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> }
  | ReadonlyArray<ArrayLike<number>>;

export function denseMatrix(rows: number, cols: number, data?: ArrayLike<number>): DenseMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`denseMatrix: rows and cols must be non-negative integers, got ${rows}×${cols}.`);
  }
  if (data && data.length !== rows * cols) {
    throw new Error(`denseMatrix: data has ${data.length} entries but ${rows}×${cols} needs ${rows * cols}.`);
  }
  return { rows, cols, data: data ? Float64Array.from(data) : new Float64Array(rows * cols) };
}

/** Converts nested arrays or a {rows, cols, data} record to a DenseMatrix (copying). */
export function toDense(m: MatrixLike, what = "matrix"): DenseMatrix {
  if (Array.isArray(m)) {
    const rows = m.length;
    const cols = rows ? (m[0] as ArrayLike<number>).length : 0;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = m[i] as ArrayLike<number>;
      if (r.length !== cols) {
        throw new Error(`${what}: row ${i} has ${r.length} entries, row 0 has ${cols}; rows must have equal length.`);
      }
      for (let j = 0; j < cols; j++) data[i * cols + j] = r[j];
    }
    return { rows, cols, data };
  }
  const d = m as { rows: number; cols: number; data: ArrayLike<number> };
  if (typeof d.rows !== "number" || typeof d.cols !== "number" || !d.data) {
    throw new Error(`${what}: expected number[][] or {rows, cols, data}.`);
  }
  return denseMatrix(d.rows, d.cols, d.data);
}

/** Builds a [samples, features] matrix from a flat array with the last axis as features. */
export function fromStates(data: ArrayLike<number>, features: number): DenseMatrix {
  if (!Number.isInteger(features) || features <= 0 || data.length % features !== 0) {
    throw new Error(
      `fromStates: ${data.length} values cannot be split into rows of ${features} features ` +
        `(pass the state size, e.g. stateSize(spec)).`,
    );
  }
  return denseMatrix(data.length / features, features, data);
}

export function transpose(a: DenseMatrix): DenseMatrix {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data: out };
}

/** C = A·B. */
export function matmul(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) throw new Error(`matmul: inner sizes differ (${a.rows}×${a.cols} · ${b.rows}×${b.cols}).`);
  const n = a.rows;
  const m = b.cols;
  const K = a.cols;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const f = a.data[i * K + k];
      if (f === 0) continue;
      const bo = k * m;
      const oo = i * m;
      for (let j = 0; j < m; j++) out[oo + j] += f * b.data[bo + j];
    }
  }
  return { rows: n, cols: m, data: out };
}

/** Aᵀ·B without forming Aᵀ. */
export function matmulTN(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.rows !== b.rows) throw new Error(`matmulTN: row counts differ (${a.rows} vs ${b.rows}).`);
  const n = a.cols;
  const m = b.cols;
  const out = new Float64Array(n * m);
  for (let r = 0; r < a.rows; r++) {
    for (let i = 0; i < n; i++) {
      const f = a.data[r * n + i];
      if (f === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += f * b.data[r * m + j];
    }
  }
  return { rows: n, cols: m, data: out };
}

/** Column means. */
export function columnMeans(a: DenseMatrix): Float64Array {
  const mu = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) mu[j] += a.data[i * a.cols + j];
  for (let j = 0; j < a.cols; j++) mu[j] /= Math.max(a.rows, 1);
  return mu;
}

/** A with each column's mean subtracted (new matrix). */
export function centerColumns(a: DenseMatrix, mean: ArrayLike<number> = columnMeans(a)): DenseMatrix {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[i * a.cols + j] = a.data[i * a.cols + j] - mean[j];
  return { rows: a.rows, cols: a.cols, data: out };
}

export function frobeniusNorm(a: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i];
  return Math.sqrt(s);
}

export function assertFinite(a: DenseMatrix, what: string): void {
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i])) {
      throw new Error(
        `${what}: entry (${Math.floor(i / a.cols)}, ${i % a.cols}) is ${a.data[i]}; remove NaN/Inf samples first.`,
      );
    }
  }
}

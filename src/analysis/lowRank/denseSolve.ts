/**
 * Plain float64 Gauss–Jordan inverse and LU solve on row-major Float64Arrays. Used by the linear
 * network experiment, where (1 − W)⁻¹ is needed once per run and then kept up to date by
 * Sherman–Morrison; typed-array loops are several times faster than going through ml-matrix here.
 */

/** Inverse of the n×n matrix a (row-major); throws on a singular matrix. */
export function invertDense(a: ArrayLike<number>, n: number): Float64Array {
  const w = 2 * n;
  const m = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m[i * w + j] = a[i * n + j]!;
    m[i * w + n + i] = 1;
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(m[c * w + c]!);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(m[r * w + c]!);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (!(best > 1e-300)) throw new Error("invertDense: matrix is singular (1 − W has an eigenvalue at 0, i.e. W has one at 1).");
    if (p !== c) {
      for (let j = 0; j < w; j++) {
        const t = m[c * w + j]!;
        m[c * w + j] = m[p * w + j]!;
        m[p * w + j] = t;
      }
    }
    const inv = 1 / m[c * w + c]!;
    for (let j = 0; j < w; j++) m[c * w + j] *= inv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * w + c]!;
      if (f === 0) continue;
      const ro = r * w;
      const co = c * w;
      for (let j = c; j < w; j++) m[ro + j] -= f * m[co + j]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m[i * w + n + j]!;
  return out;
}

/** Solves A x = b for one right-hand side (Gaussian elimination with partial pivoting). */
export function solveDense(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a as ArrayLike<number>);
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(m[c * n + c]!);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(m[r * n + c]!);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (!(best > 1e-300)) throw new Error("solveDense: matrix is singular.");
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        const t = m[c * n + j]!;
        m[c * n + j] = m[p * n + j]!;
        m[p * n + j] = t;
      }
      const t = x[c]!;
      x[c] = x[p]!;
      x[p] = t;
    }
    const piv = m[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / piv;
      if (f === 0) continue;
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j]!;
      x[r] -= f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let j = r + 1; j < n; j++) s -= m[r * n + j]! * x[j]!;
    x[r] = s / m[r * n + r]!;
  }
  return x;
}

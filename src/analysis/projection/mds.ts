/**
 * Classical (Torgerson) multidimensional scaling: embeds items in `dims` dimensions so Euclidean
 * distances approximate a given distance matrix. B = −½ J D⁽²⁾ J (J = centring), coordinates =
 * top eigenvectors of B scaled by √λ. Exact (up to rotation/reflection/translation) when D is
 * Euclidean of dimension ≤ dims; no iterative solver.
 */
import { symmetricEig } from "../linalg/decompositions";
import { DenseMatrix } from "../linalg/matrix";
import { DistanceMatrix, toDistanceMatrix } from "./distanceMatrix";

export interface MdsResult {
  /** size × dims coordinates (each axis centred; largest-|·| coordinate per axis positive). */
  readonly coords: DenseMatrix;
  /** All eigenvalues of B, descending (negative ones signal non-Euclidean distances). */
  readonly eigenvalues: Float64Array;
  /** Σ of the kept positive eigenvalues / Σ of all positive eigenvalues. */
  readonly explained: number;
  /** Kruskal stress-1: sqrt(Σ (d_ij − d̂_ij)² / Σ d_ij²) over pairs, d̂ = embedded distances. */
  readonly stress: number;
  readonly labels?: readonly string[];
}

/** Classical MDS of a DistanceMatrix (or a square nested/flat array). */
export function classicalMds(
  distances: DistanceMatrix | ReadonlyArray<ArrayLike<number>>,
  dims = 2,
): MdsResult {
  const D = Array.isArray(distances)
    ? toDistanceMatrix(distances as ReadonlyArray<ArrayLike<number>>)
    : (distances as DistanceMatrix);
  const n = D.size;
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`classicalMds: dims must be a positive integer, got ${dims}.`);
  if (n < 2) throw new Error(`classicalMds: need at least 2 items, got ${n}.`);
  const d = Math.min(dims, n);
  // Double-centre the squared distances.
  const B = new Float64Array(n * n);
  const rowMean = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = D.data[i * n + j] * D.data[i * n + j];
      B[i * n + j] = v;
      rowMean[i] += v / n;
    }
    grand += rowMean[i] / n;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = -0.5 * (B[i * n + j] - rowMean[i] - rowMean[j] + grand);
  const { values, vectors } = symmetricEig({ rows: n, cols: n, data: B });
  const coords = new Float64Array(n * dims);
  for (let c = 0; c < d; c++) {
    const f = Math.sqrt(Math.max(values[c], 0));
    for (let i = 0; i < n; i++) coords[i * dims + c] = vectors.data[i * n + c] * f;
  }
  let pos = 0;
  let kept = 0;
  values.forEach((v, i) => {
    if (v > 0) {
      pos += v;
      if (i < d) kept += v;
    }
  });
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let e = 0;
      for (let c = 0; c < dims; c++) {
        const t = coords[i * dims + c] - coords[j * dims + c];
        e += t * t;
      }
      const dij = D.data[i * n + j];
      num += (dij - Math.sqrt(e)) ** 2;
      den += dij * dij;
    }
  }
  return {
    coords: { rows: n, cols: dims, data: coords },
    eigenvalues: values,
    explained: pos > 0 ? kept / pos : 0,
    stress: den > 0 ? Math.sqrt(num / den) : 0,
    ...(D.labels ? { labels: D.labels } : {}),
  };
}

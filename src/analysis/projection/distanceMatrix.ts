/** Symmetric pairwise distance matrices over a population (networks, topologies, ...). */

export interface DistanceMatrix {
  /** Number of items. */
  readonly size: number;
  /** size × size, row-major, symmetric with a zero diagonal. */
  readonly data: Float64Array;
  /** Optional item labels (e.g. network names), length size. */
  readonly labels?: readonly string[];
}

export interface PairwiseOptions {
  labels?: readonly string[];
  /** Called after each pair, e.g. for a progress bar: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Evaluates fn(items[i], items[j]) once for every pair i < j and mirrors it. The metric must return
 * a finite non-negative number; a symmetric metric is assumed (only i < j is evaluated).
 */
export function pairwiseDistances<T>(
  items: readonly T[],
  fn: (a: T, b: T, i: number, j: number) => number,
  opts: PairwiseOptions = {},
): DistanceMatrix {
  const n = items.length;
  if (opts.labels && opts.labels.length !== n) {
    throw new Error(`pairwiseDistances: ${opts.labels.length} labels for ${n} items.`);
  }
  const data = new Float64Array(n * n);
  const total = (n * (n - 1)) / 2;
  let done = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = fn(items[i], items[j], i, j);
      if (!Number.isFinite(d) || d < 0) {
        throw new Error(
          `pairwiseDistances: metric returned ${d} for items ${i} and ${j}; it must be a finite number ≥ 0.`,
        );
      }
      data[i * n + j] = d;
      data[j * n + i] = d;
      opts.onProgress?.(++done, total);
    }
  }
  return { size: n, data, ...(opts.labels ? { labels: [...opts.labels] } : {}) };
}

/** Builds a DistanceMatrix from a full square matrix, checking symmetry, zero diagonal and finiteness. */
export function toDistanceMatrix(
  m: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  size?: number,
  labels?: readonly string[],
): DistanceMatrix {
  let data: Float64Array;
  let n: number;
  if (Array.isArray(m)) {
    n = m.length;
    data = new Float64Array(n * n);
    m.forEach((row: ArrayLike<number>, i: number) => {
      if (row.length !== n) throw new Error(`toDistanceMatrix: row ${i} has ${row.length} entries, expected ${n}.`);
      for (let j = 0; j < n; j++) data[i * n + j] = row[j];
    });
  } else {
    const flat = m as ArrayLike<number>;
    n = size ?? Math.round(Math.sqrt(flat.length));
    if (n * n !== flat.length) throw new Error(`toDistanceMatrix: ${flat.length} values is not a square matrix (pass size).`);
    data = Float64Array.from(flat);
  }
  let scale = 0;
  for (const v of data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < n; i++) {
    if (Math.abs(data[i * n + i]) > 1e-12 * (scale || 1)) {
      throw new Error(`toDistanceMatrix: diagonal entry ${i} is ${data[i * n + i]}, distances to self must be 0.`);
    }
    for (let j = 0; j < n; j++) {
      const a = data[i * n + j];
      if (!Number.isFinite(a) || a < 0) throw new Error(`toDistanceMatrix: entry (${i}, ${j}) is ${a}; need finite values ≥ 0.`);
      if (Math.abs(a - data[j * n + i]) > 1e-9 * (scale || 1)) {
        throw new Error(`toDistanceMatrix: not symmetric at (${i}, ${j}): ${a} vs ${data[j * n + i]}.`);
      }
    }
  }
  if (labels && labels.length !== n) throw new Error(`toDistanceMatrix: ${labels.length} labels for ${n} items.`);
  return { size: n, data, ...(labels ? { labels: [...labels] } : {}) };
}

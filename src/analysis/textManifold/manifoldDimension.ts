/**
 * Dimension of a cloud of points (fixed points along an attractor manifold): PCA explained-variance
 * ratios, the number of components that reach a variance fraction, and the participation ratio
 * (Σλ)²/Σλ², a continuous count of the dimensions the variance spreads over.
 */
import { fitPca } from "../projection/pca";

export interface ManifoldDimension {
  /** Explained-variance ratio of every principal component, descending. */
  readonly explainedVarianceRatio: number[];
  /** Cumulative ratios. */
  readonly cumulative: number[];
  /** Smallest d whose first d components explain ≥ `variance` of the total. */
  readonly dimension: number;
  readonly variance: number;
  readonly participationRatio: number;
}

/** @param points [K, S] row-major; `variance` the fraction the `dimension` must reach (default 0.9). */
export function manifoldDimension(points: ArrayLike<number>, stateSize: number, opts: { variance?: number } = {}): ManifoldDimension {
  const S = stateSize;
  if (!(Number.isInteger(S) && S >= 1)) throw new Error(`manifoldDimension: stateSize must be a positive integer, got ${S}.`);
  if (points.length % S !== 0) throw new Error(`manifoldDimension: ${points.length} values are not a whole number of ${S}-dimensional points.`);
  const K = points.length / S;
  if (K < 3) throw new Error(`manifoldDimension: need at least 3 points, got ${K} (search from more initial states).`);
  const variance = opts.variance ?? 0.9;
  if (!(variance > 0 && variance <= 1)) throw new Error(`manifoldDimension: variance must lie in (0, 1], got ${variance}.`);
  const pca = fitPca({ rows: K, cols: S, data: Float64Array.from(points) });
  const ratios = Array.from(pca.explainedVarianceRatio);
  const cumulative: number[] = [];
  ratios.reduce((s, r) => (cumulative.push(s + r), s + r), 0);
  const ev = Array.from(pca.explainedVariance);
  const sum = ev.reduce((s, v) => s + v, 0);
  const sum2 = ev.reduce((s, v) => s + v * v, 0);
  const dimension = cumulative.findIndex((c) => c >= variance - 1e-12) + 1 || ratios.length;
  return { explainedVarianceRatio: ratios, cumulative, dimension, variance, participationRatio: sum2 > 0 ? (sum * sum) / sum2 : 0 };
}

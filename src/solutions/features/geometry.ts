/**
 * Geometry of state trajectories used by the hand-crafted neural features (Turner et al. 2021
 * §5.5): speed, path length, curvature in the top-2 PC plane, angle, correlation, PC1 share and the
 * slope of a least-squares line. A trajectory is an array of states (one Float64Array per step).
 */
import type { DenseMatrix } from "../../analysis/linalg/matrix";
import { fitPca, pcaTransform } from "../../analysis/projection/pca";

export type Path = ReadonlyArray<ArrayLike<number>>;

function checkPath(p: Path, min: number, who: string): void {
  if (!Array.isArray(p) || p.length < min) throw new RangeError(`${who}: need a trajectory of at least ${min} states, got ${Array.isArray(p) ? p.length : typeof p}.`);
}

/** RMS over units of the one-step change x_{t+1} − x_t, one value per step. */
export function stepSpeeds(p: Path): Float64Array {
  checkPath(p, 2, "stepSpeeds");
  const d = p[0]!.length;
  const out = new Float64Array(p.length - 1);
  for (let t = 0; t + 1 < p.length; t++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += (p[t + 1]![i]! - p[t]![i]!) ** 2;
    out[t] = Math.sqrt(s / d);
  }
  return out;
}

/**
 * Mean speed of a trajectory of T states, averaged over T values: the T − 1 step speeds plus the
 * last one counted twice. This is the authors' convention (their speed array has one entry per
 * state, the last copied from the one before), kept so the features match their stored numbers.
 */
export function meanSpeed(p: Path): number {
  const q = stepSpeeds(p);
  let s = 0;
  for (const v of q) s += v;
  s += q[q.length - 1]!;
  return s / (q.length + 1);
}

/** Sum of Euclidean distances between consecutive states. */
export function pathLength(p: Path): number {
  checkPath(p, 1, "pathLength");
  let len = 0;
  for (let t = 0; t + 1 < p.length; t++) {
    let s = 0;
    for (let i = 0; i < p[t]!.length; i++) s += (p[t + 1]![i]! - p[t]![i]!) ** 2;
    len += Math.sqrt(s);
  }
  return len;
}

/** Angle between two vectors, degrees in [0, 180]. */
export function angleDegrees(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  const c = ab / Math.sqrt(aa * bb);
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
}

/** Pearson correlation of two equally long sequences (the entries of two vectors). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length || n < 2) throw new RangeError(`pearson: need two sequences of equal length ≥ 2, got ${a.length} and ${b.length}.`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The rows as a dense [steps, units] matrix for the project's PCA. */
function asMatrix(rows: Path): DenseMatrix {
  const d = rows[0]!.length;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, t) => data.set(Array.from({ length: d }, (_, i) => r[i]!), t * d));
  return { rows: rows.length, cols: d, data };
}

/** Share of the total variance along the first principal axis of the rows (PCA(1) explained-variance ratio). */
export function firstPcRatio(rows: Path): number {
  checkPath(rows, 2, "firstPcRatio");
  const pca = fitPca(asMatrix(rows), 1);
  return pca.totalVariance > 0 ? pca.explainedVarianceRatio[0]! : NaN;
}

/** Coordinates of the rows in their top-2 principal-component plane (centred). */
export function pca2(rows: Path): Array<[number, number]> {
  checkPath(rows, 3, "pca2");
  const X = asMatrix(rows);
  const pca = fitPca(X, Math.min(2, X.rows, X.cols));
  const z = pcaTransform(pca, X);
  return rows.map((_, t) => [z.data[t * z.cols]!, z.cols > 1 ? z.data[t * z.cols + 1]! : 0]);
}

/** numpy.gradient with unit spacing: central differences inside, one-sided at the ends. */
export function gradient(f: ArrayLike<number>): Float64Array {
  const n = f.length;
  const g = new Float64Array(n);
  if (n < 2) return g;
  g[0] = f[1]! - f[0]!;
  g[n - 1] = f[n - 1]! - f[n - 2]!;
  for (let i = 1; i + 1 < n; i++) g[i] = (f[i + 1]! - f[i - 1]!) / 2;
  return g;
}

/** Unsigned curvature |x′y″ − x″y′| / (x′² + y′²)^{3/2} of a planar curve, per point. */
export function planarCurvature(xy: ReadonlyArray<readonly [number, number]>): Float64Array {
  const x = xy.map((p) => p[0]);
  const y = xy.map((p) => p[1]);
  const dx = gradient(x);
  const dy = gradient(y);
  const ddx = gradient(dx);
  const ddy = gradient(dy);
  return Float64Array.from(dx, (_, i) => Math.abs(ddx[i]! * dy[i]! - dx[i]! * ddy[i]!) / (dx[i]! ** 2 + dy[i]! ** 2) ** 1.5);
}

/** Min and max of log10 curvature of a trajectory in its top-2 PC plane (NaN points dropped). */
export function logCurvatureRange(p: Path): { min: number; max: number } {
  const k = planarCurvature(pca2(p));
  let min = Infinity;
  let max = -Infinity;
  for (const v of k) {
    const l = Math.log10(v);
    if (Number.isNaN(l)) continue;
    if (l < min) min = l;
    if (l > max) max = l;
  }
  return { min, max };
}

/** Least-squares slope of y against x. */
export function slope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]! / n;
    my += y[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

/** n evenly spaced values from a to b inclusive (numpy.linspace). */
export function linspace(a: number, b: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

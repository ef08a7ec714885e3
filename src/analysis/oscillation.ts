/**
 * Oscillation frequencies: the rotation of a fixed point's complex modes (what the linearisation
 * predicts, Sussillo & Barak 2013) and the frequency a network actually produces (a least-squares
 * sinusoid fit of an output trace), so the two can be compared.
 */
import type { FixedPoints } from "./fixedPoints";
import { fitPca } from "./projection/pca";
import { fromStates } from "./linalg/matrix";

export interface OscillatoryMode {
  /** Point index in the record and mode index (eigenvalue order of the record). */
  readonly point: number;
  readonly mode: number;
  readonly re: number;
  readonly im: number;
  /** |λ| (discrete) — growth per step; for continuous nets Re λ is the growth rate. */
  readonly modulus: number;
  /**
   * Rotation per step, |arg λ| in rad per step (discrete), or |Im λ| in rad per time unit
   * (continuous). Directly comparable with a task's ω in the same units.
   */
  readonly angularFrequency: number;
  /** 2π / angularFrequency (steps, or time units for continuous nets). */
  readonly period: number;
  /** Whether the mode grows: |λ| ≥ 1 (discrete) or Re λ ≥ 0 (continuous). */
  readonly unstable: boolean;
}

export interface DominantOscillationOptions {
  /** Only consider growing modes (default true: the mode that drives a limit cycle). */
  readonly unstableOnly?: boolean;
  /** |Im λ| at or below this counts as real, not oscillatory (default 1e-9). */
  readonly imagTol?: number;
}

/**
 * The oscillatory (complex) mode of point k with the largest growth (|λ| discrete, Re λ continuous),
 * or null when the point has none (e.g. all its eigenvalues are real, or none is unstable and
 * unstableOnly is set).
 */
export function dominantOscillation(fps: FixedPoints, k: number, options: DominantOscillationOptions = {}): OscillatoryMode | null {
  if (!fps.eigRe || !fps.eigIm) throw new Error("dominantOscillation: the record has no eigenvalues; search with decompose: true (the default).");
  if (!(Number.isInteger(k) && k >= 0 && k < fps.count)) throw new Error(`dominantOscillation: point ${k} out of range [0, ${fps.count}).`);
  const unstableOnly = options.unstableOnly ?? true;
  const imagTol = options.imagTol ?? 1e-9;
  const S = fps.stateSize;
  let best: OscillatoryMode | null = null;
  let bestGrowth = -Infinity;
  for (let m = 0; m < S; m++) {
    const re = fps.eigRe[k * S + m]!;
    const im = fps.eigIm[k * S + m]!;
    if (Math.abs(im) <= imagTol) continue;
    const modulus = Math.hypot(re, im);
    const growth = fps.continuous ? re : modulus;
    const unstable = fps.continuous ? re >= 0 : modulus >= 1;
    if (unstableOnly && !unstable) continue;
    if (growth > bestGrowth) {
      bestGrowth = growth;
      const w = fps.continuous ? Math.abs(im) : Math.abs(Math.atan2(im, re));
      best = { point: k, mode: m, re, im, modulus, angularFrequency: w, period: (2 * Math.PI) / w, unstable };
    }
  }
  return best;
}

export interface SignalFrequencyOptions {
  /** Skip this many initial samples (a transient). Default 0. */
  readonly start?: number;
  /** Search band for ω in rad per sample. Default [2π/n, π] (at least one cycle in the window). */
  readonly minOmega?: number;
  readonly maxOmega?: number;
  /** Grid points of the coarse scan before refinement. Default 2000. */
  readonly gridSize?: number;
}

export interface SignalFrequency {
  /** Angular frequency in rad per sample of the best-fitting sinusoid a·cos ωt + b·sin ωt + c. */
  readonly omega: number;
  readonly amplitude: number;
  /** Fraction of the signal's variance the fitted sinusoid explains (1 = a pure sinusoid). */
  readonly r2: number;
  /** Samples used. */
  readonly samples: number;
}

/** Residual sum of squares of the least-squares fit a cos ωt + b sin ωt + c; returns [rss, a, b]. */
function fitAt(y: ArrayLike<number>, start: number, n: number, w: number): [number, number, number] {
  // Normal equations of the 3-parameter model (t measured from the window's start).
  let scc = 0, sss = 0, scs = 0, sc = 0, ss = 0, yc = 0, ys = 0, y1 = 0, yy = 0;
  for (let t = 0; t < n; t++) {
    const c = Math.cos(w * t);
    const s = Math.sin(w * t);
    const v = y[start + t]!;
    scc += c * c; sss += s * s; scs += c * s; sc += c; ss += s;
    yc += v * c; ys += v * s; y1 += v; yy += v * v;
  }
  // Solve [[scc, scs, sc], [scs, sss, ss], [sc, ss, n]] p = [yc, ys, y1] by Cramer's rule.
  const det = scc * (sss * n - ss * ss) - scs * (scs * n - ss * sc) + sc * (scs * ss - sss * sc);
  if (!(Math.abs(det) > 1e-12 * n * n * n)) return [Infinity, 0, 0];
  const a = (yc * (sss * n - ss * ss) - scs * (ys * n - ss * y1) + sc * (ys * ss - sss * y1)) / det;
  const b = (scc * (ys * n - ss * y1) - yc * (scs * n - ss * sc) + sc * (scs * y1 - ys * sc)) / det;
  const c0 = (scc * (sss * y1 - ys * ss) - scs * (scs * y1 - ys * sc) + yc * (scs * ss - sss * sc)) / det;
  // rss = yᵀy − pᵀ(Xᵀy) for the least-squares solution p.
  return [Math.max(0, yy - (a * yc + b * ys + c0 * y1)), a, b];
}

/**
 * The frequency of an (approximately) sinusoidal trace: scans ω over a grid, fitting
 * a·cos ωt + b·sin ωt + c by least squares at each, and refines the best ω by golden-section search.
 * More accurate than a periodogram peak for short traces with a non-integer number of cycles.
 */
export function signalFrequency(y: ArrayLike<number>, options: SignalFrequencyOptions = {}): SignalFrequency {
  const start = options.start ?? 0;
  const n = y.length - start;
  if (!(Number.isInteger(start) && start >= 0) || n < 8) {
    throw new Error(`signalFrequency: need at least 8 samples after start ${start}, the trace has ${y.length}.`);
  }
  for (let t = start; t < y.length; t++) {
    if (!Number.isFinite(y[t]!)) throw new Error(`signalFrequency: sample ${t} is ${y[t]}; the trace must be finite.`);
  }
  const lo = options.minOmega ?? (2 * Math.PI) / n;
  const hi = options.maxOmega ?? Math.PI;
  const grid = options.gridSize ?? 2000;
  if (!(lo > 0 && hi > lo && hi <= Math.PI)) throw new Error(`signalFrequency: need 0 < minOmega < maxOmega ≤ π, got [${lo}, ${hi}].`);
  if (!(Number.isInteger(grid) && grid >= 2)) throw new Error(`signalFrequency: gridSize must be an integer ≥ 2, got ${grid}.`);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[start + t]!;
  mean /= n;
  let tss = 0;
  for (let t = 0; t < n; t++) tss += (y[start + t]! - mean) ** 2;
  if (!(tss > 0)) throw new Error("signalFrequency: the trace is constant; there is no oscillation to measure.");
  const step = (hi - lo) / (grid - 1);
  let bestI = 0;
  let bestRss = Infinity;
  for (let i = 0; i < grid; i++) {
    const rss = fitAt(y, start, n, lo + i * step)[0];
    if (rss < bestRss) {
      bestRss = rss;
      bestI = i;
    }
  }
  // Golden-section refinement inside the neighbouring grid cells.
  let a = Math.max(lo, lo + (bestI - 1) * step);
  let b = Math.min(hi, lo + (bestI + 1) * step);
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = b - phi * (b - a);
  let x2 = a + phi * (b - a);
  let f1 = fitAt(y, start, n, x1)[0];
  let f2 = fitAt(y, start, n, x2)[0];
  for (let it = 0; it < 60 && b - a > 1e-12; it++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - phi * (b - a);
      f1 = fitAt(y, start, n, x1)[0];
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + phi * (b - a);
      f2 = fitAt(y, start, n, x2)[0];
    }
  }
  const omega = (a + b) / 2;
  const [rss, ca, cb] = fitAt(y, start, n, omega);
  return { omega, amplitude: Math.hypot(ca, cb), r2: 1 - rss / tss, samples: n };
}

export interface CycleWinding {
  /** Turns the trajectory makes around the point in the plane of its top two principal components (the sign follows the arbitrary orientation of the components: compare |turns|). */
  readonly turns: number;
  /** Distance from the point to the trajectory's mean state (full state space). */
  readonly distanceToCentre: number;
  /** Mean distance of the trajectory from its mean state (the cycle's radius, full state space). */
  readonly radius: number;
  /** Fraction of the trajectory's variance in that plane (how planar the cycle is). */
  readonly planeVariance: number;
}

/**
 * How many times a (periodic) trajectory winds around a point: both are projected onto the plane of
 * the trajectory's top two principal components and the angle of (trajectory − point) is unwrapped
 * step by step. A limit cycle organised around a fixed point (Sussillo & Barak 2013) winds around it
 * once per period; a point outside the cycle gives ≈ 0 turns. `states` is [T, S] row-major.
 */
export function cycleWinding(states: ArrayLike<number>, stateSize: number, point: ArrayLike<number>): CycleWinding {
  const S = stateSize;
  if (!(Number.isInteger(S) && S >= 2)) throw new Error(`cycleWinding: stateSize must be an integer ≥ 2, got ${S}.`);
  if (states.length % S !== 0 || states.length < 3 * S) throw new Error(`cycleWinding: states must be [T, ${S}] with T ≥ 3 (got ${states.length} values).`);
  if (point.length !== S) throw new Error(`cycleWinding: the point has ${point.length} values, the states ${S}; pass one state of the same network.`);
  const T = states.length / S;
  const pca = fitPca(fromStates(states, S), 2);
  const proj = (x: ArrayLike<number>) => pca.transform(fromStates(x, S)).data;
  const traj = proj(states);
  const p = proj(point);
  let turns = 0;
  let prev = Math.atan2(traj[1]! - p[1]!, traj[0]! - p[0]!);
  for (let t = 1; t < T; t++) {
    const a = Math.atan2(traj[2 * t + 1]! - p[1]!, traj[2 * t]! - p[0]!);
    let d = a - prev;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d < -Math.PI) d += 2 * Math.PI;
    turns += d;
    prev = a;
  }
  let radius = 0;
  let dc = 0;
  for (let i = 0; i < S; i++) dc += (point[i]! - pca.mean[i]!) ** 2;
  for (let t = 0; t < T; t++) {
    let r = 0;
    for (let i = 0; i < S; i++) r += (states[t * S + i]! - pca.mean[i]!) ** 2;
    radius += Math.sqrt(r) / T;
  }
  const ev = pca.explainedVarianceRatio;
  return { turns: turns / (2 * Math.PI), distanceToCentre: Math.sqrt(dc), radius, planeVariance: ev[0]! + (ev[1] ?? 0) };
}

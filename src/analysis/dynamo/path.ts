/**
 * Fixed points of a θ-indexed family of models along the straight path θ(s) = (1 − s) θ_a + s θ_b,
 * and the bifurcations on it: the steps between which the number of fixed points or their stability
 * (the count of points per number of unstable modes) changes. Each step's search starts from the
 * model's own trajectories on given trials (with noise) and from the previous step's fixed points
 * (continuation), so a point that moves smoothly is not lost between steps; a point the search
 * misses can still show up as a spurious change, which is why the steps' counts are kept.
 */
import type { Model } from "../../core/types";
import { runModel } from "../../models/forward";
import { stateSize } from "../../models/spec";
import type { Trials } from "../../core/types";
import { findFixedPoints } from "../fixedPoints/findFixedPoints";
import type { FixedPoints } from "../fixedPoints/FixedPoints";
import { sampleStates } from "../fixedPoints/sampleStates";

export interface ThetaPathOptions {
  /** Trials whose trajectories seed the search at every step. */
  readonly trials: Trials;
  /** Points on the path including both ends (default 11). */
  readonly steps?: number;
  /** Sampled initial states per step (default 128). */
  readonly samples?: number;
  /** Noise std on the sampled states (default 0.05). */
  readonly noise?: number;
  /** Constant input of the search (default zero input). */
  readonly input?: ArrayLike<number>;
  /** q at or below this counts as a fixed point (default 1e-10). */
  readonly fixedTolQ?: number;
  /** Points closer than this are one (default 1e-2). */
  readonly tolUnique?: number;
  readonly maxIters?: number;
  readonly seed: number;
}

export interface PathStep {
  readonly s: number;
  readonly theta: Float64Array;
  /** Fixed points (q ≤ fixedTolQ) at this θ, decomposed. */
  readonly fixedPoints: FixedPoints;
  readonly count: number;
  readonly stable: number;
  /** number of unstable modes → how many points have it. */
  readonly indexHistogram: Readonly<Record<number, number>>;
}

export interface Bifurcation {
  /** Between steps `after` and `after + 1`. */
  readonly after: number;
  /** Midpoint of the two s values (the bifurcation lies between them). */
  readonly s: number;
  readonly theta: Float64Array;
  readonly from: { count: number; stable: number };
  readonly to: { count: number; stable: number };
  /** "count" (points appear/vanish), "stability" (same count, stabilities change). */
  readonly kind: "count" | "stability";
}

export interface ThetaPath {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly steps: readonly PathStep[];
  readonly bifurcations: readonly Bifurcation[];
}

const signature = (h: Readonly<Record<number, number>>) =>
  Object.keys(h)
    .map(Number)
    .sort((x, y) => x - y)
    .map((k) => k + ":" + h[k])
    .join(",");

export function thetaPath(modelAt: (theta: Float64Array) => Model, a: ArrayLike<number>, b: ArrayLike<number>, o: ThetaPathOptions): ThetaPath {
  if (a.length !== b.length || a.length === 0) throw new Error(`thetaPath: θ_a has ${a.length} values and θ_b ${b.length}; give two θ's of the fit's dimension.`);
  const n = o.steps ?? 11;
  if (!Number.isInteger(n) || n < 2) throw new Error(`thetaPath: steps must be an integer ≥ 2 (both ends included), got ${n}.`);
  const d = a.length;
  const tol = o.fixedTolQ ?? 1e-10;
  const steps: PathStep[] = [];
  let previous: Float64Array | null = null;
  for (let j = 0; j < n; j++) {
    const s = j / (n - 1);
    const theta = Float64Array.from({ length: d }, (_, e) => (1 - s) * a[e]! + s * b[e]!);
    const model = modelAt(theta);
    const S = stateSize(model.spec);
    const run = runModel(model, o.trials.inputs, { batch: o.trials.batch, time: o.trials.time });
    const sampled = sampleStates({ data: run.states, shape: [o.trials.batch, o.trials.time, S] }, o.samples ?? 128, { noise: o.noise ?? 0.05, seed: o.seed + j });
    const inits = previous ? Float64Array.from([...previous, ...sampled.states]) : sampled.states;
    const found = findFixedPoints(model, { inits, inputs: o.input, maxIters: o.maxIters ?? 2000, tolUnique: o.tolUnique ?? 1e-2, fixedTolQ: tol });
    const keep: number[] = [];
    for (let k = 0; k < found.count; k++) if (found.q[k]! <= tol) keep.push(k);
    const fps = found.select(keep);
    const nu = fps.count > 0 ? fps.nUnstable : new Int32Array(0);
    const hist: Record<number, number> = {};
    for (const x of nu) hist[x] = (hist[x] ?? 0) + 1;
    steps.push({ s, theta, fixedPoints: fps, count: fps.count, stable: nu.filter((x) => x === 0).length, indexHistogram: hist });
    previous = fps.count > 0 ? fps.xstar : null;
  }
  const bifurcations: Bifurcation[] = [];
  for (let j = 0; j + 1 < n; j++) {
    const x = steps[j]!;
    const y = steps[j + 1]!;
    if (signature(x.indexHistogram) === signature(y.indexHistogram)) continue;
    const s = (x.s + y.s) / 2;
    bifurcations.push({
      after: j,
      s,
      theta: Float64Array.from({ length: d }, (_, e) => (1 - s) * a[e]! + s * b[e]!),
      from: { count: x.count, stable: x.stable },
      to: { count: y.count, stable: y.stable },
      kind: x.count !== y.count ? "count" : "stability",
    });
  }
  return { a: Float64Array.from(a), b: Float64Array.from(b), steps, bifurcations };
}

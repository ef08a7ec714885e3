/**
 * Fixed and slow points of a recurrent network for constant inputs (Sussillo & Barak 2013;
 * FixedPointFinder by Golub & Sussillo 2018): minimise q(x) = ½‖F(x, u) − x‖² (discrete maps) or
 * ½‖F(x, u)‖² (continuous time) from K initial states in one batched optimisation, then
 *   deduplicate → exclude distance outliers → (re-run q outliers + deduplicate) → (subsample)
 *   → Jacobians → eigen-decomposition
 * (FixedPointFinder's pipeline order).
 */
import type { Model } from "../../core/types";
import { Rng } from "../../core/random";
import { Dynamics, getDynamics } from "./dynamics";
import { decomposeFixedPoints } from "./decompose";
import { FixedPoints, uniqueIndices } from "./FixedPoints";
import { OPTIMISER_DEFAULTS, OptimiserOptions, OptimiserResult, optimiseStates } from "./optimise";

export interface FixedPointOptions extends OptimiserOptions {
  /** Initial states [K, S] row-major (e.g. from sampleStates). */
  inits: ArrayLike<number>;
  /**
   * Constant inputs: I values (one shared input), K·I values (one per initial state), or omitted
   * (zero input).
   */
  inputs?: ArrayLike<number>;
  /** Re-optimise points with q > outlierQScale · median q (default false). */
  rerunQOutliers?: boolean;
  /** Default 10. */
  outlierQScale?: number;
  /** Drop points far from the initial states (default true). */
  excludeDistanceOutliers?: boolean;
  /** Drop if ‖x* − c‖ / mean ‖x_init − c‖ ≥ this (c = centroid of inits). Default 10. */
  outlierDistanceScale?: number;
  /** Duplicates: ‖[x*, u] − [x*', u']‖ ≤ tolUnique (keep the lower q). Default 1e-3. */
  tolUnique?: number;
  /** Keep at most this many unique points (seeded random subsample). Default Infinity. */
  maxUnique?: number;
  /** Seed for the subsample. Default 0. */
  seed?: number;
  /** Compute Jacobians and eigen-decompositions of the unique points (default true). */
  decompose?: boolean;
  /** q at or below this counts as a fixed point, above as a slow point. Default 1e-10. */
  fixedTolQ?: number;
  /** Slow point = local minimum: ‖∇q‖ ≤ slowGradTol·‖F − x‖. Default 1e-2. */
  slowGradTol?: number;
}

export interface FixedPointSearch {
  /** Unique points after the whole pipeline. */
  readonly unique: FixedPoints;
  /** Every optimised point (before deduplication and outlier exclusion). */
  readonly all: FixedPoints;
  readonly stats: {
    readonly seconds: number;
    readonly optimiserSeconds: number;
    readonly itersRun: number;
    readonly finalLr: number;
    readonly nConverged: number;
    readonly nNonFinite: number;
    readonly nDistanceOutliers: number;
    readonly nQOutliersRerun: number;
  };
}

/** The unique fixed/slow points (see `findFixedPointsDetailed` for all points and statistics). */
export function findFixedPoints(model: Model, options: FixedPointOptions): FixedPoints {
  return findFixedPointsDetailed(model, options).unique;
}

export function findFixedPointsDetailed(model: Model, options: FixedPointOptions): FixedPointSearch {
  const t0 = performance.now();
  const dyn = getDynamics(model);
  const S = dyn.stateSize;
  const I = dyn.inputSize;
  const { inits, K } = checkInits(options.inits, S, model);
  const inputs = expandInputs(options.inputs, K, I);
  const o = {
    rerunQOutliers: false,
    outlierQScale: 10,
    excludeDistanceOutliers: true,
    outlierDistanceScale: 10,
    tolUnique: 1e-3,
    maxUnique: Infinity,
    seed: 0,
    decompose: true,
    fixedTolQ: 1e-10,
    slowGradTol: 1e-2,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as Required<Omit<FixedPointOptions, "inputs" | "onProgress">> & FixedPointOptions;

  const drive = dyn.drive(inputs, K);
  const opt = optimiseStates(dyn, inits, drive, K, o);
  const all = record(dyn, opt, inits, inputs, K, o);

  // Deduplicate (drops non-finite points too).
  let unique = all.select(uniqueIndices(all, o.tolUnique));
  const nNonFinite = countNonFinite(all.q);

  // Distance outliers, relative to the spread of the initial states.
  let nDistanceOutliers = 0;
  if (o.excludeDistanceOutliers && unique.count > 0) {
    const c = new Float64Array(S);
    for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) c[i] += inits[k * S + i]! / K;
    let avg = 0;
    for (let k = 0; k < K; k++) avg += dist(inits, k * S, c, S) / K;
    if (avg > 0) {
      const keep = Array.from({ length: unique.count }, (_, k) => dist(unique.xstar, k * S, c, S) / avg < o.outlierDistanceScale);
      nDistanceOutliers = keep.filter((v) => !v).length;
      unique = unique.filter(keep);
    }
  }

  // Optional second round for points whose q is far above the median.
  let nQOutliersRerun = 0;
  if (o.rerunQOutliers && unique.count > 0) {
    const med = median(unique.q);
    const outl = Array.from(unique.q, (q) => q > o.outlierQScale * med);
    const idx = outl.flatMap((b, k) => (b ? [k] : []));
    nQOutliersRerun = idx.length;
    if (idx.length > 0) {
      const sub = unique.select(idx);
      const opt2 = optimiseStates(dyn, sub.xstar, dyn.drive(sub.inputs, sub.count), sub.count, o);
      const rerun = record(dyn, opt2, sub.xinit, sub.inputs, sub.count, o, sub.iterations);
      unique = unique.filter(outl.map((b) => !b)).merge(rerun).deduplicate(o.tolUnique);
    }
  }

  if (unique.count > o.maxUnique) {
    const order = new Rng(o.seed).shuffle(Array.from({ length: unique.count }, (_, k) => k));
    unique = unique.select(order.slice(0, o.maxUnique).sort((a, b) => a - b));
  }

  if (unique.count === 0) {
    throw new Error(
      `findFixedPoints: no fixed or slow point survived (${K} initial states, ${nNonFinite} diverged to NaN/Inf, ` +
        `${nDistanceOutliers} excluded as distance outliers beyond ${o.outlierDistanceScale}× the spread of the ` +
        `initial states). Likely causes: the inputs are not a constant the network settles under, the learning rate ` +
        `(lrInit ${o.lrInit ?? OPTIMISER_DEFAULTS.lrInit}) makes the search diverge, the initial states do not cover the region the network visits ` +
        `(sample them from its own trajectories), or outlierDistanceScale is too strict.`,
    );
  }
  if (o.decompose) unique = decomposeFixedPoints(dyn, unique);
  return {
    unique,
    all,
    stats: {
      seconds: (performance.now() - t0) / 1000,
      optimiserSeconds: opt.seconds,
      itersRun: opt.itersRun,
      finalLr: opt.finalLr,
      nConverged: opt.converged.reduce((s, c) => s + c, 0),
      nNonFinite,
      nDistanceOutliers,
      nQOutliersRerun,
    },
  };
}

/** A record (without Jacobians) from an optimiser result. */
function record(
  dyn: Dynamics,
  opt: OptimiserResult,
  inits: Float64Array,
  inputs: Float64Array,
  K: number,
  o: { fixedTolQ: number; slowGradTol: number },
  priorIters?: Int32Array,
): FixedPoints {
  const S = dyn.stateSize;
  const drive = dyn.drive(inputs, K);
  const r = new Float64Array(K * S);
  const q = new Float64Array(K);
  const g = new Float64Array(K * S);
  dyn.qGrad(opt.x, drive, K, r, q, g, dyn.workspace(K));
  const F = new Float64Array(K * S);
  const gradNorm = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let i = k * S; i < (k + 1) * S; i++) {
      F[i] = dyn.continuous ? r[i]! : r[i]! + opt.x[i]!;
      s += g[i]! * g[i]!;
    }
    gradNorm[k] = Math.sqrt(s);
  }
  const iterations = Int32Array.from(opt.iterations, (v, k) => v + (priorIters ? priorIters[k]! : 0));
  return new FixedPoints({
    arch: dyn.arch,
    continuous: dyn.continuous,
    dt: dyn.dt,
    count: K,
    stateSize: S,
    inputSize: dyn.inputSize,
    xstar: opt.x,
    inputs,
    xinit: inits,
    q,
    iterations,
    gradNorm,
    F,
    fixedTolQ: o.fixedTolQ,
    slowGradTol: o.slowGradTol,
  });
}

function checkInits(raw: ArrayLike<number> | undefined, S: number, model: Model): { inits: Float64Array; K: number } {
  if (raw === undefined || raw === null) {
    throw new Error("findFixedPoints: options.inits is required (initial states [K, S]; see sampleStates).");
  }
  if (raw.length === 0) {
    throw new Error("findFixedPoints: K = 0 initial states; pass at least one (e.g. sampleStates(states, 1024, {...})).");
  }
  if (raw.length % S !== 0) {
    throw new Error(
      `findFixedPoints: inits has ${raw.length} values, not a multiple of the state size S = ${S} ` +
        `(arch ${model.spec.arch}, hiddenSize ${model.spec.hiddenSize}${model.spec.arch === "lstm" ? ", LSTM state is [h, c]" : ""}).`,
    );
  }
  const inits = Float64Array.from(raw);
  for (let i = 0; i < inits.length; i++) {
    if (!Number.isFinite(inits[i]!)) {
      throw new Error(
        `findFixedPoints: initial state ${Math.floor(i / S)} has a non-finite value (${inits[i]}) at unit ${i % S}; ` +
          `the trajectories it came from probably diverged. Remove those states or fix the network.`,
      );
    }
  }
  return { inits, K: inits.length / S };
}

function expandInputs(raw: ArrayLike<number> | undefined, K: number, I: number): Float64Array {
  const out = new Float64Array(K * I);
  if (raw === undefined) return out;
  if (raw.length === I) {
    for (let k = 0; k < K; k++) for (let m = 0; m < I; m++) out[k * I + m] = raw[m]!;
  } else if (raw.length === K * I) {
    out.set(Float64Array.from(raw));
  } else {
    throw new Error(
      `findFixedPoints: inputs have ${raw.length} values; the model's inputSize is I = ${I} and there are K = ${K} ` +
        `initial states, so pass ${I} values (one shared constant input) or K·I = ${K * I} (one per initial state).`,
    );
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new Error(`findFixedPoints: input value ${i} is not finite (${out[i]}).`);
  }
  return out;
}

function dist(a: Float64Array, off: number, c: Float64Array, S: number): number {
  let s = 0;
  for (let i = 0; i < S; i++) {
    const d = a[off + i]! - c[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

function countNonFinite(q: Float64Array): number {
  let c = 0;
  for (const v of q) if (!Number.isFinite(v)) c++;
  return c;
}

export { OPTIMISER_DEFAULTS };

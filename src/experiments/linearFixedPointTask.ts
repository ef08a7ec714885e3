/**
 * The linear-network experiment of Schuessler et al. 2020 (§3.4, Fig. C–D), trained with plain SGD
 * (its readout and scaling analyses are src/analysis/lowRank/linearNetwork).
 *
 * Network: linear leaky RNN (φ = identity), W0 = g·J, W_in and W_out fixed (the library's "gaussian"
 * init), only W trained. Task: constant input u = 1, the readout at the end of a long trial must be ẑ.
 *
 * Honest shortcut (documented): the paper simulates T = 101 time units so that the state has
 * converged to the fixed point x* = (1 − W)⁻¹ w_in; we use that limit directly, z = w_outᵀ(1 − W)⁻¹w_in,
 * loss ½(ẑ − z)² (both masked steps carry the same converged value). Its gradient is the exact rank-one
 * matrix −(ẑ − z)·a bᵀ, a = (1 − W)⁻ᵀ w_out, b = (1 − W)⁻¹ w_in, so one SGD step changes 1 − W by a
 * rank-one term and (1 − W)⁻¹ is updated by Sherman–Morrison in O(N²) (re-inverted every
 * `refreshEvery` updates against drift). The test suite checks z against the simulated network
 * (runModel) on the task of src/tasks ("linear-fixed-point").
 *
 * Learning rate: lr = lr0·(1 − g²)² (the paper's scaling); learning time τ = lr·updates, effective
 * time τ̃ = β²τ, β = 1/(1 − g²).
 */
import { initModel } from "../models/init";
import type { ModelSpec } from "../core/types";
import { invertDense } from "../analysis/lowRank/denseSolve";
import { LowRankAccumulator } from "../analysis/lowRank/lowRankAccumulator";
import { shuffleEntries } from "../analysis/lowRank/shuffle";
import { linearBeta } from "../analysis/lowRank/linearTheory";
import { LINEAR_EXPERIMENT_KIND, linearFixedPointReadout, linearScaling, type LinearExperiment, type LinearRun } from "../analysis/lowRank/linearNetwork";

export interface LinearRunOptions {
  /** Network size N. */
  readonly n: number;
  /** Gain of W0 = g·J, 0 ≤ g < 1. */
  readonly g: number;
  /** Target ẑ. */
  readonly target: number;
  /** Base learning rate lr0 (paper: 0.015 / 0.009 / 0.003 for ẑ = 0.5 / 1 / 2). */
  readonly lr0: number;
  /** SGD updates ("epochs", batch 1; paper 200). */
  readonly epochs: number;
  /** Init seed (W0, w_in, w_out). */
  readonly seed: number;
  /** Scale lr by (1 − g²)² (default true, as in the paper). */
  readonly scaleLr?: boolean;
  /** Convergence: first update with loss < relThreshold·L0 (default 0.05). */
  readonly relThreshold?: number;
  /** Record the top singular values of ΔW every k updates (default 5). */
  readonly recordEvery?: number;
  /** Recompute (1 − W)⁻¹ exactly every k updates (default 50). */
  readonly refreshEvery?: number;
  /** Seed of the W0 shuffle (default derived from seed). */
  readonly shuffleSeed?: number;
}

function linearSpec(n: number): ModelSpec {
  return { arch: "leaky", inputSize: 1, hiddenSize: n, outputSize: 1, nonlinearity: "identity", dt: 0.5 };
}

/** W0 (N×N, row-major), w_in and w_out of the linear network, from the library's seeded init. */
export function linearNetworkInit(n: number, g: number, seed: number): { w0: Float64Array; win: Float64Array; wout: Float64Array } {
  const model = initModel(linearSpec(n), { seed, scheme: "gaussian", g });
  return {
    w0: Float64Array.from(model.params.weight_hh_l0!),
    win: Float64Array.from(model.params.weight_ih_l0!),
    wout: Float64Array.from(model.params["readout.weight"]!),
  };
}

function oneMinus(w: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - w[i * n + j]!;
  return a;
}

/** One SGD run of the linear fixed-point task. */
export function trainLinearFixedPoint(opts: LinearRunOptions): LinearRun {
  const { n, g, target, lr0, epochs, seed } = opts;
  if (!Number.isInteger(n) || n < 2) throw new Error(`trainLinearFixedPoint: n must be an integer ≥ 2, got ${n}.`);
  if (!(g >= 0 && g < 1)) throw new Error(`trainLinearFixedPoint: g must be in [0, 1) for a stable linear network, got ${g}.`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`trainLinearFixedPoint: epochs must be a positive integer, got ${epochs}.`);
  if (!(lr0 > 0)) throw new Error(`trainLinearFixedPoint: lr0 must be > 0, got ${lr0}.`);
  const rel = opts.relThreshold ?? 0.05;
  const recordEvery = opts.recordEvery ?? 5;
  const refreshEvery = opts.refreshEvery ?? 50;
  const beta = linearBeta(g);
  const lr = (opts.scaleLr ?? true) ? lr0 / (beta * beta) : lr0;
  const { w0, win, wout } = linearNetworkInit(n, g, seed);
  const w = Float64Array.from(w0);
  let m = invertDense(oneMinus(w, n), n); // M = (1 − W)⁻¹
  const acc = new LowRankAccumulator(n);
  const loss = new Float64Array(epochs + 1);
  const zs = new Float64Array(epochs + 1);
  const gradNorm = new Float64Array(epochs);
  const svEpochs: number[] = [];
  const s1: number[] = [];
  const s2: number[] = [];
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const ma = new Float64Array(n);
  const mtb = new Float64Array(n);
  const fwd = (): number => {
    // b = M w_in, a = Mᵀ w_out, z = w_outᵀ b.
    a.fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) s += m[o + j]! * win[j]!;
      b[i] = s;
      const wi = wout[i]!;
      if (wi !== 0) for (let j = 0; j < n; j++) a[j] += wi * m[o + j]!;
    }
    let z = 0;
    for (let i = 0; i < n; i++) z += wout[i]! * b[i]!;
    return z;
  };
  const record = (e: number) => {
    const sv = acc.singularValues(2);
    svEpochs.push(e);
    s1.push(sv[0]!);
    s2.push(sv[1]!);
  };
  let z = fwd();
  zs[0] = z;
  loss[0] = 0.5 * (target - z) ** 2;
  record(0);
  for (let e = 0; e < epochs; e++) {
    const err = target - z;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < n; i++) {
      na += a[i]! * a[i]!;
      nb += b[i]! * b[i]!;
    }
    gradNorm[e] = Math.abs(err) * Math.sqrt(na * nb);
    // SGD: W += c·a bᵀ with c = lr·(ẑ − z)  (minus the gradient).
    const c = lr * err;
    for (let i = 0; i < n; i++) {
      const f = c * a[i]!;
      const o = i * n;
      for (let j = 0; j < n; j++) w[o + j] += f * b[j]!;
    }
    acc.addOuter(c, a, b);
    if ((e + 1) % refreshEvery === 0) {
      m = invertDense(oneMinus(w, n), n);
    } else {
      // (1 − W − c a bᵀ)⁻¹ = M + (M a)(bᵀ M)·c / (1 − c bᵀ M a)   (Sherman–Morrison)
      ma.fill(0);
      mtb.fill(0);
      for (let i = 0; i < n; i++) {
        let s = 0;
        const o = i * n;
        for (let j = 0; j < n; j++) s += m[o + j]! * a[j]!;
        ma[i] = s;
        const bi = b[i]!;
        for (let j = 0; j < n; j++) mtb[j] += bi * m[o + j]!;
      }
      let bma = 0;
      for (let i = 0; i < n; i++) bma += b[i]! * ma[i]!;
      const denom = 1 - c * bma;
      if (!(Math.abs(denom) > 1e-12)) throw new Error(`trainLinearFixedPoint: W reached an eigenvalue 1 at update ${e + 1} (learning diverges; lower lr0).`);
      const k = c / denom;
      for (let i = 0; i < n; i++) {
        const f = k * ma[i]!;
        const o = i * n;
        for (let j = 0; j < n; j++) m[o + j] += f * mtb[j]!;
      }
    }
    z = fwd();
    zs[e + 1] = z;
    loss[e + 1] = 0.5 * (target - z) ** 2;
    if (!Number.isFinite(loss[e + 1]!)) throw new Error(`trainLinearFixedPoint: loss became ${loss[e + 1]} at update ${e + 1}; lower lr0.`);
    if ((e + 1) % recordEvery === 0 || e + 1 === epochs) record(e + 1);
  }
  const L0 = loss[0]!;
  let conv: number | null = null;
  for (let e = 0; e <= epochs; e++) {
    if (loss[e]! < rel * L0) {
      conv = e;
      break;
    }
  }
  const upto = conv ?? epochs;
  let gsum = 0;
  for (let e = 0; e < Math.max(upto, 1); e++) gsum += gradNorm[e]!;
  let dn = 0;
  const delta = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    delta[i] = w[i]! - w0[i]!;
    dn += delta[i]! * delta[i]!;
  }
  const sh = shuffleEntries({ rows: n, cols: n, data: w0 }, opts.shuffleSeed ?? seed * 7919 + 17).data;
  for (let i = 0; i < n * n; i++) sh[i] += delta[i]!;
  const zSh = linearFixedPointReadout(sh, win, wout, n);
  const shuffleLossValue = 0.5 * (target - zSh) ** 2;
  const tau = Float64Array.from({ length: epochs + 1 }, (_, e) => lr * e);
  return {
    n,
    g,
    target,
    seed,
    lr,
    beta,
    initialLoss: L0,
    loss,
    z: zs,
    gradNorm,
    tau,
    tauTilde: tau.map((t) => beta * beta * t),
    svEpochs,
    s1,
    s2,
    convergenceEpoch: conv,
    convergenceTime: conv === null ? null : lr * conv,
    deltaNorm: Math.sqrt(dn),
    meanGradNorm: gsum / Math.max(upto, 1),
    shuffleLoss: shuffleLossValue,
    shuffleLossRel: shuffleLossValue / L0,
  };
}

export interface LinearExperimentOptions {
  readonly n: number;
  /** Gains; must include 0 (everything is normalised to g = 0). */
  readonly gs: ReadonlyArray<number>;
  /** Targets with their base learning rates. */
  readonly targets: ReadonlyArray<{ readonly target: number; readonly lr0: number }>;
  /** Init seeds (samples per g). */
  readonly seeds: ReadonlyArray<number>;
  readonly epochs: number;
  readonly relThreshold?: number;
  readonly recordEvery?: number;
}

/** The g-sweep of the linear network for several targets and seeds, with the theory curves. */
export function linearExperiment(opts: LinearExperimentOptions): LinearExperiment {
  if (!opts.gs.includes(0)) throw new Error("linearExperiment: gs must include 0, the reference every scaling is normalised to.");
  if (opts.seeds.length === 0 || opts.targets.length === 0) throw new Error("linearExperiment: give at least one seed and one target.");
  const runs: LinearRun[] = [];
  for (const { target, lr0 } of opts.targets) {
    for (const g of opts.gs) {
      for (const seed of opts.seeds) {
        runs.push(
          trainLinearFixedPoint({
            n: opts.n,
            g,
            target,
            lr0,
            epochs: opts.epochs,
            seed,
            ...(opts.relThreshold !== undefined ? { relThreshold: opts.relThreshold } : {}),
            ...(opts.recordEvery !== undefined ? { recordEvery: opts.recordEvery } : {}),
          }),
        );
      }
    }
  }
  return { kind: LINEAR_EXPERIMENT_KIND, n: opts.n, epochs: opts.epochs, gs: [...opts.gs], runs, scaling: linearScaling(runs, opts.gs, opts.targets) };
}

/**
 * Meta-training of a coordinate-wise GRU optimizer (src/analysis/learnedOptimizer/optimizer.ts) on a
 * family of problems (optimizeeProblems.ts) with truncated unrolls, after Maheswaranathan et al. 2021
 * (and Andrychowicz et al. 2016; Metz et al. 2019 for the truncated scheme).
 *
 * Meta-objective of one truncation of T steps from (x_s, h_s): M = (1/T) Σ_{t=s+1}^{s+T} L(x_t)/L(x_0)
 * (each problem's loss relative to its start, so problems of different scale weigh alike; objective
 * "log" uses log(L(x_t)/L(x_0) + LOG_FLOOR) instead, which keeps rewarding precision near the minimum). The
 * meta-gradient is exact through the unroll, including the second-order path x_t → ∇L(x_t) → GRU
 * (the problems' Hessian-vector products), and stops at the truncation's start (truncated BPTT).
 * B workers each run a problem of `runSteps` steps; every meta-iteration each advances one truncation,
 * the B meta-gradients are averaged, clipped (norm), and Adam (src/train/adam.ts) takes a step. A
 * worker whose run is done starts a new problem; at the start worker b is advanced b·T steps (mod the
 * run length) so that a meta-batch mixes early and late truncations.
 *
 * Engine: hand-written float64 reverse mode (the house pattern of src/analysis/jslds), with the GRU's
 * per-step forward/backward taken from the architecture module (archModule("gru").kernelTrial), so
 * the equations are the library's. Chosen by measurement (bench/learnedOptimizerEngine.ts, one meta-
 * gradient of a T = 10 truncation on a 2-D quadratic, H = 12, steady state after warm-up, on the
 * shared 2-core box at load ≈ 4): H = 12: this file 0.11 ms, TF.js cpu 14.9 ms (140×); H = 16: 0.19 ms
 * vs 14.3 ms (76×). The meta-losses agree to float32 precision (0.93834816 here, 0.93834805 TF.js).
 * At this size (2–4 coordinates × 12–16 units) every tensor op is tiny and TF.js's per-op overhead
 * dominates; plain float64 with a fixed loop order also gives the same bytes on any machine.
 */
import { deriveSeed } from "../core/random";
import type { Model, ModelSpec } from "../core/types";
import { initModel } from "../models/init";
import { archModule } from "../models/arch/index";
import type { KernelTrial } from "../models/arch/types";
import { createAdamState, adamStep } from "../train/adam";
import { clipGradients, gradNorms } from "../train/gradients";
import { optimizerParams64, runLearnedOptimizer, type LearnedOptimizer } from "../analysis/learnedOptimizer/optimizer";
import { makeOptimizee, OPTIMIZEE_KINDS, type OptimizeeKind, type OptimizeeProblem } from "./optimizeeProblems";

export const LOPT_MAX_HIDDEN = 32;

/** "ratio": mean L_t/L_0 (default); "log": mean log(L_t/L_0 + LOG_FLOOR), which keeps rewarding precision near the minimum. */
export type MetaObjective = "ratio" | "log";
export const LOG_FLOOR = 1e-12;

export interface LearnedOptimizerTrainOptions {
  /** GRU units (8–16 in the notebook; at most LOPT_MAX_HIDDEN). */
  readonly hidden: number;
  readonly seed: number;
  /** Meta-iterations (Adam steps on the optimizer's weights). */
  readonly iterations: number;
  /** Problem kinds, alternated over workers (default both). */
  readonly kinds?: readonly OptimizeeKind[];
  /** Workers = problems per meta-batch (default 8). */
  readonly workers?: number;
  /** Steps of one optimisation run (default 40). */
  readonly runSteps?: number;
  /** Truncation length (default 10; must divide runSteps). */
  readonly truncation?: number;
  /** Meta learning rate (Adam, default 0.003). */
  readonly metaLr?: number;
  /** Meta-gradient norm clip (default 1). */
  readonly clipNorm?: number;
  /** a: gradient scale fed to the GRU (default 1). */
  readonly inputScale?: number;
  /** η: update scale (default 0.1). */
  readonly outputScale?: number;
  /** Meta-objective per step (default "ratio"). */
  readonly objective?: MetaObjective;
  /** History row every this many iterations (default 25). */
  readonly historyEvery?: number;
  readonly onProgress?: (row: { iteration: number; metaLoss: number }) => void;
}

export interface LearnedOptimizerTraining {
  readonly optimizer: LearnedOptimizer;
  /** Mean meta-loss of the meta-batch (mean over the iterations since the last row). */
  readonly history: readonly { iteration: number; metaLoss: number }[];
  readonly seconds: number;
  readonly options: LearnedOptimizerTrainOptions;
}

export interface MetaGradientResult {
  /** Meta-loss of this truncation. */
  readonly metaLoss: number;
  /** x and h after the truncation (the next truncation's start). */
  readonly x: Float64Array;
  readonly h: Float64Array;
}

interface Pool {
  trials: KernelTrial[];
  T: number;
  H: number;
}

function pool(H: number, T: number, P: number, have?: Pool): Pool {
  if (have && have.T === T && have.H === H && have.trials.length >= P) return have;
  const gru = archModule("gru");
  const trials = Array.from({ length: Math.max(P, have?.trials.length ?? 0) }, () => gru.kernelTrial({ T, N: H, phi: 0, dt: 1, readoutState: false }));
  return { trials, T, H };
}

let sharedPool: Pool | undefined;

/**
 * Meta-loss of one truncation and (when grads is given) its exact gradient, ADDED into grads (names
 * of the optimizer's model params, float64), scaled by `weight`. x, h: the truncation's start
 * ([dim] and [dim, H]); L0: the problem's initial loss.
 */
export function truncationMetaGradient(
  opt: LearnedOptimizer,
  p: Readonly<Record<string, Float64Array>>,
  problem: OptimizeeProblem,
  x: Float64Array,
  h: Float64Array,
  T: number,
  L0: number,
  grads: Record<string, Float64Array> | null,
  weight = 1,
  objective: MetaObjective = "ratio",
): MetaGradientResult {
  // Per-step term f(L) and its derivative: L/L0, or log(L/L0 + LOG_FLOOR).
  const f = objective === "log" ? (L: number) => Math.log(L / L0 + LOG_FLOOR) : (L: number) => L / L0;
  const df = objective === "log" ? (L: number) => 1 / (L + LOG_FLOOR * L0) : () => 1 / L0;
  const Ls = new Float64Array(T + 1);
  const H = opt.model.spec.hiddenSize, P = problem.dim;
  const a = opt.inputScale, eta = opt.outputScale;
  sharedPool = pool(H, T, P, sharedPool);
  const trials = sharedPool.trials;
  const Wih = p.weight_ih_l0!, Whh = p.weight_hh_l0!, bih = p.bias_ih_l0!, bhh = p.bias_hh_l0!;
  const w = p["readout.weight"]!, b = p["readout.bias"]![0]!;
  const xs = new Float64Array((T + 1) * P), gs = new Float64Array((T + 1) * P);
  xs.set(x);
  const gi = new Float64Array(3 * H), gh = new Float64Array(3 * H);
  for (let i = 0; i < P; i++) trials[i]!.stateBlocks[0]!.set(h.subarray(i * H, (i + 1) * H), 0);
  let M = 0;
  for (let t = 0; t < T; t++) {
    const xt = xs.subarray(t * P, (t + 1) * P), gt = gs.subarray(t * P, (t + 1) * P);
    const L = problem.lossGrad(xt, gt);
    Ls[t] = L;
    if (t > 0) M += f(L) / T;
    for (let i = 0; i < P; i++) {
      const tr = trials[i]!, hs = tr.stateBlocks[0]!;
      const v = a * gt[i]!;
      for (let r = 0; r < 3 * H; r++) {
        gi[r] = Wih[r]! * v + bih[r]!;
        let s = bhh[r]!;
        for (let j = 0; j < H; j++) s += Whh[r * H + j]! * hs[t * H + j]!;
        gh[r] = s;
      }
      tr.forward(t, gi, gh);
      let u = b;
      for (let j = 0; j < H; j++) u += w[j]! * hs[(t + 1) * H + j]!;
      xs[(t + 1) * P + i] = xt[i]! + eta * u;
    }
  }
  const xT = xs.subarray(T * P, (T + 1) * P), gT = gs.subarray(T * P, (T + 1) * P);
  Ls[T] = problem.lossGrad(xT, gT);
  M += f(Ls[T]!) / T;
  const hOut = new Float64Array(P * H);
  for (let i = 0; i < P; i++) hOut.set(trials[i]!.stateBlocks[0]!.subarray(T * H, (T + 1) * H), i * H);
  if (grads) {
    const gW = grads.weight_ih_l0!, gU = grads.weight_hh_l0!, gbi = grads.bias_ih_l0!, gbh = grads.bias_hh_l0!;
    const gw = grads["readout.weight"]!, gb = grads["readout.bias"]!;
    const c = weight / T;
    const ax = new Float64Array(P), ag = new Float64Array(P), hv = new Float64Array(P);
    for (let i = 0; i < P; i++) ax[i] = c * df(Ls[T]!) * gT[i]!;
    const ah = new Float64Array(P * H);
    const dh = new Float64Array(H), dnext = new Float64Array(H);
    const giG = new Float64Array(3 * H), ghG = new Float64Array(3 * H);
    for (let t = T - 1; t >= 0; t--) {
      const gt = gs.subarray(t * P, (t + 1) * P);
      for (let i = 0; i < P; i++) {
        const tr = trials[i]!, hs = tr.stateBlocks[0]!;
        const au = ax[i]! * eta; // ∂M/∂(wᵀh' + b)
        gb[0] += au;
        for (let j = 0; j < H; j++) {
          gw[j] += au * hs[(t + 1) * H + j]!;
          dh[j] = ah[i * H + j]! + au * w[j]!;
        }
        tr.backward(t, dh, giG, ghG, dnext);
        const v = a * gt[i]!;
        let av = 0;
        for (let r = 0; r < 3 * H; r++) {
          gW[r] += giG[r]! * v;
          gbi[r] += giG[r]!;
          gbh[r] += ghG[r]!;
          av += Wih[r]! * giG[r]!;
          for (let j = 0; j < H; j++) gU[r * H + j] += ghG[r]! * hs[t * H + j]!;
        }
        for (let j = 0; j < H; j++) {
          let s = dnext[j]!;
          for (let r = 0; r < 3 * H; r++) s += Whh[r * H + j]! * ghG[r]!;
          ah[i * H + j] = s;
        }
        ag[i] = a * av;
      }
      // x_t feeds x_{t+1} (identity), g_t = ∇L(x_t) (Hessian path) and, for t > 0, its own loss term.
      problem.hvp(xs.subarray(t * P, (t + 1) * P), ag, hv);
      const ct = t > 0 ? c * df(Ls[t]!) : 0;
      for (let i = 0; i < P; i++) ax[i] += hv[i]! + ct * gt[i]!;
    }
  }
  return { metaLoss: M, x: Float64Array.from(xT), h: hOut };
}

function positiveInt(who: string, v: unknown): number {
  if (!(typeof v === "number" && Number.isInteger(v) && v > 0)) throw new Error(`trainLearnedOptimizer: ${who} must be a positive integer (got ${String(v)}).`);
  return v;
}

function positive(who: string, v: number): number {
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`trainLearnedOptimizer: ${who} must be a positive number (got ${String(v)}).`);
  return v;
}

/** A fresh (untrained) optimizer: the library's GRU init (pytorch uniform) from the seed. */
export function initLearnedOptimizer(hidden: number, seed: number, scales: { inputScale?: number; outputScale?: number } = {}): LearnedOptimizer {
  const spec: ModelSpec = { arch: "gru", inputSize: 1, outputSize: 1, hiddenSize: hidden };
  const model = initModel(spec, { seed: deriveSeed(seed, "lopt-init") });
  return { model, inputScale: scales.inputScale ?? 1, outputScale: scales.outputScale ?? 0.1 };
}

export function trainLearnedOptimizer(options: LearnedOptimizerTrainOptions): LearnedOptimizerTraining {
  const H = positiveInt("hidden", options.hidden);
  if (H > LOPT_MAX_HIDDEN) throw new Error(`trainLearnedOptimizer: hidden ${H} is above ${LOPT_MAX_HIDDEN} (the float64 engine is serial JS, O(H²) per coordinate and step); use 8–16 units.`);
  const seed = options.seed;
  if (!Number.isInteger(seed)) throw new Error(`trainLearnedOptimizer: seed must be an integer (got ${String(seed)}).`);
  const iterations = positiveInt("iterations", options.iterations);
  const B = positiveInt("workers", options.workers ?? 8);
  const K = positiveInt("runSteps", options.runSteps ?? 40);
  const T = positiveInt("truncation", options.truncation ?? 10);
  if (K % T !== 0) throw new Error(`trainLearnedOptimizer: truncation ${T} must divide runSteps ${K} (e.g. runSteps 40, truncation 10).`);
  const kinds = options.kinds ?? OPTIMIZEE_KINDS;
  if (kinds.length === 0) throw new Error(`trainLearnedOptimizer: kinds is empty; pass some of ${OPTIMIZEE_KINDS.join(", ")}.`);
  const metaLr = positive("metaLr", options.metaLr ?? 0.003);
  const clip = positive("clipNorm", options.clipNorm ?? 1);
  const every = positiveInt("historyEvery", options.historyEvery ?? 25);
  const objective = options.objective ?? "ratio";
  if (objective !== "ratio" && objective !== "log") throw new Error(`trainLearnedOptimizer: objective must be "ratio" or "log" (got ${String(objective)}).`);
  const init = initLearnedOptimizer(H, seed, { inputScale: positive("inputScale", options.inputScale ?? 1), outputScale: positive("outputScale", options.outputScale ?? 0.1) });
  const params: Record<string, Float32Array> = Object.fromEntries(Object.entries(init.model.params).map(([k, v]) => [k, Float32Array.from(v)]));
  const opt: LearnedOptimizer = { ...init, model: { spec: init.model.spec, params } };
  const adam = createAdamState(params, 1);
  const t0 = Date.now();

  // Workers: problem, position, x, h, L0.
  const nTrunc = K / T;
  const counter = new Array<number>(B).fill(0);
  const newProblem = (b: number) => makeOptimizee(kinds[b % kinds.length]!, deriveSeed(seed, "lopt-train", b, counter[b]!++));
  const workers = Array.from({ length: B }, (_, b) => {
    const problem = newProblem(b);
    const L0 = problem.lossGrad(problem.x0);
    const skip = (b % nTrunc) * T;
    let x = Float64Array.from(problem.x0), h = new Float64Array(problem.dim * H);
    if (skip > 0) {
      const run = runLearnedOptimizer(opt, problem, skip);
      x = Float64Array.from(problem.x0);
      for (let t = 0; t < skip; t++) for (let i = 0; i < problem.dim; i++) x[i] += run.updates[t * problem.dim + i]!;
      h = Float64Array.from(run.states.subarray(skip * problem.dim * H));
    }
    return { problem, L0, pos: skip, x, h };
  });

  const history: { iteration: number; metaLoss: number }[] = [];
  let acc = 0, accN = 0;
  for (let it = 0; it < iterations; it++) {
    const p64 = optimizerParams64(opt);
    const g64: Record<string, Float64Array> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)]));
    let mean = 0;
    for (let b = 0; b < B; b++) {
      const wk = workers[b]!;
      const r = truncationMetaGradient(opt, p64, wk.problem, wk.x, wk.h, T, wk.L0, g64, 1 / B, objective);
      mean += r.metaLoss / B;
      wk.pos += T;
      if (wk.pos >= K || !Number.isFinite(r.metaLoss)) {
        wk.problem = newProblem(b);
        wk.L0 = wk.problem.lossGrad(wk.problem.x0);
        wk.pos = 0;
        wk.x = Float64Array.from(wk.problem.x0);
        wk.h = new Float64Array(wk.problem.dim * H);
      } else {
        wk.x = r.x;
        wk.h = r.h;
      }
    }
    if (!Number.isFinite(mean)) throw new Error(`trainLearnedOptimizer: the meta-loss became non-finite at iteration ${it}; lower metaLr or outputScale.`);
    const g32: Record<string, Float32Array> = Object.fromEntries(Object.entries(g64).map(([k, v]) => [k, Float32Array.from(v)]));
    clipGradients(g32, gradNorms(g32, 1), clip, 1);
    adamStep(params, g32, adam, [metaLr], [0]);
    acc += mean;
    accN++;
    if ((it + 1) % every === 0 || it === iterations - 1) {
      const row = { iteration: it + 1, metaLoss: acc / accN };
      history.push(row);
      options.onProgress?.(row);
      acc = 0;
      accN = 0;
    }
  }
  const model: Model = { spec: opt.model.spec, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Float32Array.from(v)])) };
  return { optimizer: { model, inputScale: opt.inputScale, outputScale: opt.outputScale }, history, seconds: (Date.now() - t0) / 1000, options };
}

/**
 * A coordinate-wise learned optimizer (Maheswaranathan et al. 2021; Andrychowicz et al. 2016): one
 * small GRU, shared by every parameter, keeps a state h_i per coordinate i and maps that coordinate's
 * gradient to its update:
 *
 *   h_i' = GRU(h_i, a·g_i),    Δx_i = η · (wᵀ h_i' + b)
 *
 * The GRU is an ordinary library Model (arch "gru", 1 input, 1 output: its readout is w, b), so the
 * library's fixed-point search and eigen-decomposition apply to it as to any trained network. a
 * (inputScale) and η (outputScale) are fixed constants, not trained. h starts at 0.
 */
import type { Model } from "../../core/types";
import { archModule } from "../../models/arch/index";
import { validateModel } from "../../models/spec";
import type { Params64 } from "../../models/arch/types";
import { getDynamics } from "../fixedPoints/dynamics";

export interface LearnedOptimizer {
  /** GRU with inputSize 1, outputSize 1 (readout.weight = w, readout.bias = b). */
  readonly model: Model;
  /** a: the GRU sees a·g. */
  readonly inputScale: number;
  /** η: the update is η·(wᵀh' + b). */
  readonly outputScale: number;
}

/** The problem interface the analyses need (OptimizeeProblem in src/experiments satisfies it). */
export interface GradientOracle {
  readonly dim: number;
  readonly x0: Float64Array;
  lossGrad(x: Float64Array, grad?: Float64Array): number;
}

/** Throws a clear error unless `opt` is a usable learned optimizer. */
export function checkOptimizer(opt: LearnedOptimizer, who: string): void {
  if (!opt || !opt.model || !opt.model.spec) throw new Error(`${who}: expected a LearnedOptimizer {model, inputScale, outputScale} (trainLearnedOptimizer(...).optimizer).`);
  const s = opt.model.spec;
  if (s.arch !== "gru" || s.inputSize !== 1 || s.outputSize !== 1) {
    throw new Error(`${who}: the optimizer's model must be a GRU with 1 input and 1 output (got ${s.arch} with ${s.inputSize} inputs, ${s.outputSize} outputs).`);
  }
  validateModel(opt.model);
  for (const k of ["inputScale", "outputScale"] as const) {
    if (!(Number.isFinite(opt[k]) && opt[k] > 0)) throw new Error(`${who}: ${k} must be a positive number (got ${String(opt[k])}).`);
  }
}

export function optimizerParams64(opt: LearnedOptimizer): Params64 {
  return Object.fromEntries(Object.entries(opt.model.params).map(([k, v]) => [k, Float64Array.from(v)]));
}

/** One step of one coordinate: writes h' into out and returns the update Δx. */
export function optimizerStep(opt: LearnedOptimizer, p: Params64, h: Float64Array, g: number, out: Float64Array): number {
  archModule("gru").step(opt.model.spec, p, h, [opt.inputScale * g], out);
  const w = p["readout.weight"]!;
  let u = p["readout.bias"]![0]!;
  for (let j = 0; j < out.length; j++) u += w[j]! * out[j]!;
  return opt.outputScale * u;
}

/**
 * The effective learning rate at states h (K states [K, H]) for a gradient g0 (default 0):
 * lr_eff = −∂Δx/∂g = −η a wᵀ ∂GRU/∂u (exact, from the GRU's Jacobians). Positive for a descent direction.
 */
export function effectiveLearningRate(opt: LearnedOptimizer, states: Float64Array, g0 = 0): Float64Array {
  checkOptimizer(opt, "effectiveLearningRate");
  const H = opt.model.spec.hiddenSize;
  if (states.length % H !== 0 || states.length === 0) throw new Error(`effectiveLearningRate: states has ${states.length} values, not a positive multiple of the hidden size ${H}.`);
  const K = states.length / H;
  const { Ju } = getDynamics(opt.model).jacobians(states, new Float64Array(K).fill(opt.inputScale * g0), K);
  const w = opt.model.params["readout.weight"]!;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += w[j]! * Ju[k * H + j]!;
    out[k] = -opt.outputScale * opt.inputScale * s;
  }
  return out;
}

export interface OptimizerRun {
  /** L(x_t), t = 0..steps. */
  readonly losses: Float64Array;
  /** Optimizer states h after t steps, [steps + 1, dim, H] (slot 0 = zeros). */
  readonly states: Float64Array;
  /** Gradients g_t, [steps, dim]. */
  readonly grads: Float64Array;
  /** Updates Δx_t, [steps, dim]. */
  readonly updates: Float64Array;
  readonly steps: number;
  readonly dim: number;
  readonly hidden: number;
}

/** Runs the learned optimizer on a problem for `steps` steps from x0 and h = 0 (float64, deterministic). */
export function runLearnedOptimizer(opt: LearnedOptimizer, problem: GradientOracle, steps: number): OptimizerRun {
  checkOptimizer(opt, "runLearnedOptimizer");
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`runLearnedOptimizer: steps must be a positive integer (got ${String(steps)}).`);
  if (!problem || typeof problem.lossGrad !== "function") throw new Error("runLearnedOptimizer: problem must have lossGrad(x, grad) (e.g. makeOptimizee(...)).");
  const H = opt.model.spec.hiddenSize, P = problem.dim;
  const p = optimizerParams64(opt);
  const x = Float64Array.from(problem.x0);
  const g = new Float64Array(P);
  const losses = new Float64Array(steps + 1);
  const states = new Float64Array((steps + 1) * P * H);
  const grads = new Float64Array(steps * P), updates = new Float64Array(steps * P);
  const out = new Float64Array(H);
  for (let t = 0; t < steps; t++) {
    losses[t] = problem.lossGrad(x, g);
    for (let i = 0; i < P; i++) {
      const h = states.subarray((t * P + i) * H, (t * P + i + 1) * H);
      const u = optimizerStep(opt, p, h, g[i]!, out);
      states.set(out, ((t + 1) * P + i) * H);
      grads[t * P + i] = g[i]!;
      updates[t * P + i] = u;
      x[i] += u;
    }
  }
  losses[steps] = problem.lossGrad(x);
  return { losses, states, grads, updates, steps, dim: P, hidden: H };
}

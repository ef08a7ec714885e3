/**
 * The effective learning rate over an optimisation run (Maheswaranathan et al. 2021 §5.3):
 * lr_eff(t) = −∂Δx/∂g at the state the optimizer is in at step t. A schedule (warm-up, decay) shows as
 * lr_eff changing with t. Two versions: along a real run (median over coordinates), and under zero
 * gradient from h = 0 (the autonomous relaxation towards the fixed point, which is a schedule the
 * optimizer runs regardless of the problem).
 */
import { median } from "../../notebook/stats";
import { checkOptimizer, effectiveLearningRate, optimizerParams64, optimizerStep, runLearnedOptimizer, type GradientOracle, type LearnedOptimizer } from "./optimizer";

export const LR_SCHEDULE_KIND = "rnn-atlas/lopt-lr-schedule";

export interface LrSchedule {
  readonly kind: typeof LR_SCHEDULE_KIND;
  /** lr_eff at steps 0..steps−1 (state before step t). */
  readonly lr: Float64Array;
  readonly source: "run" | "zero-gradient";
}

/** lr_eff(t) along a run on `problem`: median over coordinates of −∂Δx/∂g at the state of step t. */
export function lrScheduleOnRun(opt: LearnedOptimizer, problem: GradientOracle, steps: number): LrSchedule {
  const run = runLearnedOptimizer(opt, problem, steps);
  const P = run.dim, H = run.hidden;
  const lr = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const l = effectiveLearningRate(opt, run.states.subarray(t * P * H, (t + 1) * P * H));
    lr[t] = median(Array.from(l));
  }
  return { kind: LR_SCHEDULE_KIND, lr, source: "run" };
}

/** lr_eff(t) while the state relaxes from h = 0 with zero gradient. */
export function lrScheduleZeroGradient(opt: LearnedOptimizer, steps: number): LrSchedule {
  checkOptimizer(opt, "lrScheduleZeroGradient");
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`lrScheduleZeroGradient: steps must be a positive integer (got ${String(steps)}).`);
  const H = opt.model.spec.hiddenSize;
  const p = optimizerParams64(opt);
  const states = new Float64Array(steps * H);
  let h = new Float64Array(H);
  const out = new Float64Array(H);
  for (let t = 0; t < steps; t++) {
    states.set(h, t * H);
    optimizerStep(opt, p, h, 0, out);
    h = Float64Array.from(out);
  }
  return { kind: LR_SCHEDULE_KIND, lr: effectiveLearningRate(opt, states), source: "zero-gradient" };
}

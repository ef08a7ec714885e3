/**
 * Learning-rate adaptation (Maheswaranathan et al. 2021 §5.4): how the effective learning rate
 * depends on the recent gradient scale. The optimizer is driven for `steps` steps with gradients
 * g_t = s·ξ_t (ξ_t = ±1 with equal probability, seeded: zero mean, so momentum does not accumulate a
 * drift) from h = 0, and lr_eff = −∂Δx/∂g is read at the final state, averaged over `samples` drives.
 * An RMSProp/Adam-like adaptation gives lr_eff falling as s grows (∝ 1/s for exact normalisation).
 */
import { Rng } from "../../core/random";
import { checkOptimizer, effectiveLearningRate, optimizerParams64, optimizerStep, type LearnedOptimizer } from "./optimizer";

export const LR_ADAPTATION_KIND = "rnn-atlas/lopt-lr-adaptation";

export interface LrAdaptation {
  readonly kind: typeof LR_ADAPTATION_KIND;
  readonly scales: Float64Array;
  /** Mean lr_eff after the drive, per scale. */
  readonly lr: Float64Array;
  /** Standard error of that mean, per scale. */
  readonly se: Float64Array;
  readonly samples: number;
  readonly steps: number;
}

export function lrAdaptation(opt: LearnedOptimizer, options: { scales: ArrayLike<number>; steps?: number; samples?: number; seed: number }): LrAdaptation {
  checkOptimizer(opt, "lrAdaptation");
  const scales = Float64Array.from(options.scales ?? []);
  if (scales.length === 0 || scales.some((s) => !(s > 0))) throw new Error("lrAdaptation: scales must be positive numbers (e.g. [0.01, 0.1, 1]).");
  const steps = options.steps ?? 30, samples = options.samples ?? 32;
  if (!(Number.isInteger(steps) && steps > 0 && Number.isInteger(samples) && samples > 1)) throw new Error(`lrAdaptation: steps must be ≥ 1 and samples ≥ 2 (got ${steps}, ${samples}).`);
  const H = opt.model.spec.hiddenSize;
  const p = optimizerParams64(opt);
  const lr = new Float64Array(scales.length), se = new Float64Array(scales.length);
  const out = new Float64Array(H);
  scales.forEach((s, k) => {
    // Same ξ sequences for every scale (common random numbers): the curve's shape is not sampling noise.
    const rng = new Rng(options.seed);
    const finals = new Float64Array(samples * H);
    for (let m = 0; m < samples; m++) {
      let h = new Float64Array(H);
      for (let t = 0; t < steps; t++) {
        optimizerStep(opt, p, h, s * (rng.random() < 0.5 ? -1 : 1), out);
        h = Float64Array.from(out);
      }
      finals.set(h, m * H);
    }
    const l = effectiveLearningRate(opt, finals);
    let mu = 0;
    for (const v of l) mu += v / samples;
    let v2 = 0;
    for (const v of l) v2 += (v - mu) ** 2 / (samples - 1);
    lr[k] = mu;
    se[k] = Math.sqrt(v2 / samples);
  });
  return { kind: LR_ADAPTATION_KIND, scales, lr, se, samples, steps };
}

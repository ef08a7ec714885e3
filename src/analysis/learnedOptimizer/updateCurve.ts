/**
 * The update-vs-gradient curve of a learned optimizer (Maheswaranathan et al. 2021 §5.2): the update
 * Δx of one step from a fixed optimizer state (default the zero-gradient fixed point) as a function of
 * the gradient g. Gradient clipping shows as saturation: |Δx| levels off for large |g| instead of
 * growing like the linear response −lr_eff·g near g = 0.
 */
import { checkOptimizer, effectiveLearningRate, optimizerParams64, optimizerStep, type LearnedOptimizer } from "./optimizer";

export const UPDATE_CURVE_KIND = "rnn-atlas/lopt-update-curve";

export interface UpdateCurve {
  readonly kind: typeof UPDATE_CURVE_KIND;
  /** Gradients probed (ascending). */
  readonly gradients: Float64Array;
  /** Δx(g) − Δx(0): the gradient-driven part of the update. */
  readonly updates: Float64Array;
  /** lr_eff = −dΔx/dg at g = 0 (exact). */
  readonly slope0: number;
  /** mean of |Δx(g) − Δx(0)| at the two largest |g| (both signs). */
  readonly saturation: number;
  /** saturation / (slope0 · max|g|): 1 for a linear (unclipped) rule, → 0 for strong clipping. */
  readonly linearity: number;
  /** The state the curve was taken at. */
  readonly state: Float64Array;
}

export function updateVsGradient(opt: LearnedOptimizer, options: { state?: Float64Array; gradients?: ArrayLike<number> } = {}): UpdateCurve {
  checkOptimizer(opt, "updateVsGradient");
  const H = opt.model.spec.hiddenSize;
  const state = options.state ? Float64Array.from(options.state) : new Float64Array(H);
  if (state.length !== H) throw new Error(`updateVsGradient: state has ${state.length} values; the optimizer has ${H} units.`);
  const gradients = Float64Array.from(options.gradients ?? Array.from({ length: 81 }, (_, k) => Math.sign(k - 40) * 10 ** (-3 + (4 * Math.abs(k - 40)) / 40)).map((v, k) => (k === 40 ? 0 : v)));
  if (gradients.length < 3) throw new Error("updateVsGradient: give at least 3 gradients.");
  gradients.sort();
  if (!(gradients[0]! < 0 && gradients[gradients.length - 1]! > 0)) throw new Error("updateVsGradient: gradients must include negative and positive values.");
  const p = optimizerParams64(opt);
  const out = new Float64Array(H);
  const u0 = optimizerStep(opt, p, state, 0, out);
  const updates = gradients.map((g) => optimizerStep(opt, p, state, g, out) - u0);
  const slope0 = effectiveLearningRate(opt, state)[0]!;
  const n = gradients.length;
  const saturation = (Math.abs(updates[0]!) + Math.abs(updates[n - 1]!)) / 2;
  const gmax = (Math.abs(gradients[0]!) + Math.abs(gradients[n - 1]!)) / 2;
  return { kind: UPDATE_CURVE_KIND, gradients, updates, slope0, saturation, linearity: saturation / (Math.abs(slope0) * gmax), state };
}

/**
 * Fixed points of the optimizer's state under zero gradient and the eigenvalues of the linearisation
 * there (Maheswaranathan et al. 2021 §5.1): near a stable fixed point h* a gradient impulse decays
 * as λᵗ along each eigenvector, so a leading real eigenvalue λ₁ ∈ (0, 1) is the momentum β of the
 * heavy-ball rule v ← βv + g (timescale 1/(1 − λ₁)). Uses the library's fixed-point search
 * (findFixedPointsDetailed, input 0) and its eigen-decomposition of the Jacobian.
 */
import { Rng } from "../../core/random";
import { findFixedPointsDetailed } from "../fixedPoints/findFixedPoints";
import type { FixedPoints } from "../fixedPoints/FixedPoints";
import { checkOptimizer, type LearnedOptimizer } from "./optimizer";

export const OPTIMIZER_FIXED_POINTS_KIND = "rnn-atlas/lopt-fixed-points";

export interface OptimizerFixedPoints {
  readonly kind: typeof OPTIMIZER_FIXED_POINTS_KIND;
  /** Every unique point the search found (with eigenvalues). */
  readonly points: FixedPoints;
  /** Index (into points) of the stable point with the lowest q, or −1 if none is stable. */
  readonly main: number;
  /** Its state h*. */
  readonly state: Float64Array | null;
  /** Its eigenvalues (sorted by |λ| descending). */
  readonly eigRe: Float64Array;
  readonly eigIm: Float64Array;
  /** Leading eigenvalue λ₁ (|λ| largest): the momentum β when real. */
  readonly leading: { re: number; im: number; abs: number };
}

export interface OptimizerFixedPointOptions {
  /** Initial states [K, H] (e.g. states visited in runs); default 64 draws from N(0, 0.5²). */
  inits?: Float64Array;
  seed?: number;
  maxIters?: number;
}

export function optimizerFixedPoints(opt: LearnedOptimizer, options: OptimizerFixedPointOptions = {}): OptimizerFixedPoints {
  checkOptimizer(opt, "optimizerFixedPoints");
  const H = opt.model.spec.hiddenSize;
  let inits = options.inits;
  if (!inits) {
    const rng = new Rng(options.seed ?? 0);
    inits = Float64Array.from({ length: 64 * H }, () => 0.5 * rng.normal());
  }
  if (inits.length === 0 || inits.length % H !== 0) throw new Error(`optimizerFixedPoints: inits has ${inits.length} values, not a positive multiple of the ${H} units.`);
  const search = findFixedPointsDetailed(opt.model, { inits, inputs: [0], maxIters: options.maxIters ?? 4000, tolUnique: 1e-3, seed: options.seed ?? 0 });
  const pts = search.unique;
  let main = -1;
  for (let k = 0; k < pts.count; k++) {
    const rho = Math.hypot(pts.eigRe![k * H]!, pts.eigIm![k * H]!);
    if (rho < 1 && (main < 0 || pts.q[k]! < pts.q[main]!)) main = k;
  }
  const eigRe = main >= 0 ? Float64Array.from(pts.eigRe!.subarray(main * H, (main + 1) * H)) : new Float64Array(0);
  const eigIm = main >= 0 ? Float64Array.from(pts.eigIm!.subarray(main * H, (main + 1) * H)) : new Float64Array(0);
  const leading = main >= 0 ? { re: eigRe[0]!, im: eigIm[0]!, abs: Math.hypot(eigRe[0]!, eigIm[0]!) } : { re: NaN, im: NaN, abs: NaN };
  return { kind: OPTIMIZER_FIXED_POINTS_KIND, points: pts, main, state: main >= 0 ? Float64Array.from(pts.xstar.subarray(main * H, (main + 1) * H)) : null, eigRe, eigIm, leading };
}

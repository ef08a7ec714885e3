/**
 * Reading a momentum β off a learned optimizer's linear response at its zero-gradient fixed point h*.
 * Linearised there, a unit gradient impulse at step 0 gives the updates
 *   r_k = η · wᵀ J^k (a·∂GRU/∂u),  k = 0, 1, …   (J = ∂GRU/∂h at (h*, 0))
 * Heavy-ball momentum has r_k = −α β^k. The leading eigenvalue λ₁ of J is the slowest decay, but a
 * GRU's response mixes several modes, so we also give β_eff = D / (1 + D), D = Σ k r_k / Σ r_k (the
 * mean delay of the response), which is exactly β for a geometric response: the β of the heavy-ball
 * rule that delays the gradient by as much on average. (β_eff is our choice of summary; the paper
 * reads the timescale from the eigenvalues.)
 */
import { getDynamics } from "../fixedPoints/dynamics";
import { checkOptimizer, type LearnedOptimizer } from "./optimizer";

export interface ImpulseResponse {
  /** r_k, k = 0..steps−1 (update per unit gradient, linearised). */
  readonly response: Float64Array;
  /** Mean delay D and β_eff = D/(1 + D); NaN when the response changes sign so much that Σ r_k ≈ 0. */
  readonly meanDelay: number;
  readonly betaEff: number;
}

export function impulseResponse(opt: LearnedOptimizer, state: Float64Array, steps = 200): ImpulseResponse {
  checkOptimizer(opt, "impulseResponse");
  const H = opt.model.spec.hiddenSize;
  if (!state || state.length !== H) throw new Error(`impulseResponse: state must have ${H} values (the fixed point optimizerFixedPoints(...).state), got ${state?.length}.`);
  if (!(Number.isInteger(steps) && steps > 1)) throw new Error(`impulseResponse: steps must be an integer ≥ 2 (got ${steps}).`);
  const { J, Ju } = getDynamics(opt.model).jacobians(Float64Array.from(state), new Float64Array(1), 1);
  const w = opt.model.params["readout.weight"]!;
  let v = Float64Array.from(Ju, (x) => x * opt.inputScale);
  const response = new Float64Array(steps);
  for (let k = 0; k < steps; k++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += w[j]! * v[j]!;
    response[k] = opt.outputScale * s;
    const nv = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      let t = 0;
      for (let j = 0; j < H; j++) t += J[i * H + j]! * v[j]!;
      nv[i] = t;
    }
    v = nv;
  }
  let s0 = 0, s1 = 0, sa = 0;
  response.forEach((r, k) => { s0 += r; s1 += k * r; sa += Math.abs(r); });
  const ok = Math.abs(s0) > 1e-3 * sa;
  const D = ok ? s1 / s0 : NaN;
  return { response, meanDelay: D, betaEff: ok ? D / (1 + D) : NaN };
}

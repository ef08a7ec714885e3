/**
 * How far the linearisation around a fixed point predicts the network: simulate
 *   discrete:    δ_{t+1} = (F(x*) − x*) + J δ_t + J_u δu
 *   continuous:  δ_{t+1} = δ_t + dt·(F(x*) + J δ_t + J_u δu)    (the net's own Euler step)
 * and the true dynamics from the same nearby state x* + δ_0, and report the error against time.
 * F(x*) − x* (or F(x*)) is kept so slow points are linearised correctly (it is ~0 at a fixed point).
 */
import type { Model } from "../../core/types";
import { Rng } from "../../core/random";
import { Dynamics, getDynamics } from "./dynamics";
import { FixedPoints } from "./FixedPoints";

export interface LineariseOptions {
  /**
   * Initial offset δ_0: S values, or a number = its norm along a seeded random direction.
   * Default 1e-2.
   */
  offset?: ArrayLike<number> | number;
  /** Constant input during the simulation (default: the point's own input). */
  input?: ArrayLike<number>;
  /** Steps to simulate (default 50). */
  steps?: number;
  /** Seed of the random offset direction (default 0). */
  seed?: number;
}

export interface LinearisationComparison {
  readonly steps: number;
  readonly stateSize: number;
  /** [steps+1, S] states of the true dynamics and of the linearisation (absolute, x* + δ). */
  readonly trueStates: Float64Array;
  readonly linearStates: Float64Array;
  /** ‖x_true(t) − x_lin(t)‖ per step [steps+1]. */
  readonly error: Float64Array;
  /** error / ‖δ_0‖. */
  readonly relativeError: Float64Array;
  /** ‖x_true(t) − x*‖ per step. */
  readonly distance: Float64Array;
}

/** Compare the linearised and true dynamics around point `index` of `fps` (or an explicit state). */
export function lineariseAndCompare(
  model: Model,
  point: FixedPoints | { xstar: ArrayLike<number>; input: ArrayLike<number> },
  indexOrOpts: number | LineariseOptions = 0,
  maybeOpts: LineariseOptions = {},
): LinearisationComparison {
  const dyn: Dynamics = getDynamics(model);
  const S = dyn.stateSize;
  const I = dyn.inputSize;
  const opts = typeof indexOrOpts === "number" ? maybeOpts : indexOrOpts;
  let xs: Float64Array;
  let u0: Float64Array;
  if (point instanceof FixedPoints) {
    const k = typeof indexOrOpts === "number" ? indexOrOpts : 0;
    const p = point.point(k);
    xs = p.xstar;
    u0 = p.input;
  } else {
    xs = Float64Array.from(point.xstar);
    u0 = Float64Array.from(point.input);
  }
  if (xs.length !== S) throw new Error(`lineariseAndCompare: point has ${xs.length} state values, the model's state size is ${S}.`);
  if (u0.length !== I) throw new Error(`lineariseAndCompare: point input has ${u0.length} values, the model's inputSize is ${I}.`);
  const u = opts.input ? Float64Array.from(opts.input) : u0;
  if (u.length !== I) throw new Error(`lineariseAndCompare: input has ${u.length} values, the model's inputSize is ${I}.`);
  const steps = opts.steps ?? 50;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`lineariseAndCompare: steps must be an integer ≥ 0, got ${steps}.`);

  const delta0 = new Float64Array(S);
  const off = opts.offset ?? 1e-2;
  if (typeof off === "number") {
    const rng = new Rng(opts.seed ?? 0);
    let n = 0;
    for (let i = 0; i < S; i++) {
      delta0[i] = rng.normal();
      n += delta0[i]! * delta0[i]!;
    }
    for (let i = 0; i < S; i++) delta0[i] *= off / Math.sqrt(n);
  } else {
    if (off.length !== S) throw new Error(`lineariseAndCompare: offset has ${off.length} values, expected S = ${S}.`);
    delta0.set(Float64Array.from(off));
  }

  // Linearisation at (x*, u*), where u* is the point's own input.
  const { F: F0, J, Ju } = dyn.jacobians(xs, u0, 1);
  const du = new Float64Array(I);
  for (let m = 0; m < I; m++) du[m] = u[m]! - u0[m]!;
  const c = new Float64Array(S); // constant term: F(x*) − x* (discrete) or F(x*) (continuous), plus J_u δu
  for (let i = 0; i < S; i++) {
    let s = dyn.continuous ? F0[i]! : F0[i]! - xs[i]!;
    for (let m = 0; m < I; m++) s += Ju[i * I + m]! * du[m]!;
    c[i] = s;
  }

  const trueStates = new Float64Array((steps + 1) * S);
  const linearStates = new Float64Array((steps + 1) * S);
  const error = new Float64Array(steps + 1);
  const relativeError = new Float64Array(steps + 1);
  const distance = new Float64Array(steps + 1);
  const drive = dyn.drive(u, 1);
  let x = new Float64Array(S);
  let d = Float64Array.from(delta0);
  for (let i = 0; i < S; i++) x[i] = xs[i]! + delta0[i]!;
  const Fx = new Float64Array(S);
  const n0 = Math.hypot(...delta0) || 1;
  for (let t = 0; t <= steps; t++) {
    let e = 0;
    let dist = 0;
    for (let i = 0; i < S; i++) {
      trueStates[t * S + i] = x[i]!;
      linearStates[t * S + i] = xs[i]! + d[i]!;
      e += (x[i]! - xs[i]! - d[i]!) ** 2;
      dist += (x[i]! - xs[i]!) ** 2;
    }
    error[t] = Math.sqrt(e);
    relativeError[t] = error[t]! / n0;
    distance[t] = Math.sqrt(dist);
    if (t === steps) break;
    dyn.evaluate(x, drive, 1, Fx);
    const xn = new Float64Array(S);
    const dn = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      let jd = 0;
      for (let j = 0; j < S; j++) jd += J[i * S + j]! * d[j]!;
      if (dyn.continuous) {
        xn[i] = x[i]! + dyn.dt * Fx[i]!;
        dn[i] = d[i]! + dyn.dt * (c[i]! + jd);
      } else {
        xn[i] = Fx[i]!;
        dn[i] = c[i]! + jd;
      }
    }
    x = xn;
    d = dn;
  }
  return { steps, stateSize: S, trueStates, linearStates, error, relativeError, distance };
}

/**
 * Laces: autonomous (zero-input) simulation from a start state, clipped where the flow stops.
 */
import type { Model } from "../../core/types";
import { readoutModel, stepModel } from "../../models";

/** A simulated trajectory: states[t] (after step t) and the readout (first output channel). */
export interface Trajectory {
  readonly states: Float64Array[];
  readonly outputs: number[];
}

/** Run `steps` steps from h0 with inputs(t) (default zero); states after each step. */
export function simulate(model: Model, h0: ArrayLike<number>, steps: number, input?: (t: number) => ArrayLike<number>): Trajectory {
  const zero = new Float64Array(model.spec.inputSize);
  const states: Float64Array[] = [];
  const outputs: number[] = [];
  let h: ArrayLike<number> = h0;
  for (let t = 0; t < steps; t++) {
    const next = stepModel(model, h, input ? input(t) : zero);
    states.push(next);
    outputs.push(readoutModel(model, next)[0]!);
    h = next;
  }
  return { states, outputs };
}

/** State after a pulse: `pulseSteps` steps with `value` on `channel`, then zeros, `total` steps in all. */
export function pulseEndState(model: Model, h0: ArrayLike<number>, channel: number, value: number, pulseSteps: number, total: number): Float64Array {
  const on = new Float64Array(model.spec.inputSize);
  on[channel] = value;
  const off = new Float64Array(model.spec.inputSize);
  const tr = simulate(model, h0, total, (t) => (t < pulseSteps ? on : off));
  return tr.states[total - 1]!;
}

/** Normalised speed q_t = sqrt(mean_i (h_{t+1,i} − h_{t,i})²); the last value repeats the one before. */
export function normalisedSpeed(states: ReadonlyArray<Float64Array>): number[] {
  const n = states.length;
  const q = new Array<number>(n).fill(0);
  for (let t = 0; t + 1 < n; t++) {
    const a = states[t]!;
    const b = states[t + 1]!;
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
    q[t] = Math.sqrt(s / a.length);
  }
  if (n >= 2) q[n - 1] = q[n - 2]!;
  return q;
}

/** Clip a trajectory before the first step whose normalised speed is below `speedClip`. */
export function clipAtFixedPoint(tr: Trajectory, speedClip: number): Trajectory {
  const q = normalisedSpeed(tr.states);
  const idx = q.findIndex((v) => v < speedClip);
  if (idx < 0) return tr;
  return { states: tr.states.slice(0, idx), outputs: tr.outputs.slice(0, idx) };
}

/** Euclidean distance. */
export function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Per-step speed ‖x_{t+1} − x_t‖ (last value repeated). */
export function stepSpeed(states: ReadonlyArray<ArrayLike<number>>): number[] {
  const n = states.length;
  const s = new Array<number>(n).fill(0);
  for (let t = 0; t + 1 < n; t++) s[t] = dist(states[t]!, states[t + 1]!);
  if (n >= 2) s[n - 1] = s[n - 2]!;
  return s;
}

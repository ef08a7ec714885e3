/**
 * Float64 reference forward pass of one network. Slow but exact: used to check the fused kernels,
 * the TF.js path and imported weights (e.g. the turner2021 reference networks) to 1e-6.
 */
import type { Model, ModelSpec } from "../core/types";
import { archModule, type Params64 } from "./arch/index";
import { matVecAcc } from "./math";
import { hasReadout, stateSize, validateModel } from "./spec";

const cache = new WeakMap<object, Params64>();

/** Parameters widened to float64 (cached per params object; models are immutable). */
export function params64(model: Model): Params64 {
  let p = cache.get(model.params);
  if (!p) {
    validateModel(model);
    const out: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(model.params)) out[k] = Float64Array.from(v);
    p = out;
    cache.set(model.params, p);
  }
  return p;
}

/** Readout y = W_out f + b_out of one state (f = what the readout sees; see each arch). */
export function readoutOf(spec: ModelSpec, p: Params64, h: Float64Array): Float64Array {
  const f = archModule(spec.arch).features(spec, h);
  if (!hasReadout(spec)) return Float64Array.from(f);
  const y = Float64Array.from(p["readout.bias"]!);
  matVecAcc(p["readout.weight"]!, spec.hiddenSize, f, y);
  return y;
}

/** One step: next state [S] from state h [S] and input u [I] (float64). */
export function stepModel(model: Model, h: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
  const S = stateSize(model.spec);
  if (h.length !== S) throw new Error(`stepModel: state has length ${h.length}; expected ${S} (stateSize).`);
  if (u.length !== model.spec.inputSize) {
    throw new Error(`stepModel: input has length ${u.length}; expected ${model.spec.inputSize} (inputSize).`);
  }
  const out = new Float64Array(S);
  archModule(model.spec.arch).step(model.spec, params64(model), Float64Array.from(h), u, out);
  return out;
}

/** Readout of one state [S] -> [O] (float64). */
export function readoutModel(model: Model, h: ArrayLike<number>): Float64Array {
  return readoutOf(model.spec, params64(model), Float64Array.from(h));
}

export interface RunOptions {
  batch: number;
  time: number;
  /** Initial state: [S] (shared by all trials) or [B, S]; default zeros. */
  h0?: ArrayLike<number>;
}

export interface RunResult {
  /** State after each step, [B, T, S] (LSTM: [h, c]). */
  states: Float64Array;
  /** Readout after each step, [B, T, O]. */
  outputs: Float64Array;
}

/** Run a network on inputs [B, T, I] (row-major) from h0 (default: the model's initialState, else 0). */
export function runModel(model: Model, inputs: ArrayLike<number>, opts: RunOptions): RunResult {
  const { spec } = model;
  const { batch: B, time: T } = opts;
  const I = spec.inputSize;
  const O = spec.outputSize;
  const S = stateSize(spec);
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 0) {
    throw new Error(`runModel: batch and time must be integers (batch >= 1), got batch=${B}, time=${T}.`);
  }
  if (inputs.length !== B * T * I) {
    throw new Error(`runModel: inputs have ${inputs.length} values; expected [batch ${B}, time ${T}, input ${I}] = ${B * T * I}.`);
  }
  // The model's learned initial state, when it has one and the caller gives no h0.
  const h0 = opts.h0 ?? model.initialState;
  if (h0 !== undefined && h0.length !== S && h0.length !== B * S) {
    throw new Error(`runModel: h0 has ${h0.length} values; expected [${S}] or [batch ${B}, ${S}] (state size ${S}).`);
  }
  const p = params64(model);
  const impl = archModule(spec.arch);
  const states = new Float64Array(B * T * S);
  const outputs = new Float64Array(B * T * O);
  const u = new Float64Array(I);
  for (let b = 0; b < B; b++) {
    let h = new Float64Array(S);
    if (h0 !== undefined) {
      const off = h0.length === S ? 0 : b * S;
      for (let k = 0; k < S; k++) h[k] = h0[off + k]!;
    }
    for (let t = 0; t < T; t++) {
      const base = (b * T + t) * I;
      for (let k = 0; k < I; k++) u[k] = inputs[base + k]!;
      const next = new Float64Array(S);
      impl.step(spec, p, h, u, next);
      h = next;
      states.set(h, (b * T + t) * S);
      outputs.set(readoutOf(spec, p, h), (b * T + t) * O);
    }
  }
  return { states, outputs };
}

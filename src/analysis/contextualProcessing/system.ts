/**
 * A token-driven system seen by the contextual-processing analyses: a state, a step per token and
 * a scalar readout (the sentiment logit). Trained networks enter through `modelSystem`; tests build
 * hand-made integrators with a known answer through the same interface.
 */
import { readoutModel, stepModel } from "../../models/forward";
import { stateSize } from "../../models/spec";
import type { Model } from "../../core/types";

export interface TokenSystem {
  readonly stateSize: number;
  readonly vocabSize: number;
  /** The state after reading token `token` from state h (h is not modified). */
  step(h: ArrayLike<number>, token: number): Float64Array;
  /** Scalar readout: positive = class 1 (for two classes, y₁ − y₀). */
  readout(h: ArrayLike<number>): number;
}

/** A trained network as a TokenSystem: one-hot tokens; readout y₁ − y₀ (two outputs) or y₀ (one). */
export function modelSystem(model: Model): TokenSystem {
  const O = model.spec.outputSize;
  if (O !== 1 && O !== 2) throw new Error(`modelSystem: the readout must have 1 or 2 outputs (binary sentiment), the model has ${O}; train with classes: 2.`);
  const V = model.spec.inputSize;
  const u = new Float64Array(V);
  return {
    stateSize: stateSize(model.spec),
    vocabSize: V,
    step(h, token) {
      checkToken(token, V, "modelSystem.step");
      u.fill(0);
      u[token] = 1;
      return stepModel(model, h, u);
    },
    readout(h) {
      const y = readoutModel(model, h);
      return O === 2 ? y[1]! - y[0]! : y[0]!;
    },
  };
}

export function checkToken(token: number, V: number, who: string): void {
  if (!(Number.isInteger(token) && token >= 0 && token < V)) throw new Error(`${who}: token ${token} is not an id in [0, ${V}) (the vocabulary size).`);
}

/** The state after reading `tokens` from h. */
export function runTokens(system: TokenSystem, h: ArrayLike<number>, tokens: ReadonlyArray<number>): Float64Array {
  let s = Float64Array.from(h);
  for (const t of tokens) s = system.step(s, t);
  return s;
}

export function checkStarts(system: TokenSystem, starts: ReadonlyArray<ArrayLike<number>>, who: string): void {
  if (starts.length === 0) throw new Error(`${who}: give at least one start state (e.g. fixed points on the line attractor).`);
  starts.forEach((h, i) => {
    if (h.length !== system.stateSize) throw new Error(`${who}: starts[${i}] has ${h.length} values, the system's state has ${system.stateSize}.`);
  });
}

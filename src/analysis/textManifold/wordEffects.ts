/**
 * What each word does at the manifold's fixed points: the state step Δ_w = F(h*, e_w) − h* (e_w the
 * word's one-hot input) and its effect on the readout, y(F(h*, e_w)) − y(h*), averaged over points.
 * Evidence words should move the state towards their class's vertex and raise their class's output.
 */
import { readoutModel, stepModel } from "../../models/forward";
import { stateSize } from "../../models/spec";
import type { Model } from "../../core/types";

export interface WordEffects {
  readonly vocabSize: number;
  readonly stateSize: number;
  readonly outputSize: number;
  /** Mean state step per word [V][S]. */
  readonly state: number[][];
  /** Mean readout change per word [V][O], centred over the outputs (softmax-like class evidence). */
  readonly readout: number[][];
}

/** @param points [K, S] row-major fixed points; every word is presented once at each. */
export function wordEffects(model: Model, points: ArrayLike<number>): WordEffects {
  const S = stateSize(model.spec);
  const V = model.spec.inputSize;
  const O = model.spec.outputSize;
  if (points.length === 0 || points.length % S !== 0) throw new Error(`wordEffects: points must be [K, ${S}] row-major (K ≥ 1), got ${points.length} values.`);
  const K = points.length / S;
  const state = Array.from({ length: V }, () => new Array<number>(S).fill(0));
  const readout = Array.from({ length: V }, () => new Array<number>(O).fill(0));
  const e = new Float64Array(V);
  for (let k = 0; k < K; k++) {
    const h = Float64Array.from({ length: S }, (_, i) => points[k * S + i]!);
    const y0 = readoutModel(model, h);
    for (let w = 0; w < V; w++) {
      e.fill(0);
      e[w] = 1;
      const next = stepModel(model, h, e);
      const y = readoutModel(model, next);
      for (let i = 0; i < S; i++) state[w]![i]! += (next[i]! - h[i]!) / K;
      for (let c = 0; c < O; c++) readout[w]![c]! += (y[c]! - y0[c]!) / K;
    }
  }
  for (const row of readout) {
    const m = row.reduce((s, v) => s + v, 0) / O;
    for (let c = 0; c < O; c++) row[c]! -= m;
  }
  return { vocabSize: V, stateSize: S, outputSize: O, state, readout };
}

/** Cosine of two vectors (NaN when either is zero). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: lengths ${a.length} and ${b.length} differ.`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i]! * b[i]!; aa += a[i]! * a[i]!; bb += b[i]! * b[i]!; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
}

/**
 * Per word, the cosine between its readout effect (centred over classes) and its word-count
 * evidence vector E[w] (centred log-likelihoods): the theory predicts each word's direction in class space.
 */
export function evidenceAlignment(effects: WordEffects, evidence: ReadonlyArray<ReadonlyArray<number>>, words: ReadonlyArray<number>): number[] {
  if (evidence.length !== effects.vocabSize) throw new Error(`evidenceAlignment: evidence has ${evidence.length} rows, the model reads ${effects.vocabSize} words.`);
  return words.map((w) => {
    if (!(Number.isInteger(w) && w >= 0 && w < effects.vocabSize)) throw new Error(`evidenceAlignment: word ${w} is outside [0, ${effects.vocabSize}).`);
    if (evidence[w]!.length !== effects.outputSize) throw new Error(`evidenceAlignment: evidence rows have ${evidence[w]!.length} classes, the readout ${effects.outputSize}.`);
    return cosine(effects.readout[w]!, evidence[w]!);
  });
}

/**
 * How much memory a trial set demands of an integrator: the accuracy of the leaky integrator
 * y ← λ·y + x_t run over each trial's evidence window and read out as sign(y), for several λ.
 * λ = 0 reads the window's last sample alone; λ = 1 is the perfect integrator (the ideal observer
 * for a constant signal in white noise). Comparing a trained net's slow mode |λ1| with the smallest
 * λ that already reaches a given accuracy says whether the task asked for a line attractor at all.
 */
import type { Trials } from "../../core/types";

/** One trial's evidence: input channel, window [start, end) in steps, and the sign to report (±1). */
export interface EvidenceWindow {
  readonly channel: number;
  readonly start: number;
  readonly end: number;
  readonly target: number;
}

/** Fraction of trials whose leaky-integrated evidence has the target's sign, one entry per λ. */
export function leakyObserverAccuracy(trials: Trials, lambdas: readonly number[], windowOf: (b: number) => EvidenceWindow): Float64Array {
  if (lambdas.length === 0) throw new Error("leakyObserverAccuracy: give at least one λ (e.g. [0, 0.8, 1]).");
  for (const l of lambdas) {
    if (!(Number.isFinite(l) && l >= 0 && l <= 1)) throw new Error(`leakyObserverAccuracy: λ must lie in [0, 1] (got ${l}); 0 reads one sample, 1 integrates perfectly.`);
  }
  const { batch, time, inputSize, inputs } = trials;
  const hits = new Float64Array(lambdas.length);
  for (let b = 0; b < batch; b++) {
    const w = windowOf(b);
    if (!(Number.isInteger(w.channel) && w.channel >= 0 && w.channel < inputSize)) throw new Error(`leakyObserverAccuracy: trial ${b}: channel ${w.channel} is not an input channel (0..${inputSize - 1}).`);
    if (!(Number.isInteger(w.start) && Number.isInteger(w.end) && 0 <= w.start && w.start < w.end && w.end <= time)) {
      throw new Error(`leakyObserverAccuracy: trial ${b}: window [${w.start}, ${w.end}) must be a non-empty step range inside [0, ${time}).`);
    }
    if (!(w.target === 1 || w.target === -1)) throw new Error(`leakyObserverAccuracy: trial ${b}: target must be +1 or -1 (got ${w.target}).`);
    lambdas.forEach((l, j) => {
      let y = 0;
      for (let t = w.start; t < w.end; t++) y = l * y + inputs[(b * time + t) * inputSize + w.channel]!;
      if (Math.sign(y) === w.target) hits[j]! += 1;
    });
  }
  return hits.map((h) => h / batch);
}

/** The smallest λ (of those given, in increasing order) whose accuracy reaches `level`; null when none does. */
export function smallestSufficientLambda(lambdas: readonly number[], accuracy: ArrayLike<number>, level: number): number | null {
  if (lambdas.length !== accuracy.length) throw new Error(`smallestSufficientLambda: ${lambdas.length} λ's but ${accuracy.length} accuracies; pass the output of leakyObserverAccuracy for the same λ's.`);
  const order = lambdas.map((l, j) => [l, accuracy[j]!] as const).sort((a, b) => a[0] - b[0]);
  for (const [l, a] of order) if (a >= level) return l;
  return null;
}

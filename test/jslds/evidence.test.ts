import { test } from "node:test";
import assert from "node:assert/strict";
import { getTask } from "../../src/tasks";
import { leakyObserverAccuracy, smallestSufficientLambda } from "../../src/analysis/jslds";
import type { Trials } from "../../src/core/types";

/** Hand-made trials: one channel, 4 steps; the evidence window is all of it. */
function tiny(rows: number[][]): Trials {
  const base = getTask("mante", { dt: 1 }).trials({ batch: rows.length, seed: 1 });
  const time = 4, inputs = new Float32Array(rows.length * time);
  rows.forEach((r, b) => r.forEach((v, t) => { inputs[b * time + t] = v; }));
  return { ...base, batch: rows.length, time, inputSize: 1, inputs } as Trials;
}

test("λ = 0 reads the last sample, λ = 1 the sum, and an intermediate λ weighs recent samples more", () => {
  // Trial 0: sum +1 but last sample negative. Trial 1: sum negative, last sample positive. Target +1 for both.
  const tr = tiny([[3, -0.5, -0.5, -1], [-3, -0.5, 0.5, 0.5]]);
  const acc = leakyObserverAccuracy(tr, [0, 0.5, 1], () => ({ channel: 0, start: 0, end: 4, target: 1 }));
  // λ=0: trial 0 wrong (last −1), trial 1 right (+0.5). λ=1: trial 0 right (+1), trial 1 wrong (−2.5).
  // λ=0.5: trial 0: 3/8 − 0.5/4 − 0.5/2 − 1 < 0 wrong; trial 1: −3/8 − 0.5/4 + 0.25 + 0.5 > 0 right.
  assert.deepEqual(Array.from(acc), [0.5, 0.5, 0.5]);
  const acc0 = leakyObserverAccuracy(tr, [0, 1], (b) => ({ channel: 0, start: 0, end: 4, target: b === 0 ? -1 : 1 }));
  assert.deepEqual(Array.from(acc0), [1, 0]);
});

test("on noisy context integration, accuracy grows with λ and the ideal observer beats a one-sample reader", () => {
  const task = getTask("mante", { dt: 1, noiseStd: 0.4 });
  const tr = task.trials({ batch: 1500, seed: 3 });
  const stim = tr.periods[0]!.find((p) => p.name === "stimulus")!;
  const lams = [0, 0.5, 0.9, 1];
  const acc = leakyObserverAccuracy(tr, lams, (b) => ({ channel: Number(tr.meta[b]!.context), start: stim.start, end: stim.end, target: Number(tr.meta[b]!.target) }));
  // With per-step SNR 0.31 at the weakest coherence one sample is often wrong; 20 summed samples rarely are.
  assert.ok(acc[3]! - acc[0]! > 0.1, `perfect integration should beat one sample by > 10 points: ${Array.from(acc)}`);
  assert.ok(acc[0]! < acc[1]! && acc[1]! < acc[2]!, `accuracy should grow with λ: ${Array.from(acc)}`);
  assert.equal(smallestSufficientLambda(lams, acc, acc[3]!), lams[acc.findIndex((a) => a >= acc[3]!)]);
  assert.equal(smallestSufficientLambda(lams, acc, 1.01), null);
});

test("leaky observer: bad input gets clear errors", () => {
  const tr = tiny([[1, 1, 1, 1]]);
  const w = () => ({ channel: 0, start: 0, end: 4, target: 1 });
  assert.throws(() => leakyObserverAccuracy(tr, [], w), /at least one λ/);
  assert.throws(() => leakyObserverAccuracy(tr, [1.5], w), /\[0, 1\]/);
  assert.throws(() => leakyObserverAccuracy(tr, [1], () => ({ channel: 2, start: 0, end: 4, target: 1 })), /not an input channel/);
  assert.throws(() => leakyObserverAccuracy(tr, [1], () => ({ channel: 0, start: 3, end: 3, target: 1 })), /non-empty step range/);
  assert.throws(() => leakyObserverAccuracy(tr, [1], () => ({ channel: 0, start: 0, end: 4, target: 0 })), /\+1 or -1/);
  assert.throws(() => smallestSufficientLambda([0, 1], [0.5], 0.9), /2 λ's but 1 accuracies/);
});

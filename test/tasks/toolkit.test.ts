/** The trial-building toolkit: durations, period layouts, canvas bounds, slicing and concatenation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { buildTrials, concatTrials, durationBounds, getTask, sampleDuration, sequencePeriods, sliceTrials } from "../../src/tasks";
import { assertSame } from "./helpers";

test("durations: constant, choice and uniform (inclusive) integers", () => {
  const rng = new Rng(1);
  assert.equal(sampleDuration(7, rng), 7);
  const c = new Set(Array.from({ length: 200 }, () => sampleDuration({ choice: [3, 9] }, rng)));
  assert.deepEqual([...c].sort((a, b) => a - b), [3, 9]);
  const u = Array.from({ length: 2000 }, () => sampleDuration({ uniform: [4, 16] }, rng));
  assert.equal(Math.min(...u), 4);
  assert.equal(Math.max(...u), 16);
  assert.deepEqual(durationBounds({ choice: [5, 2, 8] }), [2, 8]);
});

test("sequencePeriods lays periods back to back", () => {
  assert.deepEqual(sequencePeriods([{ name: "a", duration: 3 }, { name: "b", duration: 0 }, { name: "c", duration: 2 }], 1), [
    { name: "a", start: 1, end: 4 },
    { name: "b", start: 4, end: 4 },
    { name: "c", start: 4, end: 6 },
  ]);
  assert.throws(() => sequencePeriods([{ name: "x", duration: 1.5 }]), /period "x"/);
});

test("buildTrials paints per trial and refuses out-of-range writes", () => {
  const tr = buildTrials({
    task: "demo",
    time: 5,
    inputSize: 2,
    outputSize: 1,
    lossScale: 1,
    meta: [{ k: 1 }, { k: 3 }],
    h0: [0.5, -0.5],
    draw: (c, m) => {
      c.input(1, m.k, m.k + 1, 2).target(0, 0, 5, (t) => t).setMask(m.k, 5).period("all", 0, 5);
    },
  });
  assert.deepEqual(Array.from(tr.inputs), [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, /* trial 2 */ 0, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
  assert.deepEqual(Array.from(tr.targets), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(tr.mask), [0, 1, 1, 1, 1, 0, 0, 0, 1, 1]);
  assert.deepEqual(Array.from(tr.h0!), [0.5, -0.5, 0.5, -0.5]);
  assert.throws(
    () => buildTrials({ task: "demo", time: 5, inputSize: 1, outputSize: 1, lossScale: 1, meta: [{}], draw: (c) => c.input(0, 3, 6, 1) }),
    /outside the trial/,
  );
  assert.throws(
    () => buildTrials({ task: "demo", time: 5, inputSize: 1, outputSize: 1, lossScale: 1, meta: [{}], draw: (c) => c.input(1, 0, 1, 1) }),
    /channel 1/,
  );
});

test("sliceTrials and concatTrials round-trip", () => {
  const tn = getTask("two-neuron").trials({ batch: 3, seed: 0 });
  const rsg = getTask("rsg");
  const v = rsg.validation();
  const a = sliceTrials(v, [0, 1, 2, 3]);
  const b = sliceTrials(v, [4, 5]);
  assertSame(concatTrials([a, b]), sliceTrials(v, [0, 1, 2, 3, 4, 5]));
  assert.deepEqual(a.meta.map((m) => m.t_s), [20, 21, 22, 23]);
  assertSame(sliceTrials(v, [5]), rsg.trial(25));
  assert.equal(sliceTrials(tn, [2, 0]).h0!.length, 4);
  assert.throws(() => sliceTrials(v, [31]), /index 31/);
  assert.throws(() => concatTrials([v, rsg.trial(80)]), /batches differ/);
});

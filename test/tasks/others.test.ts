/** 3-bit flip-flop, frequency-cued sine wave and synthetic sentiment (universality2019 §3, fixedpoints §2.4, others §1). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getTask } from "../../src/tasks";
import { inp, inputSteps, maskSteps, rangeArr, tgt } from "./helpers";

test("flipflop3: every channel pulses at t = 0; target = sign of the latest pulse; p ≈ 0.5; mask ≡ 1", () => {
  const ff = getTask("flipflop3");
  const tr = ff.trials({ batch: 200, seed: 1 });
  assert.equal(tr.time, 64);
  assert.equal(tr.inputSize, 3);
  let pulses = 0;
  for (let b = 0; b < tr.batch; b++) {
    for (let c = 0; c < 3; c++) {
      assert.notEqual(inp(tr, b, 0, c), 0);
      let state = 0;
      for (let t = 0; t < 64; t++) {
        const u = inp(tr, b, t, c);
        assert.ok(u === 0 || u === 1 || u === -1);
        if (u !== 0) state = u;
        if (t > 0 && u !== 0) pulses++;
        assert.equal(tgt(tr, b, t, c), state);
      }
    }
  }
  const rate = pulses / (200 * 3 * 63);
  assert.ok(Math.abs(rate - 0.5) < 0.02, `pulse rate ${rate}`);
  assert.ok(tr.mask.every((v) => v === 1));
  assert.equal(ff.validation().batch, 128);
});

test("flipflop3: explicit pulses, extrapolation to long sparse trials, and the sign score", () => {
  const ff = getTask("flipflop3");
  const tr = ff.fromPulses([[[0, 1], [10, -1]], [[0, -1]], [[0, 1], [63, -1]]]);
  assert.deepEqual(inputSteps(tr, 0, 0), [0, 10]);
  assert.equal(tgt(tr, 0, 9, 0), 1);
  assert.equal(tgt(tr, 0, 10, 0), -1);
  assert.equal(tgt(tr, 0, 63, 1), -1);
  assert.equal(tgt(tr, 0, 62, 2), 1);
  assert.equal(tgt(tr, 0, 63, 2), -1);
  const x = ff.trials({ batch: 50, seed: 2, extrapolate: true });
  assert.equal(x.time, 256);
  let n = 0;
  for (let b = 0; b < 50; b++) for (let c = 0; c < 3; c++) n += inputSteps(x, b, c).length - 1;
  assert.ok(Math.abs(n / (50 * 3 * 255) - 0.0625) < 0.01);
  const v = ff.validation();
  assert.equal(ff.score(v, Float32Array.from(v.targets, (y) => 0.3 * y)).accuracy, 1);
  const half = Float32Array.from(v.targets, (y, i) => (i % 2 ? -y : y));
  assert.equal(ff.score(v, half).accuracy, 0.5);
  const big = getTask("flipflop3", { bits: 4, time: 32, pulseProb: 0.1 }).trials({ batch: 2, seed: 0 });
  assert.equal(big.inputSize, 4);
  assert.equal(big.time, 32);
});

test("sine: cue j/51 + 0.25, ω from 0.1 to 0.6 rad/step, target sin(ω t)", () => {
  const sine = getTask("sine");
  const v = sine.validation();
  assert.equal(v.batch, 51);
  assert.equal(v.time, 200);
  for (const j of [0, 25, 50]) {
    const w = 0.1 + (j * 0.5) / 50;
    assert.ok(Math.abs(sine.omegaOf(j) - w) < 1e-12);
    for (const t of [0, 1, 17, 199]) {
      assert.ok(Math.abs(inp(v, j, t, 0) - (j / 51 + 0.25)) < 1e-7);
      assert.ok(Math.abs(tgt(v, j, t, 0) - Math.sin(w * t)) < 1e-6);
    }
  }
  assert.deepEqual(maskSteps(v, 3, 0), rangeArr(0, 200));
  const x = sine.trials({ batch: 100, seed: 1, extrapolate: true });
  assert.equal(x.time, 400);
  assert.ok(x.meta.every((m) => Number(m.omega) < 0.1 || Number(m.omega) > 0.6));
  const r = sine.trials({ batch: 500, seed: 1 });
  assert.ok(r.meta.every((m) => Number(m.omega) >= 0.1 - 1e-12 && Number(m.omega) <= 0.6 + 1e-12));
  // Score: a scaled copy passes (R² ≥ 0.9), a quarter-period phase shift fails.
  assert.equal(sine.score(v, Float32Array.from(v.targets, (y) => 0.95 * y)).accuracy, 1);
  const shifted = new Float32Array(v.targets.length);
  v.meta.forEach((m, b) => {
    for (let t = 0; t < 200; t++) shifted[b * 200 + t] = Math.cos(Number(m.omega) * t);
  });
  assert.equal(sine.score(v, shifted).accuracy, 0);
});

test("sentiment: one-hot tokens, label = sign of the valence sum at the last token, lengths 20..50", () => {
  const s = getTask("sentiment");
  assert.equal(s.inputSize, 30);
  assert.deepEqual(s.valences, [...Array(10).fill(1), ...Array(10).fill(-1), ...Array(10).fill(0)]);
  const tr = s.trials({ batch: 300, seed: 5 });
  assert.equal(tr.time, 50);
  const lens = tr.meta.map((m) => Number(m.length));
  assert.equal(Math.min(...lens), 20);
  assert.equal(Math.max(...lens), 50);
  for (let b = 0; b < tr.batch; b++) {
    const L = lens[b]!;
    let sum = 0;
    for (let t = 0; t < tr.time; t++) {
      let on = 0;
      for (let c = 0; c < 30; c++) {
        const u = inp(tr, b, t, c);
        if (u !== 0) {
          on++;
          sum += s.valences[c]!;
        }
      }
      assert.equal(on, t < L ? 1 : 0);
    }
    assert.notEqual(sum, 0);
    assert.deepEqual(maskSteps(tr, b, 0), [L - 1]);
    assert.equal(tgt(tr, b, L - 1, 0), Math.sign(sum));
  }
  const labels = tr.meta.map((m) => m.label);
  assert.ok(labels.includes(1) && labels.includes(-1));
  const doc = s.fromTokens([[0, 10, 0, 25]]);
  assert.deepEqual(maskSteps(doc, 0, 0), [3]);
  assert.equal(tgt(doc, 0, 3, 0), 1);
  assert.throws(() => s.fromTokens([[0, 10]]), /no label/);
  const x = s.trials({ batch: 50, seed: 5, extrapolate: true });
  assert.equal(x.time, 200);
  assert.ok(x.meta.every((m) => Number(m.length) > 50));
  const v = s.validation();
  assert.equal(s.score(v, Float32Array.from(v.targets, (y) => -y)).accuracy, 0);
});

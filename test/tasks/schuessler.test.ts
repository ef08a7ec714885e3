/** Schuessler et al. 2020 tasks (schuessler2020.md §3): flip-flop (2 ch), Mante, Romo, linear fixed point. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getTask } from "../../src/tasks";
import { inp, inputSteps, maskSteps, rangeArr, targetSteps, tgt } from "./helpers";

test("flipflop2: explicit pulses give report windows from 5 time units after onset to the next pulse", () => {
  const ff = getTask("flipflop2");
  assert.equal(ff.dt, 0.5);
  assert.equal(ff.lossScale, 0.5);
  const tr = ff.fromPulses([[2, 0, 1], [40, 1, -1]]);
  assert.equal(tr.time, 100);
  assert.deepEqual(inputSteps(tr, 0, 0), [2, 3]);
  assert.deepEqual(inputSteps(tr, 0, 1), [40, 41]);
  assert.equal(inp(tr, 0, 2, 0), 1);
  assert.equal(inp(tr, 0, 40, 1), -1);
  assert.deepEqual(targetSteps(tr, 0, 0), rangeArr(12, 40));
  assert.deepEqual(targetSteps(tr, 0, 1), rangeArr(50, 100));
  assert.equal(tgt(tr, 0, 12, 0), 0.5);
  assert.equal(tgt(tr, 0, 60, 1), -0.5);
  const window = [...rangeArr(12, 40), ...rangeArr(50, 100)];
  assert.deepEqual(maskSteps(tr, 0, 0), window); // the other output is masked at 0 too
  assert.deepEqual(maskSteps(tr, 0, 1), window);
  assert.deepEqual(
    tr.periods[0]!.map((p) => `${p.name}:${p.start}-${p.end}`),
    ["fixation:0-2", "pulse1:2-4", "delay1:4-12", "report1:12-40", "pulse2:40-42", "delay2:42-50", "report2:50-100"],
  );
});

test("flipflop2: random trials follow the generator (first pulse at t=1, gaps U(5,25)+5, one channel per pulse)", () => {
  const ff = getTask("flipflop2");
  const tr = ff.trials({ batch: 400, seed: 11 });
  const gaps: number[] = [];
  for (let b = 0; b < tr.batch; b++) {
    const onsets = String(tr.meta[b]!.onsets).split(",").map(Number);
    assert.equal(onsets[0], 2);
    for (let k = 1; k < onsets.length; k++) gaps.push(onsets[k]! - onsets[k - 1]!);
    for (let t = 0; t < tr.time; t++) assert.ok(inp(tr, b, t, 0) === 0 || inp(tr, b, t, 1) === 0, "one channel at a time");
    const on = [...inputSteps(tr, b, 0), ...inputSteps(tr, b, 1)].sort((x, y) => x - y);
    assert.deepEqual(on, onsets.flatMap((s) => [s, s + 1]));
  }
  assert.ok(Math.min(...gaps) >= 20 && Math.max(...gaps) <= 60, `gaps ${Math.min(...gaps)}..${Math.max(...gaps)}`);
  assert.ok(Math.min(...gaps) <= 23 && Math.max(...gaps) >= 57, "gap range is covered");
  const x = ff.trials({ batch: 50, seed: 11, extrapolate: true });
  assert.equal(x.time, 400);
  for (const m of x.meta) {
    const on = String(m.onsets).split(",").map(Number);
    for (let k = 1; k < on.length; k++) assert.ok(on[k]! - on[k - 1]! >= 60, "extrapolated gaps ≥ 25 + 5 time units");
  }
});

test("flipflop2 score: right channel and sign per report step", () => {
  const ff = getTask("flipflop2");
  const v = ff.validation();
  assert.equal(v.batch, 256);
  const ideal = Float32Array.from(v.targets, (y) => 0.8 * y);
  assert.equal(ff.score(v, ideal).accuracy, 1);
  const swapped = new Float32Array(v.targets.length);
  for (let i = 0; i < swapped.length; i += 2) {
    swapped[i] = v.targets[i + 1]!;
    swapped[i + 1] = v.targets[i]!;
  }
  assert.equal(ff.score(v, swapped).accuracy, 0);
  const flipped = Float32Array.from(v.targets, (y) => -y);
  assert.equal(ff.score(v, flipped).accuracy, 0);
});

test("mante: periods 3/20/5/20 time units (96 steps), coherence + context during the stimulus, mask", () => {
  const m = getTask("mante");
  const tr = m.conditions([{ context: 1, coh0: 0.5, coh1: -0.25 }], { seed: 1, noise: false });
  assert.equal(tr.time, 96);
  assert.equal(tr.lossScale, 0.5);
  assert.deepEqual(inputSteps(tr, 0, 0), rangeArr(6, 46));
  assert.equal(inp(tr, 0, 6, 0), 0.5);
  assert.equal(inp(tr, 0, 45, 1), -0.25);
  assert.deepEqual(inputSteps(tr, 0, 2), []);
  assert.deepEqual(inputSteps(tr, 0, 3), rangeArr(6, 46));
  assert.deepEqual(targetSteps(tr, 0, 0), rangeArr(56, 96));
  assert.equal(tgt(tr, 0, 56, 0), -0.5);
  assert.deepEqual(maskSteps(tr, 0, 0), [...rangeArr(0, 46), ...rangeArr(56, 96)]);
  assert.deepEqual(tr.periods[0]!.map((p) => [p.name, p.start, p.end]), [
    ["fixation", 0, 6],
    ["stimulus", 6, 46],
    ["delay", 46, 56],
    ["decision", 56, 96],
  ]);
});

test("mante: noise std 0.05/√dt on the sensory channels only; coherences from {±1,±2,±4,±8}/8", () => {
  const m = getTask("mante");
  const tr = m.trials({ batch: 300, seed: 2 });
  let s = 0;
  let s2 = 0;
  let n = 0;
  const cohs = new Set(m.options.coherences);
  const contexts = new Set<number>();
  for (let b = 0; b < tr.batch; b++) {
    const meta = tr.meta[b]!;
    assert.ok(cohs.has(Number(meta.coh0)) && cohs.has(Number(meta.coh1)));
    contexts.add(Number(meta.context));
    assert.equal(meta.target, Math.sign(Number(meta.context === 0 ? meta.coh0 : meta.coh1)));
    for (let t = 0; t < tr.time; t++) {
      const stim = t >= 6 && t < 46;
      const v = inp(tr, b, t, 0) - (stim ? Number(meta.coh0) : 0);
      s += v;
      s2 += v * v;
      n++;
      assert.equal(inp(tr, b, t, 2 + Number(meta.context)), stim ? 1 : 0);
      assert.equal(inp(tr, b, t, 3 - Number(meta.context)), 0);
    }
  }
  const std = Math.sqrt(s2 / n - (s / n) ** 2);
  assert.ok(Math.abs(std - 0.05 / Math.sqrt(0.5)) < 0.002, `noise std ${std}`);
  assert.deepEqual([...contexts].sort(), [0, 1]);
  assert.equal(m.validation().batch, 2 * 8 * 8);
});

test("mante: extrapolation lengthens stimulus and delay; score follows the cued stream", () => {
  const m = getTask("mante");
  const x = m.trials({ batch: 20, seed: 3, extrapolate: true });
  assert.equal(x.time, 6 + 80 + 40 + 40);
  const v = m.validation();
  const ideal = new Float32Array(v.targets.length);
  const wrongStream = new Float32Array(v.targets.length);
  v.meta.forEach((meta, b) => {
    for (let t = 56; t < 96; t++) {
      ideal[b * 96 + t] = 0.2 * Number(meta.target);
      wrongStream[b * 96 + t] = 0.5 * Math.sign(Number(meta.irrelevantCoherence));
    }
  });
  assert.equal(m.score(v, ideal).accuracy, 1);
  assert.equal(m.score(v, wrongStream).accuracy, 0.5); // agrees with the cued stream on half the grid
});

test("romo: test trial (0.6, 1.1, delay 5) has the spec's layout and 56 steps", () => {
  const r = getTask("romo");
  const tr = r.trial(0.6, 1.1, 5);
  assert.equal(tr.time, 56);
  assert.equal(tr.lossScale, 0.5);
  assert.deepEqual(inputSteps(tr, 0, 0), [6, 7, 18, 19]);
  assert.ok(Math.abs(inp(tr, 0, 6, 0) - 0.6) < 1e-7 && Math.abs(inp(tr, 0, 18, 0) - 1.1) < 1e-7);
  assert.deepEqual(targetSteps(tr, 0, 0), []);
  assert.deepEqual(targetSteps(tr, 0, 1), rangeArr(30, 50));
  assert.equal(tgt(tr, 0, 30, 1), 0.5);
  const mask = [...rangeArr(0, 20), ...rangeArr(30, 50)];
  assert.deepEqual(maskSteps(tr, 0, 0), mask);
  assert.deepEqual(maskSteps(tr, 0, 1), mask);
  const rev = r.trial(1.4, 0.9, 2);
  assert.deepEqual(targetSteps(rev, 0, 0), rangeArr(24, 44));
});

test("romo: random f1, f2 in [0.5, 1.5] with |f1 − f2| ≥ 0.2; delays 2..8 time units; extrapolation beyond", () => {
  const r = getTask("romo");
  const tr = r.trials({ batch: 1000, seed: 4 });
  const ds = tr.meta.map((m) => Number(m.delaySteps));
  assert.equal(Math.min(...ds), 4);
  assert.equal(Math.max(...ds), 16);
  for (const m of tr.meta) {
    const f1 = Number(m.f1);
    const f2 = Number(m.f2);
    assert.ok(f1 >= 0.5 && f1 <= 1.5 && f2 >= 0.5 && f2 <= 1.5 && Math.abs(f1 - f2) >= 0.2);
    assert.equal(m.choice, f1 > f2 ? 0 : 1);
  }
  const x = r.trials({ batch: 100, seed: 4, extrapolate: true });
  assert.equal(x.time, 6 + 4 + 64 + 10 + 20);
  assert.ok(x.meta.every((m) => Number(m.delaySteps) > 16));
  const wide = r.trials({ batch: 100, seed: 4, extrapolate: { delay: [2, 8], fRange: [0.1, 2.5] } });
  assert.ok(wide.meta.every((m) => [m.f1, m.f2].some((f) => Number(f) < 0.5 || Number(f) > 1.5)));
  assert.equal(r.validation().batch, 90);
});

test("romo score: larger mean output channel in the decision window", () => {
  const r = getTask("romo");
  const v = r.validation();
  assert.equal(r.score(v, v.targets).accuracy, 1);
  const swapped = new Float32Array(v.targets.length);
  for (let i = 0; i < swapped.length; i += 2) {
    swapped[i] = v.targets[i + 1]!;
    swapped[i + 1] = v.targets[i]!;
  }
  assert.equal(r.score(v, swapped).accuracy, 0);
});

test("linear fixed point: u = 1 from t = 1, target ẑ on the final 2 of 202 steps only", () => {
  const lf = getTask("linear-fixed-point");
  const tr = lf.validation();
  assert.equal(tr.time, 202);
  assert.equal(tr.lossScale, 0.5);
  assert.deepEqual(inputSteps(tr, 0, 0), rangeArr(2, 202));
  assert.equal(inp(tr, 0, 2, 0), 1);
  assert.deepEqual(maskSteps(tr, 0, 0), [200, 201]);
  assert.equal(tgt(tr, 0, 201, 0), 0.5);
  const two = getTask("linear-fixed-point", { target: 2 }).validation();
  assert.equal(tgt(two, 0, 200, 0), 2);
  // A scalar linear leaky unit x ← (1−dt)x + dt(w x + u) converges to u/(1−w); readout c·x.
  const w = 0.5;
  const c = 0.25;
  const out = new Float32Array(tr.time);
  let xs = 0;
  for (let t = 0; t < tr.time; t++) {
    xs = 0.5 * xs + 0.5 * (w * xs + inp(tr, 0, t, 0));
    out[t] = c * xs;
  }
  const s = lf.score(tr, out);
  assert.equal(s.accuracy, 1); // c/(1−w) = 0.5
  assert.ok(s.meanRelError < 1e-6);
  assert.equal(lf.score(tr, out.map((y) => 1.1 * y)).accuracy, 0);
  const x = lf.trials({ batch: 2, seed: 0, extrapolate: true });
  assert.equal(x.time, 404);
  assert.equal(inp(x, 0, 3, 0), 2);
  assert.equal(tgt(x, 1, 403, 0), 1);
});

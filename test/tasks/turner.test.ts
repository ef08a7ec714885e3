/** Turner et al. 2021 tasks: exact trial structure against the spec (turner2021.md §2–3). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getTask } from "../../src/tasks";
import { inp, inputSteps, maskSteps, msk, rangeArr, targetSteps, tgt } from "./helpers";

test("rsg: Ready [5,10), Set [5+ts,10+ts), Go target [5+2ts,10+2ts), 150 steps, mask everywhere", () => {
  const rsg = getTask("rsg");
  assert.equal(rsg.options.time, 150);
  for (const ts of [20, 33, 50]) {
    const tr = rsg.trial(ts);
    assert.equal(tr.time, 150);
    assert.deepEqual(inputSteps(tr, 0, 0), rangeArr(5, 10));
    assert.deepEqual(inputSteps(tr, 0, 1), rangeArr(5 + ts, 10 + ts));
    assert.deepEqual(targetSteps(tr, 0, 0), rangeArr(5 + 2 * ts, 10 + 2 * ts));
    for (const t of rangeArr(5 + 2 * ts, 10 + 2 * ts)) assert.equal(tgt(tr, 0, t, 0), 1);
    assert.equal(inp(tr, 0, 7, 0), 1);
    assert.deepEqual(maskSteps(tr, 0, 0), rangeArr(0, 150));
    assert.deepEqual(
      tr.periods[0]!.map((p) => p.name),
      ["start", "ready", "ready_set", "set", "set_go", "go", "end"],
    );
    const setP = tr.periods[0]!.find((p) => p.name === "set")!;
    assert.deepEqual([setP.start, setP.end], [5 + ts, 10 + ts]);
    assert.equal(tr.meta[0]!.t_s, ts);
    assert.equal(tr.meta[0]!.setOnset, 5 + ts);
  }
});

test("rsg: training t_s spans [20, 50]; validation is one trial per t_s = 20..50", () => {
  const rsg = getTask("rsg");
  const tr = rsg.trials({ batch: 2000, seed: 1 });
  const ts = tr.meta.map((m) => Number(m.t_s));
  assert.equal(Math.min(...ts), 20);
  assert.equal(Math.max(...ts), 50);
  assert.ok(ts.every(Number.isInteger));
  assert.equal(new Set(ts).size, 31);
  const v = rsg.validation();
  assert.deepEqual(v.meta.map((m) => m.t_s), rangeArr(20, 51));
});

test("rsg: extrapolation draws t_s outside [20, 50] and lengthens the trial", () => {
  const rsg = getTask("rsg");
  const x = rsg.trials({ batch: 200, seed: 2, extrapolate: true });
  const ts = x.meta.map((m) => Number(m.t_s));
  assert.ok(ts.every((t) => t >= 51 && t <= 100));
  assert.equal(x.time, 150 + 2 * 50);
  const b = ts.indexOf(Math.max(...ts));
  assert.deepEqual(targetSteps(x, b, 0), rangeArr(5 + 2 * ts[b]!, 10 + 2 * ts[b]!));
  const y = rsg.trials({ batch: 100, seed: 2, extrapolate: { tsRange: [5, 30] } });
  assert.ok(y.meta.every((m) => Number(m.t_s) >= 5 && Number(m.t_s) < 20));
  assert.equal(y.time, 150);
  // Explicit long trial with a given length.
  const long = rsg.trial(200, { time: 600 });
  assert.equal(long.time, 600);
  assert.deepEqual(targetSteps(long, 0, 0), rangeArr(405, 410));
  assert.throws(() => rsg.trial(80, { time: 150 }), /needs at least 170 steps but the trial has 150/);
});

test("rsg score: t_p is the first output > 0.8 after Set; |t_p − t_s| ≤ 1 is correct", () => {
  const rsg = getTask("rsg");
  const v = rsg.validation();
  const perfect = rsg.outcomes(v, v.targets);
  assert.deepEqual(perfect.map((o) => o.t_p), rangeArr(20, 51));
  // Shift every Go pulse by `k` steps: k = 1 is still correct, k = 2 is not.
  const shifted = (k: number): Float32Array => {
    const out = new Float32Array(v.targets.length);
    v.meta.forEach((m, b) => {
      for (let t = 0; t < 5; t++) out[b * v.time + Number(m.goOnset) + k + t] = 0.9;
    });
    return out;
  };
  assert.equal(rsg.score(v, shifted(1)).accuracy, 1);
  assert.equal(rsg.score(v, shifted(-1)).accuracy, 1);
  const s2 = rsg.score(v, shifted(2));
  assert.equal(s2.accuracy, 0);
  assert.equal(s2.meanAbsError, 2);
  assert.deepEqual(rsg.outcomes(v, shifted(2)).map((o) => o.t_p), rangeArr(22, 53));
  // Sub-threshold output: no response.
  const weak = Float32Array.from(v.targets, (y) => 0.7 * y);
  const sw = rsg.score(v, weak);
  assert.equal(sw.accuracy, 0);
  assert.equal(sw.responded, 0);
  assert.ok(Number.isNaN(rsg.outcomes(v, weak)[0]!.t_p as number));
  // Mixed: half the trials corrupted.
  const mixed = Float32Array.from(v.targets);
  for (let b = 0; b < 10; b++) mixed.fill(0, b * v.time, (b + 1) * v.time);
  assert.ok(Math.abs(rsg.score(v, mixed).accuracy - 21 / 31) < 1e-12);
});

test("rsg: Ready-only probe reports spontaneous output as premature", () => {
  const rsg = getTask("rsg");
  const tr = rsg.readyOnly({ time: 600 });
  assert.equal(tr.time, 600);
  assert.deepEqual(inputSteps(tr, 0, 0), rangeArr(5, 10));
  assert.deepEqual(inputSteps(tr, 0, 1), []);
  assert.ok(tr.targets.every((y) => y === 0));
  const silent = rsg.outcomes(tr, new Float32Array(600))[0]!;
  assert.equal(silent.premature, false);
  const spont = new Float32Array(600);
  spont[60] = 1;
  const o = rsg.outcomes(tr, spont)[0]!;
  assert.equal(o.premature, true);
  assert.ok(Number.isNaN(o.t_p as number));
});

test("interval discrimination: pulses at t1 and t1+t2, target sign(t1−t2) at [t1+t2+15, +17), 90 steps", () => {
  const id = getTask("interval-discrimination");
  for (const [t1, t2] of [[10, 30], [30, 10], [17, 18]] as const) {
    const tr = id.trial(t1, t2);
    assert.equal(tr.time, 90);
    assert.deepEqual(inputSteps(tr, 0, 0), [t1, t1 + 1]);
    assert.deepEqual(inputSteps(tr, 0, 1), [t1 + t2, t1 + t2 + 1]);
    assert.deepEqual(targetSteps(tr, 0, 0), [t1 + t2 + 15, t1 + t2 + 16]);
    assert.equal(tgt(tr, 0, t1 + t2 + 15, 0), Math.sign(t1 - t2));
    assert.deepEqual(maskSteps(tr, 0, 0), rangeArr(0, 90));
    assert.deepEqual(tr.periods[0]!.map((p) => p.name), ["t1", "pulse1", "t2", "pulse2", "wait", "output", "end"]);
  }
  assert.throws(() => id.trial(12, 12), /must differ/);
});

test("interval discrimination: training set = full 420-trial grid; validation = the same grid", () => {
  const id = getTask("interval-discrimination");
  const ts = id.trainingSet();
  assert.equal(ts.batch, 420);
  const keys = new Set(ts.meta.map((m) => `${m.t1},${m.t2}`));
  assert.equal(keys.size, 420);
  assert.ok(ts.meta.every((m) => m.t1 !== m.t2 && Number(m.t1) >= 10 && Number(m.t2) <= 30));
  assert.equal(id.validation().batch, 420);
  const r = id.trials({ batch: 500, seed: 3 });
  assert.ok(r.meta.every((m) => keys.has(`${m.t1},${m.t2}`)));
});

test("interval discrimination: extrapolation has at least one interval > 30 and grows the trial", () => {
  const id = getTask("interval-discrimination");
  const x = id.trials({ batch: 300, seed: 4, extrapolate: true });
  assert.equal(x.time, 90 + 2 * 50);
  assert.ok(x.meta.every((m) => (Number(m.t1) > 30 || Number(m.t2) > 30) && m.t1 !== m.t2 && Number(m.t1) <= 80 && Number(m.t2) <= 80));
  const both = id.trials({ batch: 50, seed: 4, extrapolate: { range: [41, 60] } });
  assert.ok(both.meta.every((m) => Number(m.t1) > 40 && Number(m.t2) > 40));
  const g = id.grid([[80, 79]]);
  assert.deepEqual(targetSteps(g, 0, 0), [174, 175]);
});

test("interval discrimination score: sign of the mean output in the response window", () => {
  const id = getTask("interval-discrimination");
  const v = id.validation();
  // Ideal behaviour without matching the target amplitude: ±0.3 in the window only.
  const ideal = new Float32Array(v.targets.length);
  v.meta.forEach((m, b) => {
    const r = Number(m.responseOnset);
    ideal[b * v.time + r] = 0.3 * Number(m.target);
    ideal[b * v.time + r + 1] = 0.3 * Number(m.target);
  });
  assert.equal(id.score(v, ideal).accuracy, 1);
  // Always answering +1 is right exactly when t1 > t2 (half of the grid).
  const plus = new Float32Array(v.targets.length).fill(1);
  assert.equal(id.score(v, plus).accuracy, 0.5);
  const flipped = Float32Array.from(v.targets, (y) => -y);
  assert.equal(id.score(v, flipped).accuracy, 0);
});

test("delayed discrimination: f1 on [5,10), f2 on [15+d,20+d), target sign(f1−f2) on [30+d,35+d), 60 steps", () => {
  const dd = getTask("delayed-discrimination");
  for (const [f1, f2, d] of [[2, 10, 0], [7, 3, 19], [4, 5, 8]] as const) {
    const tr = dd.trial(f1, f2, d);
    assert.equal(tr.time, 60);
    assert.deepEqual(inputSteps(tr, 0, 0), rangeArr(5, 10));
    assert.deepEqual(inputSteps(tr, 0, 1), rangeArr(15 + d, 20 + d));
    assert.equal(inp(tr, 0, 5, 0), f1);
    assert.equal(inp(tr, 0, 15 + d, 1), f2);
    assert.deepEqual(targetSteps(tr, 0, 0), rangeArr(30 + d, 35 + d));
    assert.equal(tgt(tr, 0, 30 + d, 0), Math.sign(f1 - f2));
    assert.deepEqual(maskSteps(tr, 0, 0), rangeArr(0, 60));
    assert.equal(msk(tr, 0, 59, 0), 1);
  }
});

test("delayed discrimination: 1,440 training trials, 72 validation pairs at d = 19", () => {
  const dd = getTask("delayed-discrimination");
  const ts = dd.trainingSet();
  assert.equal(ts.batch, 1440);
  assert.equal(new Set(ts.meta.map((m) => `${m.f1},${m.f2},${m.d}`)).size, 1440);
  const v = dd.validation();
  assert.equal(v.batch, 72);
  assert.ok(v.meta.every((m) => m.d === 19 && m.f1 !== m.f2));
  assert.equal(new Set(v.meta.map((m) => `${m.f1},${m.f2}`)).size, 72);
  const r = dd.trials({ batch: 3000, seed: 5 });
  const ds = r.meta.map((m) => Number(m.d));
  assert.equal(Math.min(...ds), 0);
  assert.equal(Math.max(...ds), 19);
  const fs = r.meta.flatMap((m) => [Number(m.f1), Number(m.f2)]);
  assert.equal(Math.min(...fs), 2);
  assert.equal(Math.max(...fs), 10);
});

test("delayed discrimination: extrapolation to long delays and to larger amplitudes", () => {
  const dd = getTask("delayed-discrimination");
  const x = dd.trials({ batch: 200, seed: 6, extrapolate: true });
  assert.ok(x.meta.every((m) => Number(m.d) >= 20 && Number(m.d) <= 80));
  assert.equal(x.time, 5 + 5 + 5 + 80 + 15 + 5); // pulse-2 onset at 15 + d, response window ends 20 steps later
  const b = x.meta.findIndex((m) => Number(m.d) === Math.max(...x.meta.map((q) => Number(q.d))));
  const d = Number(x.meta[b]!.d);
  assert.deepEqual(targetSteps(x, b, 0), rangeArr(30 + d, 35 + d));
  const amp = dd.trials({ batch: 200, seed: 6, extrapolate: { delays: [0, 19], amplitudes: [2, 16] } });
  assert.equal(amp.time, 60);
  assert.ok(amp.meta.every((m) => Number(m.f1) > 10 || Number(m.f2) > 10));
  const dscore = dd.score(amp, amp.targets);
  assert.equal(dscore.accuracy, 1);
});

test("two-neuron: h0 = (1,0), no input, target (0,1) at the last of 100 steps, loss = ½‖x(T) − (0,1)‖²", () => {
  const tn = getTask("two-neuron");
  const tr = tn.trials({ batch: 2, seed: 0 });
  assert.equal(tr.time, 100);
  assert.equal(tn.dt, 0.1);
  assert.equal(tr.inputSize, 1);
  assert.ok(tr.inputs.every((v) => v === 0));
  assert.deepEqual(Array.from(tr.h0!), [1, 0, 1, 0]);
  assert.deepEqual(maskSteps(tr, 0, 0), [99]);
  assert.deepEqual(maskSteps(tr, 0, 1), [99]);
  assert.equal(tgt(tr, 0, 99, 0), 0);
  assert.equal(tgt(tr, 0, 99, 1), 1);
  // Integrate a 2-unit net with Euler (dt 0.1) and compare the kernel loss formula with ½‖x(T) − target‖².
  const W = [[0.9, -1.3], [1.4, 0.8]];
  const out = new Float64Array(tr.batch * tr.time * 2);
  for (let b = 0; b < tr.batch; b++) {
    let x = [tr.h0![2 * b]!, tr.h0![2 * b + 1]!];
    for (let t = 0; t < tr.time; t++) {
      const th = x.map(Math.tanh);
      x = [0, 1].map((i) => x[i]! + 0.1 * (-x[i]! + W[i]![0]! * th[0]! + W[i]![1]! * th[1]!));
      out[(b * tr.time + t) * 2] = x[0]!;
      out[(b * tr.time + t) * 2 + 1] = x[1]!;
    }
  }
  const xT = [out[99 * 2]!, out[99 * 2 + 1]!];
  const half = 0.5 * (xT[0]! ** 2 + (xT[1]! - 1) ** 2);
  let num = 0;
  let den = 0;
  for (let i = 0; i < tr.mask.length; i++) {
    num += tr.mask[i]! * (out[i]! - tr.targets[i]!) ** 2;
    den += tr.mask[i]!;
  }
  assert.ok(Math.abs((tr.lossScale! * num) / den - half) < 1e-6);
  const s = tn.score(tr, out);
  assert.ok(Math.abs(s.loss - half) < 1e-6);
  assert.ok(Math.abs(s.meanLoss - half) < 1e-6);
  assert.equal(s.accuracy, half < 1e-4 ? 1 : 0);
  // Good = loss < 1e-4.
  const near = Float32Array.from(tr.targets);
  near[99 * 2 + 1] = 1 - 0.01; // ½·1e-4 < 1e-4
  assert.equal(tn.score(tr, near).accuracy, 1);
  near[99 * 2 + 1] = 1 - 0.02; // ½·4e-4
  assert.equal(tn.score(tr, near).accuracy, 0.5); // trial 1 is still exact
});

test("two-neuron: extrapolation integrates past T with the target kept at T", () => {
  const tn = getTask("two-neuron");
  const x = tn.trials({ batch: 1, seed: 0, extrapolate: true });
  assert.equal(x.time, 1000);
  assert.deepEqual(maskSteps(x, 0, 1), [99]);
  assert.equal(tn.trial({ horizon: 20 }).time, 200);
  assert.throws(() => tn.trials({ batch: 1, seed: 0, extrapolate: { horizon: 5 } }), /must exceed T/);
});

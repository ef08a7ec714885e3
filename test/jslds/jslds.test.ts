import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Rng, deriveSeed } from "../../src/core/random";
import type { ModelSpec, Trials } from "../../src/core/types";
import { getTask } from "../../src/tasks";
import { initModel } from "../../src/models/init";
import { archModule } from "../../src/models/arch/index";
import { findFixedPoints } from "../../src/analysis/fixedPoints";
import { jsldsLossGrad, initExpander, type EngineNet, type JsldsWeights } from "../../src/analysis/jslds";
import { trainJslds, JSLDS_MAX_HIDDEN } from "../../src/experiments/jsldsTraining";

const widen = (r: Readonly<Record<string, Float32Array>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Float64Array.from(v)]));

/** A small random net + P + a short flip-flop batch, with an x* that keeps channel 0 (so every term of the step is exercised). */
function setup(nonlinearity: "tanh" | "relu" = "tanh") {
  const task = getTask("flipflop3", { time: 6 });
  const spec: ModelSpec = { arch: "vanilla", inputSize: 3, outputSize: 3, hiddenSize: 5, nonlinearity };
  const model = initModel(spec, { seed: 3 });
  const shape = { size: 5, hidden: 4 };
  const P = initExpander(shape, 4);
  // Larger W2 than the init so P's path carries real gradient.
  for (let i = 0; i < P["P.W2"]!.length; i++) P["P.W2"]![i] = P["P.W2"]![i]! * 10;
  const params: Record<string, Float64Array> = { ...widen(model.params), ...widen(P) };
  const trials = task.trials({ batch: 3, seed: 9 });
  return { task, spec, shape, params, trials };
}

function net(spec: ModelSpec, shape: { size: number; hidden: number }, params: Record<string, Float64Array>): EngineNet {
  const rnn = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith("P.")));
  return { spec, rnn, expander: params, expanderShape: shape, staticChannels: [0] };
}

const W: JsldsWeights = { jsldsTask: 0.7, fixedPoint: 1.3, match: 0.9 };

test("JSLDS gradient matches central finite differences for every parameter (tanh)", () => {
  const { spec, shape, params, trials } = setup();
  const grads = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)]));
  jsldsLossGrad(net(spec, shape, params), trials, W, grads);
  const h = 1e-6;
  let worst = 0;
  let checked = 0;
  for (const [name, v] of Object.entries(params)) {
    for (let i = 0; i < v.length; i++) {
      const keep = v[i]!;
      v[i] = keep + h;
      const lp = jsldsLossGrad(net(spec, shape, params), trials, W, null).loss.total;
      v[i] = keep - h;
      const lm = jsldsLossGrad(net(spec, shape, params), trials, W, null).loss.total;
      v[i] = keep;
      const fd = (lp - lm) / (2 * h);
      const g = grads[name]![i]!;
      const err = Math.abs(fd - g) / Math.max(1e-3, Math.abs(fd) + Math.abs(g));
      worst = Math.max(worst, err);
      checked++;
      assert.ok(err < 1e-5, `${name}[${i}]: analytic ${g}, finite difference ${fd}`);
    }
  }
  assert.ok(checked > 100, `checked ${checked} parameters`);
});

test("each loss term's gradient is right on its own (λ one at a time)", () => {
  const { spec, shape, params, trials } = setup();
  for (const w of [{ jsldsTask: 1, fixedPoint: 0, match: 0 }, { jsldsTask: 0, fixedPoint: 1, match: 0 }, { jsldsTask: 0, fixedPoint: 0, match: 1 }]) {
    const grads = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)]));
    jsldsLossGrad(net(spec, shape, params), trials, w, grads);
    for (const name of ["weight_hh_l0", "P.W1", "bias_ih_l0"]) {
      const v = params[name]!;
      for (const i of [0, Math.floor(v.length / 2), v.length - 1]) {
        const keep = v[i]!;
        v[i] = keep + 1e-6;
        const lp = jsldsLossGrad(net(spec, shape, params), trials, w, null).loss.total;
        v[i] = keep - 1e-6;
        const lm = jsldsLossGrad(net(spec, shape, params), trials, w, null).loss.total;
        v[i] = keep;
        const fd = (lp - lm) / 2e-6;
        const g = grads[name]![i]!;
        assert.ok(Math.abs(fd - g) <= 1e-6 + 1e-5 * Math.abs(fd), `${JSON.stringify(w)} ${name}[${i}]: ${g} vs ${fd}`);
      }
    }
  }
});

test("the Taylor step agrees with the architecture's Jacobians and is exact for a linear net", () => {
  const { spec, params, trials } = setup();
  const model = { spec, params: Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith("P.")).map(([k, v]) => [k, Float32Array.from(v)])) };
  const p = widen(model.params);
  const rng = new Rng(5);
  const e = Float64Array.from({ length: 5 }, () => rng.normal(0, 0.5));
  const hp = Float64Array.from({ length: 5 }, () => rng.normal(0, 0.5));
  const x = [0.3, -1, 0.5];
  const xs = [0.3, 0, 0];
  const out = new Float64Array(5);
  const cache = { F: new Float64Array(5), extra: new Float64Array(10) };
  archModule("vanilla").taylor!.forward(spec, p, e, hp, x, xs, out, cache);
  const { F, J, Ju } = archModule("vanilla").dynamics(model).jacobians(e, Float64Array.from(xs), 1);
  for (let i = 0; i < 5; i++) {
    let v = F[i]!;
    for (let k = 0; k < 5; k++) v += J[i * 5 + k]! * (hp[k]! - e[k]!);
    for (let m = 0; m < 3; m++) v += Ju[i * 3 + m]! * (x[m]! - xs[m]!);
    assert.ok(Math.abs(v - out[i]!) < 1e-12, `unit ${i}: ${out[i]} vs ${v}`);
    assert.ok(Math.abs(F[i]! - cache.F[i]!) < 1e-15);
  }
  // linear arch: the Taylor step is the step itself.
  const lspec: ModelSpec = { ...spec, arch: "linear" };
  archModule("linear").taylor!.forward(lspec, p, e, hp, x, xs, out, cache);
  const step = new Float64Array(5);
  archModule("linear").step(lspec, p, hp, x, step);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(step[i]! - out[i]!) < 1e-12);
  void trials;
});

function digest(r: ReturnType<typeof trainJslds>): string {
  const h = createHash("sha256");
  for (const [k, v] of Object.entries(r.model.params).sort()) h.update(k).update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  for (const [k, v] of Object.entries(r.expander ?? {}).sort()) h.update(k).update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  return h.digest("hex");
}

test("same seed, same bytes; another seed, other bytes", () => {
  const task = getTask("flipflop3", { time: 10 });
  const opts = { task, spec: { hiddenSize: 6 }, updates: 15, batch: 4 } as const;
  const a = trainJslds({ ...opts, seed: 1 });
  const b = trainJslds({ ...opts, seed: 1 });
  const c = trainJslds({ ...opts, seed: 2 });
  assert.equal(digest(a), digest(b));
  assert.notEqual(digest(a), digest(c));
  const ra = a.run(task.validation());
  const rb = b.run(task.validation());
  assert.deepEqual(Buffer.from(ra.expansion.buffer), Buffer.from(rb.expansion.buffer));
  // The plain baseline starts from the same RNN weights as the co-trained net.
  const plain0 = trainJslds({ ...opts, seed: 1, updates: 1, lr: 1e-12, weights: { jsldsTask: 0, fixedPoint: 0, match: 0 } });
  const co0 = trainJslds({ ...opts, seed: 1, updates: 1, lr: 1e-12 });
  for (const k of Object.keys(plain0.model.params)) {
    const d = plain0.model.params[k]!.reduce((m, v, i) => Math.max(m, Math.abs(v - co0.model.params[k]![i]!)), 0);
    assert.ok(d < 1e-6, k);
  }
  assert.equal(plain0.expander, null);
});

test("co-training at least halves ‖F(e) − e‖ on a tiny problem", () => {
  const task = getTask("flipflop3", { bits: 1, time: 12 });
  const val = task.trials({ batch: 16, seed: 77 });
  const opts = { task, spec: { hiddenSize: 4 }, seed: 5, batch: 8, lr: 0.01 } as const;
  const before = trainJslds({ ...opts, updates: 1, lr: 1e-12 }).run(val);
  const after = trainJslds({ ...opts, updates: 300 }).run(val);
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const r0 = mean(before.residuals()), r1 = mean(after.residuals());
  assert.ok(r1 < 0.5 * r0, `mean ‖F(e)−e‖ before ${r0}, after ${r1}`);
});

test("bad input gets clear errors", () => {
  const task = getTask("flipflop3", { time: 5 });
  const base = { task, spec: { hiddenSize: 4 }, updates: 1, batch: 2, seed: 0 };
  assert.throws(() => trainJslds({ ...base, spec: { hiddenSize: JSLDS_MAX_HIDDEN + 1 } }), /too large for the JSLDS path/);
  assert.throws(() => trainJslds({ ...base, weights: { fixedPoint: -1 } }), /fixedPoint must be a finite number ≥ 0/);
  assert.throws(() => trainJslds({ ...base, weights: { match: NaN } }), /match must be a finite number ≥ 0/);
  assert.throws(() => trainJslds({ ...base, staticChannels: [3] }), /static input channel 3 is out of range/);
  assert.throws(() => trainJslds({ ...base, spec: { hiddenSize: 4, arch: "gru" as "vanilla" } }), /has no Taylor step/);
  assert.throws(() => trainJslds({ ...base, updates: 0 }), /updates must be a positive integer/);
  const r = trainJslds(base);
  const other = getTask("mante", { dt: 1 }).validation();
  assert.throws(() => r.run(other), /from task "mante" but the network was trained on "flipflop3"/);
  // task/model size mismatch at the engine level
  const { spec, shape, params } = setup();
  const wrong: Trials = getTask("flipflop3", { bits: 2, time: 4 }).trials({ batch: 1, seed: 1 });
  assert.throws(() => jsldsLossGrad(net(spec, shape, params), wrong, W, null), /2 inputs and 2 outputs but the network has inputSize 3/);
  // plain baseline has no expansion points
  const plain = trainJslds({ ...base, weights: { jsldsTask: 0, fixedPoint: 0, match: 0 } });
  assert.throws(() => plain.run(task.validation()).residuals(), /trained without P/);
});

test("the co-trained RNN is a normal library model: the fixed-point search runs on it", () => {
  const task = getTask("flipflop3", { time: 8 });
  const r = trainJslds({ task, spec: { hiddenSize: 6 }, updates: 5, batch: 4, seed: 2 });
  const traj = r.run(task.validation());
  const fps = findFixedPoints(r.model, { inits: traj.rows("expansion", [0, 1, 2, 3]), maxIters: 200 });
  assert.ok(fps.count >= 1);
  const d = traj.distanceToFixedPoints([0, 1], fps);
  assert.equal(d.length, 2);
  assert.ok(Number.isFinite(d[0]!));
  const eig = traj.jacobianEigenvalues([0, 5]);
  assert.equal(eig.re.length, 2 * 6);
  assert.ok(Math.hypot(eig.re[0]!, eig.im[0]!) >= Math.hypot(eig.re[1]!, eig.im[1]!) - 1e-12);
  void deriveSeed;
});

test("expansionPointsPlot draws e_t on a 2-D projection and rejects a plain net", async () => {
  const { expansionPointsPlot } = await import("../../src/plots/jslds");
  const { fitPca } = await import("../../src/analysis/projection/pca");
  const { fromStates } = await import("../../src/analysis/linalg/matrix");
  const task = getTask("flipflop3", { time: 8 });
  const r = trainJslds({ task, spec: { hiddenSize: 5 }, updates: 3, batch: 4, seed: 4 });
  const traj = r.run(task.validation());
  const pca = fitPca(fromStates(traj.states, 5), 2);
  const fig = expansionPointsPlot(traj, { projection: pca, maxTrials: 3, title: "t" });
  const spec = (fig as unknown as { vegaLite: { title: { text: string }; layer: { data: { values: unknown[] } }[] } }).vegaLite;
  assert.equal(spec.title.text, "t");
  assert.equal(spec.layer[1]!.data.values.length, 3 * 8);
  const plain = trainJslds({ task, spec: { hiddenSize: 5 }, updates: 1, batch: 2, seed: 4, weights: { jsldsTask: 0, fixedPoint: 0, match: 0 } });
  assert.throws(() => expansionPointsPlot(plain.run(task.validation()), { projection: pca }), /trained without P/);
});

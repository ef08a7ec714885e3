// The TF.js forward pass matches the float64 reference for every architecture, its gradients match
// finite differences of the reference, and stepModel agrees with runModel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import type { Model, ModelSpec } from "../../src/core/types";
import {
  initModel,
  initTf,
  mapParams,
  modelToTensors,
  readoutModel,
  runModel,
  runModelTf,
  stateSize,
  stepModel,
  twoNeuronSpec,
} from "../../src/models";

const SPECS: ModelSpec[] = [
  { arch: "vanilla", inputSize: 3, hiddenSize: 16, outputSize: 2 },
  { arch: "vanilla", inputSize: 3, hiddenSize: 16, outputSize: 2, nonlinearity: "relu" },
  { arch: "linear", inputSize: 2, hiddenSize: 10, outputSize: 1 },
  { arch: "gru", inputSize: 3, hiddenSize: 12, outputSize: 2 },
  { arch: "lstm", inputSize: 2, hiddenSize: 9, outputSize: 3 },
  { arch: "leaky", inputSize: 2, hiddenSize: 20, outputSize: 2 },
  { arch: "leaky", inputSize: 2, hiddenSize: 8, outputSize: 1, nonlinearity: "identity", dt: 0.3 },
  twoNeuronSpec(),
];

function model(spec: ModelSpec, seed: number): Model {
  if (spec.arch === "leaky" && spec.readout !== "state") return initModel(spec, { seed, scheme: "gaussian", g: 1.5 });
  // Scale the PyTorch init up so the dynamics are not trivially small.
  const m = initModel(spec, { seed });
  return spec.arch === "linear" ? m : mapParams(m, (a) => a.map((v) => v * 3));
}

function randomArray(n: number, seed: number): Float32Array {
  return new Rng(seed).fillNormal(new Float32Array(n));
}

test("runModelTf matches runModel (float32 vs float64) for every arch", async () => {
  const tf = await initTf();
  for (const [i, spec] of SPECS.entries()) {
    const m = model(spec, i);
    const B = 3;
    const T = 15;
    const S = stateSize(spec);
    const x = randomArray(B * T * spec.inputSize, 100 + i);
    const h0 = randomArray(B * S, 200 + i).map((v) => v * 0.5);
    const ref = runModel(m, x, { batch: B, time: T, h0 });
    const params = modelToTensors(m);
    const out = tf.tidy(() => {
      const r = runModelTf(spec, params, tf.tensor3d(x, [B, T, spec.inputSize]), tf.tensor2d(h0, [B, S]));
      return { y: r.outputs.dataSync().slice(), s: r.states.dataSync().slice(), shape: r.outputs.shape };
    });
    Object.values(params).forEach((t) => t.dispose());
    assert.deepEqual(out.shape, [B, T, spec.outputSize]);
    let worst = 0;
    for (let k = 0; k < ref.outputs.length; k++) worst = Math.max(worst, Math.abs(out.y[k]! - ref.outputs[k]!) / (1 + Math.abs(ref.outputs[k]!)));
    for (let k = 0; k < ref.states.length; k++) worst = Math.max(worst, Math.abs(out.s[k]! - ref.states[k]!) / (1 + Math.abs(ref.states[k]!)));
    assert.ok(worst < 1e-4, `${spec.arch}/${spec.nonlinearity ?? ""}: worst relative difference ${worst}`);
    // The outputs are not trivially zero.
    assert.ok(ref.outputs.some((v) => Math.abs(v) > 1e-2), `${spec.arch}: outputs all near zero`);
  }
});

test("TF.js gradients through runModelTf match finite differences of the float64 forward", async () => {
  const tf = await initTf();
  for (const [i, spec] of SPECS.entries()) {
    const m = model(spec, 40 + i);
    const B = 2;
    const T = 10;
    const x = randomArray(B * T * spec.inputSize, 300 + i);
    const h0 = randomArray(B * stateSize(spec), 400 + i).map((v) => v * 0.5);
    const loss64 = (mm: Model) => runModel(mm, x, { batch: B, time: T, h0 }).outputs.reduce((s, v, k) => s + v * Math.sin(k + 1), 0);
    const params = modelToTensors(m);
    const names = Object.keys(params);
    const grads = tf.tidy(() => {
      const f = (...ts: Array<import("@tensorflow/tfjs").Tensor>) => {
        const p = Object.fromEntries(names.map((n, k) => [n, ts[k]!]));
        const { outputs } = runModelTf(spec, p, tf.tensor3d(x, [B, T, spec.inputSize]), tf.tensor2d(h0, [B, stateSize(spec)]));
        const w = tf.sin(tf.add(tf.range(0, outputs.size), 1)).reshape(outputs.shape);
        return tf.sum(tf.mul(outputs, w)) as import("@tensorflow/tfjs").Scalar;
      };
      return tf.grads(f)(names.map((n) => params[n]!)).map((g) => g.dataSync().slice());
    });
    Object.values(params).forEach((t) => t.dispose());
    const rng = new Rng(500 + i);
    for (const [k, name] of names.entries()) {
      for (let rep = 0; rep < 2; rep++) {
        const idx = rng.int(0, m.params[name]!.length - 1);
        const eps = 1e-3;
        const bump = (d: number) => mapParams(m, (a, n) => (n === name ? a.map((v, j) => (j === idx ? v + d : v)) : a));
        // Finite difference in float64 on the float32-rounded bumped weights.
        const up = bump(eps);
        const dn = bump(-eps);
        const h = up.params[name]![idx]! - dn.params[name]![idx]!;
        const fd = (loss64(up) - loss64(dn)) / h;
        const g = grads[k]![idx]!;
        assert.ok(Math.abs(g - fd) <= 2e-3 * (1 + Math.abs(fd)), `${spec.arch} ${name}[${idx}]: autodiff ${g} vs FD ${fd}`);
      }
    }
  }
});

test("stepModel + readoutModel reproduce runModel step by step", () => {
  for (const [i, spec] of SPECS.entries()) {
    const m = model(spec, 70 + i);
    const T = 6;
    const I = spec.inputSize;
    const S = stateSize(spec);
    const x = randomArray(T * I, 600 + i);
    const ref = runModel(m, x, { batch: 1, time: T });
    let h: Float64Array = new Float64Array(S);
    for (let t = 0; t < T; t++) {
      h = stepModel(m, h, x.subarray(t * I, (t + 1) * I));
      assert.deepEqual(Array.from(h), Array.from(ref.states.subarray(t * S, (t + 1) * S)));
      assert.deepEqual(Array.from(readoutModel(m, h)), Array.from(ref.outputs.subarray(t * spec.outputSize, (t + 1) * spec.outputSize)));
    }
  }
});

test("two-neuron network: Euler dt 0.1 on dx/dt = -x + W tanh x, output = state", () => {
  const spec = twoNeuronSpec();
  const m = initModel(spec, { seed: 3 });
  const W = m.params.weight_hh_l0!;
  const T = 100;
  const { outputs } = runModel(m, new Float32Array(T * spec.inputSize), { batch: 1, time: T, h0: [1, 0] });
  let x = [1, 0];
  for (let t = 0; t < T; t++) {
    const r = x.map(Math.tanh);
    x = [0, 1].map((i) => x[i]! + 0.1 * (-x[i]! + W[2 * i]! * r[0]! + W[2 * i + 1]! * r[1]!));
  }
  assert.ok(Math.abs(outputs[2 * (T - 1)]! - x[0]!) < 1e-12 && Math.abs(outputs[2 * (T - 1) + 1]! - x[1]!) < 1e-12);
});

test("runModel rejects wrongly sized inputs and h0 with the expected shape", () => {
  const m = initModel({ arch: "lstm", inputSize: 2, hiddenSize: 3, outputSize: 1 }, { seed: 1 });
  assert.throws(() => runModel(m, new Float32Array(7), { batch: 1, time: 4 }), /expected \[batch 1, time 4, input 2\] = 8/);
  assert.throws(() => runModel(m, new Float32Array(8), { batch: 1, time: 4, h0: new Float32Array(3) }), /expected \[6\] or \[batch 1, 6\]/);
});

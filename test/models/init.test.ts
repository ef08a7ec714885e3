// Initialisation schemes: bounds and moments at N = 200, seeding, custom hook; validation errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ModelSpec } from "../../src/core/types";
import { initModel, paramShapes, stateSize, twoNeuronSpec, validateModel } from "../../src/models";

const N = 200;

function stats(a: Float32Array): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let ss = 0;
  let m = 0;
  for (const v of a) {
    s += v;
    ss += v * v;
    m = Math.max(m, Math.abs(v));
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(ss / a.length - mean * mean), maxAbs: m };
}

test("paramShapes and stateSize follow the PyTorch layout", () => {
  assert.deepEqual(paramShapes({ arch: "gru", inputSize: 2, hiddenSize: 5, outputSize: 1 }), {
    weight_ih_l0: [15, 2],
    weight_hh_l0: [15, 5],
    bias_ih_l0: [15],
    bias_hh_l0: [15],
    "readout.weight": [1, 5],
    "readout.bias": [1],
  });
  assert.deepEqual(Object.keys(paramShapes({ arch: "leaky", inputSize: 2, hiddenSize: 5, outputSize: 1 })), [
    "weight_ih_l0",
    "weight_hh_l0",
    "bias_hh_l0",
    "readout.weight",
    "readout.bias",
  ]);
  assert.deepEqual(Object.keys(paramShapes(twoNeuronSpec())), ["weight_ih_l0", "weight_hh_l0", "bias_hh_l0"]);
  assert.equal(stateSize({ arch: "lstm", inputSize: 1, hiddenSize: 7, outputSize: 1 }), 14);
  assert.equal(stateSize({ arch: "gru", inputSize: 1, hiddenSize: 7, outputSize: 1 }), 7);
});

test("pytorch scheme: every array U(-1/sqrt(N), 1/sqrt(N))", () => {
  for (const arch of ["vanilla", "gru", "lstm"] as const) {
    const m = initModel({ arch, inputSize: 3, hiddenSize: N, outputSize: 2 }, { seed: 1, scheme: "pytorch" });
    const b = 1 / Math.sqrt(N);
    for (const [name, a] of Object.entries(m.params)) {
      const s = stats(a);
      assert.ok(s.maxAbs <= b, `${arch} ${name} max ${s.maxAbs}`);
      if (a.length >= 2000) {
        assert.ok(Math.abs(s.std - b / Math.sqrt(3)) < 0.03 * b, `${arch} ${name} std ${s.std}`);
        assert.ok(s.maxAbs > 0.99 * b);
        assert.ok(Math.abs(s.mean) < 0.03 * b);
      }
    }
  }
});

test("turner scheme: U(-1/N, 1/N)", () => {
  const m = initModel({ arch: "gru", inputSize: 2, hiddenSize: N, outputSize: 1 }, { seed: 2, scheme: "turner" });
  for (const a of Object.values(m.params)) assert.ok(stats(a).maxAbs <= 1 / N);
  const s = stats(m.params.weight_hh_l0!);
  assert.ok(Math.abs(s.std - 1 / N / Math.sqrt(3)) < 0.02 / N / Math.sqrt(3));
});

test("gaussian scheme (Schuessler): W = g J, J ~ N(0, 1/N); input columns norm sqrt(N); readout norm 1/sqrt(N); zero bias", () => {
  const spec: ModelSpec = { arch: "leaky", inputSize: 3, hiddenSize: N, outputSize: 2 };
  for (const g of [0.5, 2]) {
    const m = initModel(spec, { seed: 3, scheme: "gaussian", g });
    const s = stats(m.params.weight_hh_l0!);
    assert.ok(Math.abs(s.std - g / Math.sqrt(N)) < 0.01 * g / Math.sqrt(N), `std ${s.std}`);
    assert.ok(Math.abs(s.mean) < 0.01 * g / Math.sqrt(N));
    const win = m.params.weight_ih_l0!;
    for (let c = 0; c < 3; c++) {
      let ss = 0;
      for (let r = 0; r < N; r++) ss += win[r * 3 + c]! ** 2;
      assert.ok(Math.abs(Math.sqrt(ss) - Math.sqrt(N)) < 1e-3);
    }
    const wout = m.params["readout.weight"]!;
    for (let o = 0; o < 2; o++) {
      let ss = 0;
      for (let j = 0; j < N; j++) ss += wout[o * N + j]! ** 2;
      assert.ok(Math.abs(Math.sqrt(ss) - 1 / Math.sqrt(N)) < 1e-6);
    }
    assert.ok(m.params.bias_hh_l0!.every((v) => v === 0));
    assert.ok(m.params["readout.bias"]!.every((v) => v === 0));
  }
  // Default scheme of leaky is gaussian with g = 1.
  const d = initModel(spec, { seed: 3 });
  assert.deepEqual(d.params.weight_hh_l0, initModel(spec, { seed: 3, scheme: "gaussian", g: 1 }).params.weight_hh_l0);
});

test("two-neuron scheme: W ~ U(-1.5, 1.5), no input, no bias; needs readout 'state'", () => {
  const all: number[] = [];
  for (let seed = 0; seed < 500; seed++) {
    const m = initModel(twoNeuronSpec(), { seed });
    all.push(...m.params.weight_hh_l0!);
    assert.ok(m.params.weight_ih_l0!.every((v) => v === 0) && m.params.bias_hh_l0!.every((v) => v === 0));
  }
  const s = stats(Float32Array.from(all));
  assert.ok(s.maxAbs <= 1.5 && s.maxAbs > 1.49);
  assert.ok(Math.abs(s.std - 1.5 / Math.sqrt(3)) < 0.03);
  assert.throws(() => initModel({ arch: "vanilla", inputSize: 1, hiddenSize: 2, outputSize: 2 }, { seed: 0, scheme: "two-neuron" }), /readout "state"/);
});

test("seeding: same seed same weights, different seed different weights; custom hook", () => {
  const spec: ModelSpec = { arch: "lstm", inputSize: 2, hiddenSize: 8, outputSize: 1 };
  assert.deepEqual(initModel(spec, { seed: 5 }), initModel(spec, { seed: 5 }));
  assert.notDeepEqual(initModel(spec, { seed: 5 }).params.weight_hh_l0, initModel(spec, { seed: 6 }).params.weight_hh_l0);
  const m = initModel(spec, { seed: 5, scheme: ({ name, shape }) => new Array(shape.reduce((a, b) => a * b, 1)).fill(name.startsWith("bias") ? 1 : 0.5) });
  assert.ok(m.params.bias_ih_l0!.every((v) => v === 1) && m.params.weight_hh_l0!.every((v) => v === 0.5));
  assert.throws(() => initModel(spec, { seed: 1, scheme: () => [1, 2] }), /returned 2 values for "weight_ih_l0"; expected \[32, 2\] = 64/);
});

test("validateModel names the array, its expected shape, and non-finite values", () => {
  const spec: ModelSpec = { arch: "gru", inputSize: 2, hiddenSize: 4, outputSize: 1 };
  const m = initModel(spec, { seed: 0 });
  validateModel(m);
  assert.throws(() => validateModel({ spec, params: { ...m.params, weight_hh_l0: new Float32Array(16) } }), /"weight_hh_l0" has 16 elements; expected shape \[12, 4\] \[3·hidden, hidden\]/);
  const { bias_hh_l0: _drop, ...rest } = m.params;
  assert.throws(() => validateModel({ spec, params: rest }), /"bias_hh_l0" is missing; expected shape \[12\]/);
  const bad = m.params["readout.weight"]!.slice();
  bad[2] = Infinity;
  assert.throws(() => validateModel({ spec, params: { ...m.params, "readout.weight": bad } }), /"readout.weight" \[1, 4\] contains Infinity at flat index 2/);
  assert.throws(() => validateModel({ spec, params: { ...m.params, extra: new Float32Array(1) } }), /Unexpected model parameter "extra"/);
  assert.throws(() => initModel({ ...spec, arch: "rnn" as never }, { seed: 0 }), /arch must be one of/);
  assert.throws(() => initModel({ arch: "gru", inputSize: 2, hiddenSize: 4, outputSize: 1, readout: "state" }, { seed: 0 }), /only defined for arch "leaky"/);
});

test("identity (IRNN) init: W_hh = I + small noise, zero biases, pytorch-uniform rest; single-matrix recurrences only", () => {
  const spec = { arch: "vanilla" as const, hiddenSize: 12, inputSize: 3, outputSize: 2 };
  const m = initModel(spec, { seed: 4, scheme: "identity" });
  const w = m.params.weight_hh_l0!;
  let offDiag = 0;
  for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) {
    const v = w[i * 12 + j]! - (i === j ? 1 : 0);
    assert.ok(Math.abs(v) < 0.06, `entry (${i}, ${j}) is ${w[i * 12 + j]}`); // 6 σ of N(0, 0.01²)
    offDiag = Math.max(offDiag, Math.abs(v));
  }
  assert.ok(offDiag > 0, "the noise is there");
  for (const [k, a] of Object.entries(m.params)) if (k.startsWith("bias")) assert.ok(a.every((x) => x === 0), k);
  assert.ok(m.params.weight_ih_l0!.every((x) => Math.abs(x) <= 1 / Math.sqrt(12)));
  assert.deepEqual(initModel(spec, { seed: 4, scheme: "identity" }).params.weight_hh_l0, w); // seeded
  assert.throws(() => initModel({ ...spec, arch: "gru" }, { seed: 1, scheme: "identity" }), /"identity" is for single-matrix recurrences/);
});

// The 41 trained reference networks of Turner et al. (2021) reproduce their recorded check trial
// with the float64 forward pass (README of ../shared/fixtures/turner2021).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadModel, readNpy } from "../../src/io";
import { runModel, stateSize } from "../../src/models";

const REPO = path.resolve(__dirname, "../../..");
const DIR = path.resolve(REPO, "../shared/fixtures/turner2021");

interface Check {
  trial: { steps: number };
  input_segments: Array<{ start: number; end: number; channel: number; value: number }>;
  output_first5: number[];
  output_last5: number[];
  output_sum: number;
  output_min: number;
  output_argmin: number;
  output_max: number;
  output_argmax: number;
  final_state_l2: number;
}

const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => /_i\d+\.json$/.test(f)).sort() : [];

test("all 41 reference networks are present", () => {
  assert.equal(files.length, 41, `expected 41 network sidecars in ${DIR}`);
});

for (const f of files) {
  test(`forward pass reproduces the recorded check: ${f}`, () => {
    const side = JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as { check: Check; arch: string; units: number };
    const model = loadModel(path.join(DIR, f.replace(/\.json$/, ".npz")));
    assert.equal(model.format, "turner2021-sidecar");
    assert.equal(model.spec.arch, side.arch);
    assert.equal(model.spec.hiddenSize, side.units);
    const c = side.check;
    const T = c.trial.steps;
    const I = model.spec.inputSize;
    const inputs = new Float32Array(T * I);
    for (const s of c.input_segments) for (let t = s.start; t < s.end; t++) inputs[t * I + s.channel] = s.value;
    const { outputs, states } = runModel(model, inputs, { batch: 1, time: T });
    const y = Array.from(outputs);
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6, `${what}: ${a} vs recorded ${b}`);
    c.output_first5.forEach((v, i) => close(y[i]!, v, `output[${i}]`));
    c.output_last5.forEach((v, i) => close(y[T - 5 + i]!, v, `output[${T - 5 + i}]`));
    close(y.reduce((s, v) => s + v, 0), c.output_sum, "sum");
    const min = Math.min(...y);
    const max = Math.max(...y);
    close(min, c.output_min, "min");
    close(max, c.output_max, "max");
    assert.equal(y.indexOf(min), c.output_argmin);
    assert.equal(y.indexOf(max), c.output_argmax);
    const S = stateSize(model.spec);
    let ss = 0;
    for (let k = 0; k < S; k++) ss += states[(T - 1) * S + k]! ** 2;
    close(Math.sqrt(ss), c.final_state_l2, "final state L2");
  });
}

test("initial weights of a fixture load with weights: 'initial' and differ from the trained ones", () => {
  const f = path.join(DIR, "interval_reproduction_50_gru_20_i100.npz");
  const trained = loadModel(f);
  const init = loadModel(f, { weights: "initial" });
  assert.equal(init.names.weight_hh_l0, "init.weight_hh_l0");
  assert.equal(init.names["readout.weight"], "init.readout.weight");
  assert.deepEqual(init.spec, trained.spec);
  assert.notDeepEqual(Array.from(init.params.weight_hh_l0!), Array.from(trained.params.weight_hh_l0!));
  // Turner's rescaled GRU init: |w| <= 1/N.
  const N = init.spec.hiddenSize;
  for (const a of Object.values(init.params)) for (const v of a) assert.ok(Math.abs(v) <= 1 / N + 1e-7);
});

test("a fixture loads from its JSON sidecar path too, with task metadata and without the graph", () => {
  const viaJson = loadModel(path.join(DIR, "interval_reproduction_50_lstm_20_i100.json"));
  const viaNpz = loadModel(path.join(DIR, "interval_reproduction_50_lstm_20_i100.npz"));
  assert.deepEqual(viaJson.spec, { arch: "lstm", inputSize: 2, hiddenSize: 20, outputSize: 1 });
  assert.deepEqual(viaJson.params, viaNpz.params);
  assert.equal(viaJson.meta.task, "interval_reproduction");
  assert.equal(viaJson.meta.compact_graph, undefined);
});

test("two_neuron_W.npy reads as float64 [10000, 2, 2] matching two_neuron_check.json", () => {
  const W = readNpy(path.join(DIR, "two_neuron_W.npy"));
  assert.equal(W.dtype, "float64");
  assert.deepEqual(W.shape, [10000, 2, 2]);
  const check = JSON.parse(fs.readFileSync(path.join(DIR, "two_neuron_check.json"), "utf8")) as { first5_W: number[][][] };
  assert.deepEqual(Array.from((W.data as Float64Array).subarray(0, 20)), check.first5_W.flat(2));
});

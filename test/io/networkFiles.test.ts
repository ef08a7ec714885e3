// Network and population files: own format round trips, PyTorch-named import/export, torch interop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ModelSpec } from "../../src/core/types";
import { exportModel, loadModel, loadPopulation, readNpz, readSafetensors, saveModel, savePopulation, writeNpz } from "../../src/io";
import { initModel, runModel, stackModels, twoNeuronSpec, unstackModel } from "../../src/models";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-net-"));
const SPECS: ModelSpec[] = [
  { arch: "vanilla", inputSize: 2, hiddenSize: 5, outputSize: 1 },
  { arch: "vanilla", inputSize: 2, hiddenSize: 5, outputSize: 1, nonlinearity: "relu" },
  { arch: "linear", inputSize: 1, hiddenSize: 4, outputSize: 2 },
  { arch: "gru", inputSize: 3, hiddenSize: 4, outputSize: 2 },
  { arch: "lstm", inputSize: 2, hiddenSize: 3, outputSize: 1 },
  { arch: "leaky", inputSize: 2, hiddenSize: 6, outputSize: 1, dt: 0.2, nonlinearity: "tanh" },
  twoNeuronSpec(),
  // Appended last: the specs before it keep their index-derived seeds.
  { arch: "ugrnn", inputSize: 3, hiddenSize: 5, outputSize: 2 },
];

function sameParams(a: Record<string, Float32Array>, b: Record<string, Float32Array>): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  for (const k of Object.keys(a)) assert.deepEqual(b[k], a[k], k);
}

test("saveModel/loadModel round trip (directory and file pair) keeps spec, params and meta", () => {
  for (const [i, spec] of SPECS.entries()) {
    const m = initModel(spec, { seed: 10 + i });
    const dir = path.join(tmp, `model${i}`);
    saveModel(dir, m, { task: "rsg", seeds: { init: 10 + i, data: 3 }, history: { loss: [1, 0.5] }, note: "x" });
    assert.deepEqual(fs.readdirSync(dir).sort(), ["manifest.json", "params.npz"]);
    const back = loadModel(dir);
    assert.deepEqual(back.spec, m.spec);
    sameParams(m.params, back.params);
    assert.equal(back.meta.task, "rsg");
    assert.deepEqual(back.meta.seeds, { init: 10 + i, data: 3 });
    assert.deepEqual(back.meta.history, { loss: [1, 0.5] });
    assert.equal(back.meta.note, "x");
    const pair = path.join(tmp, `pair${i}.npz`);
    saveModel(pair, m, { task: "rsg" });
    assert.ok(fs.existsSync(path.join(tmp, `pair${i}.json`)));
    const back2 = loadModel(pair);
    assert.equal(back2.format, "rnn-atlas");
    assert.deepEqual(back2.spec, m.spec);
    sameParams(m.params, back2.params);
  }
  assert.throws(() => saveModel(path.join(tmp, "r"), initModel(SPECS[0]!, { seed: 1 }), { spec: 3 }), /"spec" is a reserved manifest field/);
});

test("savePopulation/loadPopulation round trip; loadModel picks a member", () => {
  const spec = SPECS[3]!;
  const models = [0, 1, 2].map((s) => initModel(spec, { seed: s }));
  const pop = stackModels(models, models.map((_, i) => ({ initSeed: i, dataSeed: 100 + i })));
  const dir = path.join(tmp, "pop");
  savePopulation(dir, pop, { task: "flipflop3", history: [[1, 2, 3]] });
  const arrays = readNpz(path.join(dir, "params.npz"));
  assert.deepEqual(arrays.weight_hh_l0!.shape, [3, 12, 4]);
  const back = loadPopulation(dir);
  assert.equal(back.size, 3);
  assert.deepEqual(back.members, pop.members);
  assert.equal(back.manifest.task, "flipflop3");
  sameParams(pop.params as Record<string, Float32Array>, back.params as Record<string, Float32Array>);
  const one = loadModel(dir, { member: 2 });
  sameParams(models[2]!.params as Record<string, Float32Array>, one.params as Record<string, Float32Array>);
  assert.deepEqual(one.meta.member, { initSeed: 2, dataSeed: 102 });
  assert.throws(() => loadModel(dir), /population of 3 networks; use loadPopulation/);
  sameParams(unstackModel(back, 1).params as Record<string, Float32Array>, models[1]!.params as Record<string, Float32Array>);
});

test("exportModel npz/safetensors with PyTorch names loads back identically (incl. leaky via its spec)", () => {
  for (const [i, spec] of SPECS.entries()) {
    const m = initModel(spec, { seed: 7 + i });
    for (const format of ["npz", "safetensors"] as const) {
      const file = path.join(tmp, `exp${i}.${format}`);
      exportModel(file, m, { format, prefix: "rnn.", readoutName: "fc" });
      const names = format === "npz" ? Object.keys(readNpz(file)) : Object.keys(readSafetensors(file).tensors);
      assert.ok(names.includes("rnn.weight_hh_l0"), names.join());
      if (spec.readout !== "state") assert.ok(names.includes("fc.weight") && names.includes("fc.bias"));
      const back = loadModel(file);
      assert.deepEqual(back.spec, m.spec, `${format} ${spec.arch}`);
      sameParams(m.params as Record<string, Float32Array>, back.params as Record<string, Float32Array>);
    }
  }
});

test("ugrnn: save → load → export → import is exact (spec, every weight's bytes, outputs); a 2N-row file is inferred as ugrnn", () => {
  const spec: ModelSpec = { arch: "ugrnn", inputSize: 2, hiddenSize: 7, outputSize: 3 };
  const m = initModel(spec, { seed: 21 });
  const dir = path.join(tmp, "ugrnn-saved");
  saveModel(dir, m, { task: "flipflop3" });
  const loaded = loadModel(dir);
  assert.deepEqual(loaded.spec, spec);
  sameParams(m.params as Record<string, Float32Array>, loaded.params as Record<string, Float32Array>);
  const inputs = Float32Array.from({ length: 2 * 9 * 2 }, (_, k) => Math.sin(k));
  const ref = runModel(m, inputs, { batch: 2, time: 9 }).outputs;
  for (const format of ["npz", "safetensors"] as const) {
    const file = path.join(tmp, `ugrnn-export.${format}`);
    exportModel(file, loaded, { format });
    const names = format === "npz" ? readNpz(file) : readSafetensors(file).tensors;
    // PyTorch-style names, 2 gate blocks [candidate, update] stacked in the rows.
    assert.deepEqual([...names.weight_hh_l0!.shape], [14, 7]);
    assert.deepEqual([...names.bias_ih_l0!.shape], [14]);
    const back = loadModel(file);
    assert.deepEqual(back.spec, spec, format);
    sameParams(m.params as Record<string, Float32Array>, back.params as Record<string, Float32Array>);
    assert.deepEqual(runModel(back, inputs, { batch: 2, time: 9 }).outputs, ref, `${format}: outputs`);
    if (format === "npz") assert.equal(JSON.parse(fs.readFileSync(file.replace(/\.npz$/, ".json"), "utf8")).arch, "ugrnn");
  }
  // Without a sidecar or spec, 2 gate blocks can only be a UGRNN: inferred, and said so.
  const plain = path.join(tmp, "ugrnn-plain.npz");
  writeNpz(plain, Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, { data: v, shape: k === "weight_ih_l0" ? [14, 2] : k === "weight_hh_l0" ? [14, 7] : k === "readout.weight" ? [3, 7] : [v.length] }])));
  const inferred = loadModel(plain);
  assert.equal(inferred.spec.arch, "ugrnn");
  assert.ok(inferred.notes.some((n) => /inferred as ugrnn/.test(n)), inferred.notes.join("; "));
  sameParams(m.params as Record<string, Float32Array>, inferred.params as Record<string, Float32Array>);
});

test("plain PyTorch-named npz: prefix, fc readout, arch inference, name map, clear errors", () => {
  const N = 3;
  const base = {
    "model.rnn.weight_ih_l0": { data: Float32Array.from({ length: 3 * N * 2 }, (_, k) => k / 10), shape: [3 * N, 2] },
    "model.rnn.weight_hh_l0": { data: new Float32Array(3 * N * N).fill(0.1), shape: [3 * N, N] },
    "model.rnn.bias_ih_l0": new Float32Array(3 * N),
    "model.rnn.bias_hh_l0": new Float32Array(3 * N),
  };
  const f1 = path.join(tmp, "plain1.npz");
  writeNpz(f1, { ...base, "model.fc.weight": { data: new Float32Array(2 * N).fill(1), shape: [2, N] }, "model.fc.bias": new Float32Array(2) });
  const m = loadModel(f1);
  assert.equal(m.format, "npz");
  assert.deepEqual(m.spec, { arch: "gru", inputSize: 2, hiddenSize: N, outputSize: 2 });
  assert.equal(m.names["readout.weight"], "model.fc.weight");
  assert.equal(m.params.weight_ih_l0![5], Math.fround(0.5));
  const f2 = path.join(tmp, "plain2.npz");
  writeNpz(f2, { ...base, "decoder.W": { data: new Float32Array(N), shape: [1, N] } });
  assert.throws(() => loadModel(f2), /no readout found.*nameMap/);
  const m2 = loadModel(f2, { nameMap: { "readout.weight": "decoder.W" } });
  assert.deepEqual(m2.notes, ["readout.bias absent (bias=False): zeros"]);
  assert.deepEqual(Array.from(m2.params["readout.bias"]!), [0]);
  // N x N recurrent weights without bias_ih: vanilla, linear and leaky all fit, so arch is required.
  const f3 = path.join(tmp, "plain3.npz");
  writeNpz(f3, {
    weight_ih_l0: { data: new Float32Array(N), shape: [N, 1] },
    weight_hh_l0: { data: new Float32Array(N * N), shape: [N, N] },
    bias_hh_l0: new Float32Array(N),
    "readout.weight": { data: new Float32Array(N), shape: [1, N] },
    "readout.bias": new Float32Array(1),
  });
  assert.throws(() => loadModel(f3), /cannot infer the architecture.*pass arch/);
  assert.equal(loadModel(f3, { arch: "leaky", dt: 0.5 }).spec.arch, "leaky");
  const f4 = path.join(tmp, "plain4.npz");
  writeNpz(f4, { ...base, "model.rnn.weight_hh_l1": { data: new Float32Array(3 * N * N), shape: [3 * N, N] } });
  assert.throws(() => loadModel(f4), /multi-layer/);
});

test("torch interop: torch.nn.RNN/GRU/LSTM state dicts saved with np.savez match torch's own forward", () => {
  const code = `
import torch, numpy as np, json, sys
torch.manual_seed(0)
out = {}
for arch, cls in [("vanilla", torch.nn.RNN), ("gru", torch.nn.GRU), ("lstm", torch.nn.LSTM)]:
    rnn = cls(3, 5, batch_first=True).double()
    fc = torch.nn.Linear(5, 2).double()
    x = torch.randn(2, 7, 3, dtype=torch.float64)
    sd = {"rnn." + k: v for k, v in rnn.state_dict().items()}
    sd.update({"fc." + k: v for k, v in fc.state_dict().items()})
    # Round to float32 first so both sides use identical weights.
    sd = {k: v.float().double() for k, v in sd.items()}
    rnn.load_state_dict({k[4:]: v for k, v in sd.items() if k.startswith("rnn.")})
    fc.load_state_dict({k[3:]: v for k, v in sd.items() if k.startswith("fc.")})
    np.savez("${tmp}/torch_" + arch + ".npz", **{k: v.numpy().astype(np.float32) for k, v in sd.items()})
    h, _ = rnn(x)
    out[arch] = {"x": x.flatten().tolist(), "y": fc(h).detach().flatten().tolist()}
print(json.dumps(out))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", code], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout) as Record<string, { x: number[]; y: number[] }>;
  for (const arch of ["vanilla", "gru", "lstm"]) {
    const m = loadModel(path.join(tmp, `torch_${arch}.npz`));
    assert.equal(m.spec.arch, arch);
    const { outputs } = runModel(m, Float64Array.from(res[arch]!.x), { batch: 2, time: 7 });
    const want = res[arch]!.y;
    assert.equal(outputs.length, want.length);
    for (let k = 0; k < want.length; k++) assert.ok(Math.abs(outputs[k]! - want[k]!) < 1e-6, `${arch}[${k}] ${outputs[k]} vs torch ${want[k]}`);
  }
});

// Populations: stacking, unstacking, mapParams and the batched reference forward.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ModelSpec } from "../../src/core/types";
import { initModel, mapParams, runModel, runPopulation, stackModels, unstackModel } from "../../src/models";

const spec: ModelSpec = { arch: "gru", inputSize: 2, hiddenSize: 5, outputSize: 1 };

test("stackModels/unstackModel round trip with [M, ...] layout", () => {
  const models = [0, 1, 2, 3].map((seed) => initModel(spec, { seed }));
  const pop = stackModels(models);
  assert.equal(pop.size, 4);
  assert.equal(pop.params.weight_hh_l0!.length, 4 * 15 * 5);
  assert.deepEqual(pop.members, [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }]);
  for (let i = 0; i < 4; i++) assert.deepEqual(unstackModel(pop, i), models[i]);
  assert.deepEqual(pop.params.bias_ih_l0!.subarray(15 * 2, 15 * 3), models[2]!.params.bias_ih_l0);
  assert.throws(() => unstackModel(pop, 4), /out of range/);
  assert.throws(() => stackModels([models[0]!, initModel({ ...spec, hiddenSize: 6 }, { seed: 0 })]), /model 1 has spec/);
  assert.throws(() => stackModels(models, [{}]), /1 members for 4 models/);
});

test("mapParams keeps shapes and works on models and populations", () => {
  const m = initModel(spec, { seed: 9 });
  const z = mapParams(m, (a) => a.map(() => 0));
  assert.ok(Object.values(z.params).every((a) => a.every((v) => v === 0)));
  const pop = stackModels([m, m]);
  const seen: Record<string, number[]> = {};
  mapParams(pop, (a, name, shape) => {
    seen[name] = shape;
    return a;
  });
  assert.deepEqual(seen.weight_ih_l0, [2, 15, 2]);
  assert.throws(() => mapParams(m, () => new Float32Array(1)), /returned 1 values for "weight_ih_l0"/);
});

test("runPopulation equals runModel per network (shared and per-network data)", () => {
  const models = [0, 1, 2].map((seed) => initModel(spec, { seed }));
  const pop = stackModels(models);
  const B = 2;
  const T = 5;
  const x = Float32Array.from({ length: 3 * B * T * 2 }, (_, k) => Math.sin(k));
  const shared = runPopulation(pop, x.subarray(0, B * T * 2), { batch: B, time: T });
  const per = runPopulation(pop, x, { batch: B, time: T, perNetworkData: true });
  for (let m = 0; m < 3; m++) {
    const r0 = runModel(models[m]!, x.subarray(0, B * T * 2), { batch: B, time: T });
    const r1 = runModel(models[m]!, x.subarray(m * B * T * 2, (m + 1) * B * T * 2), { batch: B, time: T });
    assert.deepEqual(shared.outputs.subarray(m * B * T, (m + 1) * B * T), r0.outputs);
    assert.deepEqual(per.outputs.subarray(m * B * T, (m + 1) * B * T), r1.outputs);
    assert.deepEqual(per.states.subarray(m * B * T * 5, (m + 1) * B * T * 5), r1.states);
  }
});

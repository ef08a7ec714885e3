// A tiny UGRNN population learns the 3-bit flip-flop: training lowers the validation error far below
// that of the initial weights, with the JS kernel and (when built) the native one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable } from "../../src/kernels/native";
import { runModel, unstackModel } from "../../src/models";
import { getTask } from "../../src/tasks";
import { trainPopulation } from "../../src/train";

const kernels = [jsKernel, ...(nativeKernelAvailable() ? [makeNativeKernel(2)] : [])];

for (const kernel of kernels) {
  test(`ugrnn N=8 on flipflop3 (${kernel.name} kernel): 150 updates cut the validation MSE at least tenfold (measured: ≈ 1.03 → 0.009)`, { timeout: 5 * 60 * 1000 }, async () => {
    const task = getTask("flipflop3", { time: 30 });
    const res = await trainPopulation({
      task,
      spec: { arch: "ugrnn", hiddenSize: 8 },
      networks: 2,
      seed: 4,
      lr: 0.02,
      clipNorm: 1,
      data: { batch: 16 },
      kernel,
      stop: { maxUpdates: 150 },
    });
    assert.equal(res.spec.arch, "ugrnn");
    const val = task.validation();
    for (let i = 0; i < 2; i++) {
      const mse = (p: typeof res.population) => task.score(val, runModel(unstackModel(p, i), val.inputs, { batch: val.batch, time: val.time }).outputs).mse;
      const before = mse(res.initial);
      const after = mse(res.population);
      assert.ok(Number.isFinite(after) && after < 0.1 * before, `net ${i}: validation MSE ${before} → ${after}`);
      // The training init is the arch's default: update-gate bias around +1.
      const b = unstackModel(res.initial, i).params.bias_ih_l0!;
      let mean = 0;
      for (let j = 8; j < 16; j++) mean += b[j]! / 8;
      assert.ok(Math.abs(mean - 1) < 0.4, `net ${i}: mean initial update-gate bias ${mean}`);
    }
  });
}

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KernelRequest } from "../../src/kernels/types";
import { NonFiniteError, trainPopulation, type ProgressInfo } from "../../src/train";
import { FAKE_SPEC, fakeKernel, fakeTask } from "./fakes";

const spec = { arch: FAKE_SPEC.arch, hiddenSize: FAKE_SPEC.hiddenSize };

test("target loss: each network stops on its own; finished networks are no longer computed", async () => {
  const kernel = fakeKernel({ centre: 0.5 });
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 3,
    seed: 1,
    lr: [0.05, 0.005, 0.05],
    kernel,
    stop: { targetLoss: 1e-3, maxEpochs: 400 },
  });
  assert.equal(res.networks[0]!.stopReason, "target-loss");
  assert.equal(res.networks[2]!.stopReason, "target-loss");
  for (const n of res.networks) if (n.stopReason === "target-loss") assert.ok(n.bestLoss < 1e-3);
  const fast = Math.max(res.networks[0]!.epochs, res.networks[2]!.epochs);
  assert.ok(res.networks[1]!.epochs > fast, `slow net trained ${res.networks[1]!.epochs} epochs, fast ones ${fast}`);
  // after both fast networks stopped, the kernel was called with one network only
  assert.equal(kernel.seen[kernel.seen.length - 1]!.length, 1);
  assert.equal(kernel.seen[0]!.length, 3);
  assert.equal(res.histories[0]!.loss.length, res.networks[0]!.epochs);
  assert.ok(res.histories[0]!.loss[0]! > res.histories[0]!.loss[res.networks[0]!.epochs - 1]!);
});

test("budgets: maxEpochs and maxUpdates stop every network with the matching reason", async () => {
  const a = await trainPopulation({ task: fakeTask(), spec, networks: 2, seed: 1, kernel: fakeKernel(), stop: { maxEpochs: 7 } });
  assert.deepEqual(a.networks.map((n) => [n.stopReason, n.epochs, n.updates]), [["max-epochs", 7, 7], ["max-epochs", 7, 7]]);
  const b = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 1,
    kernel: fakeKernel(),
    data: { mode: "fixed", trainSize: 10, batch: 4 },
    stop: { maxUpdates: 7 },
  });
  assert.deepEqual(b.networks.map((n) => [n.stopReason, n.updates]), [["max-updates", 7], ["max-updates", 7]]);
  assert.equal(b.epochs, 3); // 3 updates per epoch: 3 + 3 + 1
});

test("patience: a network whose loss never improves stops after `patience` epochs", async () => {
  const kernel = fakeKernel({ centre: 0.5, script: (_c, m, _l, M) => (m === 0 && M === 2 ? 1 : undefined) });
  const res = await trainPopulation({ task: fakeTask(), spec, networks: 2, seed: 3, kernel, stop: { patience: 5, maxEpochs: 50 } });
  assert.equal(res.networks[0]!.stopReason, "patience");
  assert.equal(res.networks[0]!.epochs, 6); // epoch 0 sets the best, 5 more without improvement
  assert.equal(res.networks[0]!.bestEpoch, 0);
  assert.equal(res.networks[1]!.stopReason, "max-epochs");
});

test("failure rule and discard rule", async () => {
  const kernel = fakeKernel({ centre: 0.5, script: (_c, m) => (m === 1 ? 0.5 : undefined) });
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 3,
    lr: 0.05,
    kernel,
    stop: { maxEpochs: 60, fail: { afterEpoch: 30, lossAbove: 0.1 }, discardAbove: 0.01 },
  });
  assert.equal(res.networks[1]!.stopReason, "failed-loss");
  assert.equal(res.networks[1]!.epochs, 30);
  assert.equal(res.networks[0]!.epochs, 60);
  assert.equal(res.networks[1]!.discarded, true);
  assert.equal(res.networks[0]!.stopReason, "max-epochs");
  assert.equal(res.networks[0]!.discarded, res.networks[0]!.bestLoss > 0.01);
});

test("blow-up: best weights restored, Adam reset, lr lowered (only for the network that blew up)", async () => {
  const seenParams: Array<Record<string, Float32Array>> = [];
  const inner = fakeKernel({ centre: 0.5, script: (c, m) => (c === 6 && m === 0 ? 100 : undefined) });
  const kernel = {
    ...inner,
    lossAndGrad(req: KernelRequest) {
      const copy: Record<string, Float32Array> = {};
      for (const [k, v] of Object.entries(req.params)) copy[k] = v.slice();
      seenParams.push(copy);
      return inner.lossAndGrad(req);
    },
  };
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 5,
    lr: 0.01,
    kernel,
    blowup: { factor: 3, lrFactor: 0.5 },
    stop: { maxEpochs: 10 },
  });
  assert.equal(res.networks[0]!.restores, 1);
  assert.deepEqual(res.histories[0]!.restores, [6]);
  assert.equal(res.networks[0]!.lr, 0.005);
  assert.equal(res.networks[1]!.restores, 0);
  assert.equal(res.networks[1]!.lr, 0.01);
  assert.deepEqual(res.histories[0]!.lr.slice(5, 8), [0.01, 0.01, 0.005]);
  // epoch 5 was the best; its loss was measured on the params fed to update 5, so those are the best
  // weights, and the restore feeds them to update 7
  for (const name of Object.keys(seenParams[7]!)) {
    const per = seenParams[7]![name]!.length / 2;
    assert.deepEqual(seenParams[7]![name]!.subarray(0, per), seenParams[5]![name]!.subarray(0, per), name);
    assert.notDeepEqual(seenParams[7]![name]!.subarray(per), seenParams[6]![name]!.subarray(per), name);
  }
});

test("NaN/Inf: clear error naming network, epoch, update and array", async () => {
  await assert.rejects(
    trainPopulation({
      task: fakeTask(),
      spec,
      networks: 3,
      seed: 1,
      kernel: fakeKernel({ nanGrad: { call: 4, m: 1, name: "weight_hh_l0" } }),
      stop: { maxEpochs: 10 },
    }),
    (e: unknown) => {
      assert.ok(e instanceof NonFiniteError);
      assert.equal(e.network, 1);
      assert.equal(e.update, 4);
      assert.equal(e.array, "weight_hh_l0");
      assert.match(e.message, /network 1 .*non-finite gradient at epoch 4, update 4: weight_hh_l0\[1\] = NaN/);
      assert.match(e.message, /onNonFinite/);
      return true;
    },
  );
  await assert.rejects(
    trainPopulation({
      task: fakeTask(),
      spec,
      networks: 2,
      seed: 1,
      kernel: fakeKernel({ script: (c, m) => (c === 2 && m === 0 ? Infinity : undefined) }),
      stop: { maxEpochs: 10 },
    }),
    /network 0 .*non-finite loss at epoch 2, update 2: loss = Infinity/,
  );
});

test("NaN/Inf with onNonFinite 'mark-failed': that network stops, the others finish", async () => {
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 3,
    seed: 1,
    kernel: fakeKernel({ nanGrad: { call: 4, m: 1, name: "bias_hh_l0" } }),
    onNonFinite: "mark-failed",
    stop: { maxEpochs: 10 },
  });
  assert.equal(res.networks[1]!.stopReason, "non-finite");
  assert.equal(res.networks[1]!.discarded, true);
  assert.match(res.networks[1]!.error!, /bias_hh_l0/);
  assert.equal(res.networks[1]!.epochs, 4);
  assert.equal(res.networks[0]!.epochs, 10);
  assert.equal(res.networks[2]!.stopReason, "max-epochs");
  for (const a of Object.values(res.population.params)) for (const x of a) assert.ok(Number.isFinite(x));
});

test("sameInit / sameData: which arrays are equal", async () => {
  const run = async (sameInit: boolean, sameData: boolean) => {
    const kernel = fakeKernel();
    const res = await trainPopulation({ task: fakeTask(), spec, networks: 3, seed: 9, sameInit, sameData, kernel, stop: { maxEpochs: 2 } });
    const w = res.initial.params["weight_hh_l0"]!;
    const per = w.length / 3;
    const initEqual = [1, 2].map((i) => w.subarray(i * per, (i + 1) * per).every((x, k) => x === w[k]));
    const centres = kernel.seen[0]!;
    return { res, initEqual, dataEqual: centres.every((c) => c === centres[0]) };
  };
  const a = await run(true, false);
  assert.deepEqual(a.initEqual, [true, true]);
  assert.equal(a.dataEqual, false);
  assert.equal(new Set(a.res.networks.map((n) => n.initSeed)).size, 1);
  assert.equal(new Set(a.res.networks.map((n) => n.dataSeed)).size, 3);
  // same init + different data ⇒ different trained weights
  const wa = a.res.population.params["weight_hh_l0"]!;
  assert.notDeepEqual(wa.subarray(0, 4), wa.subarray(4, 8));
  const b = await run(false, true);
  assert.deepEqual(b.initEqual, [false, false]);
  assert.equal(b.dataEqual, true);
  assert.equal(new Set(b.res.networks.map((n) => n.dataSeed)).size, 1);
  const c = await run(false, false);
  assert.deepEqual(c.initEqual, [false, false]);
  assert.equal(c.dataEqual, false);
});

test("fixed training set: every trial once per epoch, reshuffled each epoch", async () => {
  const batches: Float32Array[] = [];
  const inner = fakeKernel();
  const kernel = {
    ...inner,
    lossAndGrad(req: KernelRequest) {
      batches.push(req.data.inputs.slice());
      return inner.lossAndGrad(req);
    },
  };
  await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 1,
    seed: 2,
    kernel,
    data: { mode: "fixed", trainSize: 8, batch: 3 },
    stop: { maxEpochs: 2 },
  });
  assert.equal(batches.length, 6);
  assert.deepEqual(batches.map((b) => b.length / 3), [3, 3, 2, 3, 3, 2]);
  const firstValues = (bs: Float32Array[]) => bs.flatMap((b) => Array.from({ length: b.length / 3 }, (_, i) => b[i * 3]!));
  const e0 = firstValues(batches.slice(0, 3));
  const e1 = firstValues(batches.slice(3));
  assert.deepEqual([...e0].sort(), [...e1].sort());
  assert.equal(new Set(e0).size, 8);
  assert.notDeepEqual(e0, e1);
});

test("target accuracy via task.score on the validation set; progress callback", async () => {
  const infos: ProgressInfo[] = [];
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 4,
    lr: 0.05,
    kernel: fakeKernel({ centre: 0.5 }),
    stop: { targetAccuracy: 1, maxEpochs: 500 },
    onProgress: (i) => infos.push(i),
  });
  for (const n of res.networks) {
    assert.equal(n.stopReason, "target-accuracy");
    assert.equal(n.accuracy, 1);
  }
  assert.ok(res.histories[0]!.validation.length >= 1);
  assert.equal(infos.length, res.epochs + 1);
  assert.equal(infos[infos.length - 1]!.done, true);
  assert.equal(infos[0]!.epoch, 1);
  assert.equal(infos[0]!.loss.length, 2);
  assert.ok(infos[3]!.etaMs !== undefined && infos[3]!.etaMs >= 0);
});

test("trainable masks freeze parameters; improvement checkpoints kept in memory", async () => {
  const res = await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 4,
    lr: 0.05,
    kernel: fakeKernel(),
    trainable: { weight_ih_l0: false, weight_hh_l0: Float32Array.of(1, 0, 0, 1) },
    checkpointEvery: 3,
    stop: { maxEpochs: 12 },
  });
  const init = res.initial.params;
  const fin = res.population.params;
  assert.deepEqual(fin["weight_ih_l0"], init["weight_ih_l0"]);
  const w0 = init["weight_hh_l0"]!;
  const w1 = fin["weight_hh_l0"]!;
  for (const k of [1, 2, 5, 6]) assert.equal(w1[k], w0[k], `frozen entry ${k}`);
  for (const k of [0, 3, 4, 7]) assert.notEqual(w1[k], w0[k], `trained entry ${k}`);
  assert.ok(res.checkpoints.length >= 2);
  const cp = res.checkpoints[0]!;
  assert.ok(cp.params && cp.params["weight_hh_l0"]!.length === 4);
  assert.ok(res.checkpoints.every((c) => c.epoch >= 0 && Number.isFinite(c.loss)));
});

test("bad options give clear errors", async () => {
  await assert.rejects(trainPopulation({ task: fakeTask(), spec, networks: 0, seed: 1, kernel: fakeKernel(), stop: { maxEpochs: 1 } }), /networks must be a positive integer/);
  await assert.rejects(trainPopulation({ task: fakeTask(), spec, networks: 1, seed: 1, kernel: fakeKernel() }), /stop: give at least one/);
  await assert.rejects(
    trainPopulation({ task: fakeTask(), spec, networks: 1, seed: 1, kernel: fakeKernel(), trainable: { nope: false }, stop: { maxEpochs: 1 } }),
    /unknown parameter "nope"/,
  );
  await assert.rejects(
    trainPopulation({ task: fakeTask(), spec: { ...spec, inputSize: 3 }, networks: 1, seed: 1, kernel: fakeKernel(), stop: { maxEpochs: 1 } }),
    /inputSize 3/,
  );
});

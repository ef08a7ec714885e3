import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jsKernel } from "../../src/kernels";
import { readNpz } from "../../src/io";
import { readTrainSnapshot, trainPopulation, type TrainOptions, type TrainResult } from "../../src/train";

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-train-"));

/** Everything in a result except wall-clock timings. */
function numbers(r: TrainResult): unknown {
  return { params: r.population.params, nets: r.networks, hist: r.histories, epochs: r.epochs, updates: r.updates, cps: r.checkpoints.map((c) => [c.network, c.epoch, c.loss, path.basename(c.path ?? "")]) };
}

async function killAndResume(base: Omit<TrainOptions, "outDir" | "resume">, killAtEpoch: number): Promise<void> {
  const dirA = tmp();
  const dirB = tmp();
  const full = await trainPopulation({ ...base, outDir: dirA });
  await assert.rejects(
    trainPopulation({
      ...base,
      outDir: dirB,
      onProgress: (i) => {
        if (i.epoch === killAtEpoch) throw new Error("simulated kill");
      },
    }),
    /simulated kill/,
  );
  const snap = readTrainSnapshot(dirB);
  assert.ok(snap, "a snapshot exists after the kill");
  assert.ok(snap.meta.epoch < killAtEpoch && snap.meta.epoch > 0, `snapshot epoch ${snap.meta.epoch}`);
  assert.equal(snap.meta.done, false);
  const resumed = await trainPopulation({ ...base, outDir: dirB, resume: true });
  assert.equal(resumed.resumedFromEpoch, snap.meta.epoch);
  assert.deepEqual(numbers(resumed), numbers(full));
  // resuming a finished run returns the same numbers without training
  const again = await trainPopulation({ ...base, outDir: dirB, resume: true });
  assert.deepEqual(numbers(again), numbers(full));
  // snapshot files: pointer + one complete snapshot, no temp files left behind
  const files = fs.readdirSync(path.join(dirB, "state")).sort();
  assert.equal(files.length, 3, files.join(","));
  assert.ok(files.includes("latest.json"));
  const latest = JSON.parse(fs.readFileSync(path.join(dirB, "state", "latest.json"), "utf8"));
  const arrays = readNpz(path.join(dirB, "state", `${latest.file}.npz`));
  assert.ok(arrays["params/weight_hh_l0"] && arrays["adam_m/weight_hh_l0"] && arrays["best/weight_hh_l0"] && arrays["initial/weight_hh_l0"]);
}

test("resume after a kill is bit-identical (fresh batches, per-network data, checkpoints on disk)", async () => {
  await killAndResume(
    {
      task: "flipflop3",
      spec: { arch: "vanilla", hiddenSize: 8 },
      networks: 3,
      seed: 11,
      kernel: jsKernel,
      data: { batch: 4 },
      lr: 0.01,
      checkpointEvery: 3,
      snapshotEvery: 4,
      stop: { maxEpochs: 20 },
    },
    10,
  );
});

test("resume is bit-identical with a fixed training set, clipping, blow-up restores and shared data", async () => {
  await killAndResume(
    {
      task: "flipflop3",
      spec: { arch: "gru", hiddenSize: 6 },
      networks: 2,
      seed: 5,
      sameData: true,
      kernel: jsKernel,
      data: { mode: "fixed", trainSize: 10, batch: 4 },
      lr: 0.05,
      clipNorm: 0.5,
      blowup: { factor: 1.02, lrFactor: 0.7 },
      snapshotEvery: 3,
      stop: { maxEpochs: 12 },
    },
    8,
  );
});

test("resume refuses different options and needs outDir", async () => {
  const dir = tmp();
  const base: TrainOptions = { task: "flipflop3", spec: { arch: "vanilla", hiddenSize: 4 }, networks: 2, seed: 1, kernel: jsKernel, data: { batch: 2 }, snapshotEvery: 1, stop: { maxEpochs: 2 } };
  await trainPopulation({ ...base, outDir: dir });
  await assert.rejects(trainPopulation({ ...base, seed: 2, outDir: dir, resume: true }), /cannot resume .*seed: saved 1, now 2/);
  await assert.rejects(trainPopulation({ ...base, resume: true }), /resume: true needs outDir/);
});

test("resume with a larger budget continues networks that ran out of budget", async () => {
  const dir = tmp();
  const base: TrainOptions = { task: "flipflop3", spec: { arch: "vanilla", hiddenSize: 4 }, networks: 2, seed: 1, kernel: jsKernel, data: { batch: 2 }, snapshotEvery: 5, stop: { maxEpochs: 6 } };
  const first = await trainPopulation({ ...base, outDir: dir });
  assert.equal(first.epochs, 6);
  const longer = await trainPopulation({ ...base, stop: { maxEpochs: 10 }, outDir: dir, resume: true });
  assert.equal(longer.epochs, 10);
  assert.deepEqual(longer.networks.map((n) => [n.epochs, n.stopReason]), [[10, "max-epochs"], [10, "max-epochs"]]);
  const straight = await trainPopulation({ ...base, stop: { maxEpochs: 10 }, outDir: tmp() });
  assert.deepEqual(longer.population.params, straight.population.params);
});

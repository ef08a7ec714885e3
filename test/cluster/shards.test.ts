/**
 * Sharding without a cluster: a shard trains to the same bytes as the same networks in the whole
 * population, the shard worker + gather (what a Slurm array does, run here one shard at a time)
 * reproduce a local run's files, and bad executor input is refused by name.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { trainPopulation } from "../../src/train/trainPopulation";
import { slurm } from "../../src/cluster/executor";
import { arraySpec, planShards, shardSizeFromCost } from "../../src/cluster/shardPlan";
import { portableOptions, writePlan, type Plan } from "../../src/cluster/shardedRun";
import { runShard } from "../../src/cluster/shardWorker";
import { gatherShards } from "../../src/cluster/gather";
import { saveTrainResult } from "../../src/train/runFiles";
import { getTask } from "../../src/tasks";
import type { TrainOptions } from "../../src/train/types";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-shards-"));
const sha = (f: string): string => createHash("sha256").update(fs.readFileSync(f)).digest("hex");

const BASE: TrainOptions = {
  task: "flipflop3",
  spec: { arch: "gru", hiddenSize: 10 },
  networks: 5,
  seed: 11,
  data: { batch: 8 },
  lr: 5e-3,
  stop: { maxUpdates: 30, targetLoss: 0.5 },
  blowup: {},
};

/** The bytes of networks `which` of a population, per parameter, as one digest. */
function digest(params: Record<string, Float32Array>, size: number, which: number[]): string {
  const h = createHash("sha256");
  for (const name of Object.keys(params).sort()) {
    const a = params[name]!;
    const n = a.length / size;
    for (const i of which) h.update(Buffer.from(a.buffer, a.byteOffset + i * n * 4, n * 4));
  }
  return h.digest("hex");
}

test("a shard (members) trains its networks to the same bytes as the whole population does", async () => {
  const all = await trainPopulation(BASE);
  const a = await trainPopulation({ ...BASE, members: [0, 3] });
  const b = await trainPopulation({ ...BASE, members: [1, 2, 4] });
  assert.equal(digest(a.population.params, 2, [0, 1]), digest(all.population.params, 5, [0, 3]));
  assert.equal(digest(b.population.params, 3, [0, 1, 2]), digest(all.population.params, 5, [1, 2, 4]));
  assert.deepEqual(a.networks.map((n) => n.index), [0, 3]);
  assert.deepEqual(b.histories[2]!.loss, all.histories[4]!.loss);
  assert.deepEqual(a.population.members.map((m) => (m as { initSeed: number }).initSeed), [all.networks[0]!.initSeed, all.networks[3]!.initSeed]);
});

test("bad members are refused by name", async () => {
  await assert.rejects(trainPopulation({ ...BASE, members: [] }), /members is empty/);
  await assert.rejects(trainPopulation({ ...BASE, members: [0, 5] }), /members\[1\] = 5 is not a network index of a population of 5/);
  await assert.rejects(trainPopulation({ ...BASE, members: [2, 1] }), /strictly increasing/);
});

test("shard plans: contiguous, complete, sized from cost; sbatch array lists", () => {
  const s = planShards(10, 4);
  assert.deepEqual(s.map((x) => x.members), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.equal(shardSizeFromCost(60_000, 100, 20 * 60_000), 20);
  assert.equal(shardSizeFromCost(60 * 60_000, 100, 20 * 60_000), 1); // a network longer than the target: one per task
  assert.equal(shardSizeFromCost(1, 7, 20 * 60_000), 7);
  assert.equal(arraySpec([0, 1, 2, 5, 7, 8]), "0-2,5,7-8");
  assert.equal(arraySpec([3]), "3");
});

test("slurm() options and non-portable training options are refused with the fix", () => {
  assert.throws(() => slurm({ cpusPerTask: 0 }), /cpusPerTask.*positive integer/);
  assert.throws(() => slurm({ timeLimit: "an hour" }), /not a Slurm time/);
  assert.throws(() => slurm({ extraArgs: ["--array=0-3"] }), /set by rnn-atlas/);
  assert.throws(() => slurm({ extraArgs: ["qos"] }), /takes sbatch options/);
  const custom = { name: "mine", inputSize: 1, outputSize: 1, trials: () => { throw new Error("x"); } };
  assert.throws(() => portableOptions({ ...BASE, task: custom as unknown as TrainOptions["task"], outDir: "/x" }), /not a registered task/);
  assert.throws(() => portableOptions({ ...BASE }), /outDir: the Slurm executor needs a run folder on storage that every node sees/);
  const p = portableOptions({ ...BASE, task: getTask("rsg", { highTs: 40 } as never), outDir: "/x" });
  assert.equal(p.task.name, "rsg");
  assert.equal((p.task.options as { highTs?: number }).highTs, 40);
});

test("the shard worker + gather reproduce a local run's weight file byte for byte", async () => {
  const dir = tmp();
  const local = path.join(dir, "local");
  const r = spawnSync(process.execPath, [CLI, "train", "--task", "flipflop3", "--arch", "gru", "--units", "10", "--networks", "5", "--seed", "11", "--batch", "8", "--lr", "0.005", "--steps", "30", "--out", local, "--quiet"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  // The same options the CLI builds, sharded by hand: what the array tasks do on the nodes.
  const sharded = path.join(dir, "sharded");
  const opts: TrainOptions = { task: "flipflop3", spec: { arch: "gru", hiddenSize: 10 }, networks: 5, seed: 11, sameInit: false, sameData: false, data: { mode: "fresh", batch: 8 }, lr: 0.005, stop: { maxUpdates: 30 }, snapshotEvery: 50, outDir: sharded };
  const plan: Plan = { format: "rnn-atlas-sharded-run", version: 1, kind: "train", options: portableOptions(opts), shards: planShards(5, 2), slurm: {}, token: "t0", jobs: [] };
  fs.mkdirSync(sharded, { recursive: true });
  writePlan(sharded, plan);
  for (const s of plan.shards) await runShard(sharded, s.index, "t0");
  saveTrainResult(sharded, gatherShards(sharded, plan));
  assert.equal(sha(path.join(sharded, "params.npz")), sha(path.join(local, "params.npz")));
  const a = JSON.parse(fs.readFileSync(path.join(local, "training.json"), "utf8"));
  const b = JSON.parse(fs.readFileSync(path.join(sharded, "training.json"), "utf8"));
  assert.deepEqual(b.networks, a.networks);
  assert.deepEqual(b.histories, a.histories);
  await assert.rejects(runShard(sharded, 0, "other"), /another submission \(token mismatch\)/);
  await assert.rejects(runShard(path.join(dir, "nowhere"), 0, "t0"), /not visible on .*shared storage/s);
});

test("CLI: Slurm options need --executor slurm; status/gather need a sharded run", () => {
  const dir = tmp();
  const bad = spawnSync(process.execPath, [CLI, "train", "--task", "flipflop3", "--arch", "gru", "--units", "4", "--out", path.join(dir, "x"), "--partition", "gpu"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--partition is a Slurm option: add --executor slurm/);
  const st = spawnSync(process.execPath, [CLI, "status", dir], { encoding: "utf8" });
  assert.equal(st.status, 2);
  assert.match(st.stderr, /holds no sharded run/);
});

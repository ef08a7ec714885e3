/**
 * The Slurm executor on a real (one-node, project-local) Slurm cluster: kernel-helpers/slurm-local.sh
 * brings it up where it can (root, Debian: CI). Where it cannot, these tests are skipped and say why.
 *
 * What is checked: a population trained as a job array is byte-identical to the local run; a shard
 * cancelled by scancel is reported by shard and networks, and --resume resubmits only that shard; a
 * second driver on the same folder is refused; a killed driver's run is re-attached by
 * `gather --wait`; `status` reads where shards stand.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { trainPopulation } from "../../src/train/trainPopulation";
import { slurm } from "../../src/cluster/executor";
import { readPlan } from "../../src/cluster/shardedRun";
import { planShards, shardSizeFromCost } from "../../src/cluster/shardPlan";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const SCRIPT = path.join(ROOT, "kernel-helpers", "slurm-local.sh");
const CLUSTER_DIR = path.join(ROOT, "test-output", "slurm-cluster");
// Run folders sit in the checkout, not /tmp: the shape a real cluster needs (shared storage).
const WORK = path.join(ROOT, "test-output", "slurm-runs");
const env = { ...process.env, RNN_ATLAS_SLURM_DIR: CLUSTER_DIR, SLURM_CONF: path.join(CLUSTER_DIR, "slurm.conf") };
const sha = (f: string): string => createHash("sha256").update(fs.readFileSync(f)).digest("hex");

let skip: string | false = "not started";
let startedHere = false;

before(() => {
  process.env.SLURM_CONF = env.SLURM_CONF; // the in-process driver (library path) runs sbatch too
  const status = spawnSync("bash", [SCRIPT, "status"], { env, encoding: "utf8" });
  if (status.status === 0) {
    skip = false;
    return;
  }
  const r = spawnSync("bash", [SCRIPT, "start"], { env, encoding: "utf8", timeout: 5 * 60_000 });
  if (r.status === 0) {
    skip = false;
    startedHere = true;
  } else {
    skip = `the local Slurm cluster could not start: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
    console.log(`# SKIPPED the Slurm tests: ${skip}`);
  }
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
});

after(() => {
  if (startedHere) spawnSync("bash", [SCRIPT, "stop"], { env });
});

const TRAIN = ["train", "--task", "flipflop3", "--arch", "gru", "--units", "10", "--networks", "6", "--seed", "7", "--batch", "8", "--lr", "0.005", "--steps", "300", "--quiet"];

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env, timeout: 5 * 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function background(...args: string[]): { child: ChildProcess; done: Promise<{ code: number; err: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  child.stdout!.resume();
  const done = new Promise<{ code: number; err: string }>((r) => child.on("exit", (code) => r({ code: code ?? -1, err })));
  return { child, done };
}

async function until<T>(what: string, f: () => T | null | undefined, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let localSha = "";
let localTraining: { networks: unknown; histories: unknown } | null = null;
function reference(): string {
  if (!localSha) {
    const dir = path.join(WORK, "local");
    const r = cli(...TRAIN, "--out", dir);
    assert.equal(r.code, 0, r.err);
    localSha = sha(path.join(dir, "params.npz"));
    localTraining = JSON.parse(fs.readFileSync(path.join(dir, "training.json"), "utf8"));
  }
  return localSha;
}

test("a job array trains the same bytes as the local run (CLI), and so does trainPopulation({ executor: slurm() })", async (t) => {
  if (skip) return t.skip(skip);
  const dir = path.join(WORK, "same");
  const r = cli(...TRAIN, "--out", dir, "--executor", "slurm", "--networks-per-shard", "2", "--poll-ms", "300");
  assert.equal(r.code, 0, r.err);
  assert.equal(sha(path.join(dir, "params.npz")), reference());
  const got = JSON.parse(fs.readFileSync(path.join(dir, "training.json"), "utf8"));
  assert.deepEqual(got.networks, localTraining!.networks);
  assert.deepEqual(got.histories, localTraining!.histories);
  const plan = readPlan(dir)!;
  assert.deepEqual(plan.jobs.map((j) => j.shards), [[0, 1, 2]]);
  for (const k of [0, 1, 2]) assert.match(fs.readFileSync(path.join(dir, "logs", `shard-${k}.out`), "utf8"), new RegExp(`shard ${k}: trained networks`));

  // Library path, shard size chosen from the measured cost of one network.
  const opts = { task: "flipflop3", spec: { arch: "gru" as const, hiddenSize: 10 }, networks: 6, seed: 7, data: { mode: "fresh" as const, batch: 8 }, lr: 0.005, stop: { maxUpdates: 300 } };
  const lib = await trainPopulation({ ...opts, outDir: path.join(WORK, "lib"), executor: slurm({ pollMs: 300, targetShardMinutes: 0.01 }) });
  const here = await trainPopulation(opts);
  for (const [name, a] of Object.entries(here.population.params)) assert.deepEqual(Buffer.from(lib.population.params[name]!.buffer), Buffer.from(a.buffer), name);
  const libPlan = readPlan(path.join(WORK, "lib"))!;
  assert.ok(libPlan.msPerNetwork! > 0);
  assert.deepEqual(libPlan.shards, planShards(6, shardSizeFromCost(libPlan.msPerNetwork!, 6, 0.01 * 60_000)));
});

test("a cancelled shard is reported by shard and networks; --resume resubmits only it and never recomputes the others", async (t) => {
  if (skip) return t.skip(skip);
  const dir = path.join(WORK, "cancel");
  // One task at a time: shard 2 is still pending when it is cancelled.
  const run = background(...TRAIN, "--out", dir, "--executor", "slurm", "--networks-per-shard", "2", "--max-parallel", "1", "--poll-ms", "200");
  const job = await until("the submission", () => readPlan(dir)?.jobs[0]?.id);
  const c = spawnSync("scancel", [`${job}_2`], { env, encoding: "utf8" });
  assert.equal(c.status, 0, c.stderr);
  const res = await run.done;
  assert.equal(res.code, 1, res.err);
  assert.match(res.err, new RegExp(`shard 2 \\(networks 4–5, job ${job}_2\\)`));
  assert.match(res.err, /--resume/);
  const before = [0, 1].map((k) => fs.readFileSync(path.join(dir, "shards", String(k).padStart(4, "0"), "done.json"), "utf8"));
  const mtimes = [0, 1].map((k) => fs.statSync(path.join(dir, "shards", String(k).padStart(4, "0"), "done.json")).mtimeMs);

  const again = cli(...TRAIN, "--out", dir, "--executor", "slurm", "--networks-per-shard", "2", "--poll-ms", "200", "--resume");
  assert.equal(again.code, 0, again.err);
  const plan = readPlan(dir)!;
  assert.deepEqual(plan.jobs.map((j) => j.shards), [[0, 1, 2], [2]]);
  [0, 1].forEach((k, i) => {
    const f = path.join(dir, "shards", String(k).padStart(4, "0"), "done.json");
    assert.equal(fs.readFileSync(f, "utf8"), before[i]);
    assert.equal(fs.statSync(f).mtimeMs, mtimes[i]);
  });
  assert.equal(sha(path.join(dir, "params.npz")), reference());
});

test("a second driver is refused; a killed driver's run is re-attached by gather --wait; status says where shards stand", async (t) => {
  if (skip) return t.skip(skip);
  const dir = path.join(WORK, "reattach");
  const run = background(...TRAIN, "--out", dir, "--executor", "slurm", "--networks-per-shard", "2", "--max-parallel", "1", "--poll-ms", "200");
  await until("the submission", () => readPlan(dir)?.jobs[0]?.id);
  const second = cli("gather", dir, "--wait");
  assert.equal(second.code, 2);
  assert.match(second.err, new RegExp(`being written by process ${run.child.pid}`));
  run.child.kill("SIGKILL");
  await run.done;
  const st = cli("status", dir);
  assert.equal(st.code, 0, st.err);
  assert.match(st.out, /6 networks in 3 shard\(s\)/);
  assert.match(st.out, /shard +2 +networks 4–5 +(pending|running|done)/);
  const g = cli("gather", dir, "--wait", "--poll-ms", "200", "--quiet");
  assert.equal(g.code, 0, g.err);
  assert.match(g.out, /gathered 6 network\(s\) from 3 shard\(s\)/);
  assert.equal(sha(path.join(dir, "params.npz")), reference());
  const again = cli("status", dir);
  assert.match(again.out, /shards: 3 done/);
});

test("a solution population (discard and retrain rounds) trained on Slurm is the local one", async (t) => {
  if (skip) return t.skip(skip);
  const { trainSolutionPopulation } = await import("../../src/experiments/turnerPopulation");
  const { RSG_SHORT } = await import("../../src/solutions/population/task");
  const base = {
    task: "rsg" as const,
    taskOptions: RSG_SHORT,
    arch: "vanilla" as const,
    sizes: [3],
    networksPerSize: 4,
    seed: 5,
    rules: { maxEpochs: 4, validateEvery: 2, targetAccuracy: undefined, minAccuracy: undefined, fail: undefined, trainSize: 32 },
    maxRetrainRounds: 2,
  };
  const lax = await trainSolutionPopulation(base);
  const losses = lax.networks.map((n) => n.record.bestLoss).sort((a, b) => a - b);
  const rules = { ...base.rules, discardAbove: (losses[1]! + losses[2]!) / 2 }; // two kept, two retrained
  const here = await trainSolutionPopulation({ ...base, rules });
  const there = await trainSolutionPopulation({ ...base, rules, outDir: path.join(WORK, "solpop"), executor: slurm({ networksPerShard: 2, pollMs: 200 }) });
  assert.ok(here.rounds.length >= 2, "the cut forces a retrain round");
  const numbers = (p: typeof here) => ({
    nets: p.networks.map((n) => ({ id: n.id, round: n.round, params: Object.fromEntries(Object.entries(n.model.params).map(([k, v]) => [k, Buffer.from(v.buffer).toString("hex")])), rec: n.record, acc: n.accuracy })),
    discarded: p.discarded,
    rounds: p.rounds.map((r) => [r.size, r.round, r.trained, r.kept]),
  });
  assert.deepEqual(numbers(there), numbers(here));

  // The population analyses on the saved population: graphs and types, features.
  const { typePopulation } = await import("../../src/solutions/population/typing");
  const { populationFeatures } = await import("../../src/solutions/population/features");
  const typesHere = typePopulation(here);
  const typesThere = await typePopulation(there, { executor: slurm({ networksPerShard: 1, pollMs: 200 }) });
  assert.deepEqual(typesThere.typeOf, typesHere.typeOf);
  assert.deepEqual(typesThere.graphs.map((g) => g && JSON.stringify(g.toJSON())), typesHere.graphs.map((g) => g && JSON.stringify(g.toJSON())));
  assert.deepEqual(typesThere.failures, typesHere.failures);
  const analyses = fs.readdirSync(path.join(WORK, "solpop", "analyses"));
  assert.equal(analyses.filter((d) => d.startsWith("graphs-")).length, 1);
  // A rerun loads the gathered results instead of submitting again.
  const jobsBefore = readPlan(path.join(WORK, "solpop", "analyses", analyses[0]!))!.jobs.length;
  await typePopulation(there, { executor: slurm({ networksPerShard: 1, pollMs: 200 }) });
  assert.equal(readPlan(path.join(WORK, "solpop", "analyses", analyses[0]!))!.jobs.length, jobsBefore);
  const fHere = await populationFeatures(here);
  const fThere = await populationFeatures(there, { executor: slurm({ pollMs: 200 }) });
  assert.deepEqual(fThere.names, fHere.names);
  assert.deepEqual(fThere.rows.map((r) => Array.from(r)), fHere.rows.map((r) => Array.from(r)));
  await assert.rejects(typePopulation(here, { executor: slurm() }), /reads the networks on the nodes from the saved population/);

  const { populationFixedPoints } = await import("../../src/analysis/fixedPoints/populationSearch");
  const { fixedPointsToArrays } = await import("../../src/analysis/fixedPoints/fixedPointsIo");
  const search = { perSource: 24, seed: 3, input: [0, 0] };
  const fpHere = await populationFixedPoints(path.join(WORK, "solpop"), { search });
  const fpThere = await populationFixedPoints(path.join(WORK, "solpop"), { search, executor: slurm({ networksPerShard: 3, pollMs: 200 }) });
  assert.equal(fpThere.length, fpHere.length);
  assert.ok(fpHere.some((r) => r.points.count > 0), "the search finds points");
  fpHere.forEach((r, i) => {
    const a = fixedPointsToArrays(r.points);
    const b = fixedPointsToArrays(fpThere[i]!.points);
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const k of Object.keys(a)) assert.deepEqual(Buffer.from(b[k]!.data.buffer, b[k]!.data.byteOffset, b[k]!.data.byteLength), Buffer.from(a[k]!.data.buffer, a[k]!.data.byteOffset, a[k]!.data.byteLength), `network ${i}: ${k}`);
    assert.deepEqual(fpThere[i]!.report, r.report);
  });
});

test("a shard whose network goes non-finite is reported by shard and network", async (t) => {
  if (skip) return t.skip(skip);
  const dir = path.join(WORK, "nan");
  // lr 1e38: the first Adam step sends the readout to ~1e38, the next loss overflows to Infinity.
  const r = cli("train", "--task", "flipflop3", "--arch", "vanilla", "--units", "4", "--networks", "4", "--seed", "1", "--steps", "5", "--lr", "1e38", "--quiet", "--out", dir, "--executor", "slurm", "--networks-per-shard", "2", "--poll-ms", "200");
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /shard 0 \(networks 0–1, job \d+_0\): network 0 \(init seed \d+, data seed \d+\) produced a non-finite loss/);
  assert.match(r.err, /shard 1 \(networks 2–3, job \d+_1\): network 2 /);
  const st = cli("status", dir);
  assert.match(st.out, /shards: 2 failed/);
});

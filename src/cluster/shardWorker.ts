/**
 * One array task: trains its shard's networks into DIR/shards/NNNN, resuming from the shard's own
 * snapshot when Slurm runs it again (requeue, resubmission), or computes a per-network analysis of
 * them. Writes done.json last, or error.json.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPopulation, savePopulation, writeFileAtomic } from "../io";
import { NonFiniteError, trainPopulation } from "../train/trainPopulation";
import { jsonSafe } from "../train/runFiles";
import { PLAN_FILE, readPlan, shardDir, trainOptionsOf, type AnalysisShardDone, type ShardDone, type ShardError } from "./shardedRun";
import { runAnalysisShard } from "./analyseOnSlurm";

export async function runShard(dir: string, index: number, token: string): Promise<ShardDone | AnalysisShardDone> {
  const planFile = path.join(dir, PLAN_FILE);
  if (!fs.existsSync(planFile)) {
    throw new Error(`shard ${index}: ${planFile} is not visible on ${os.hostname()}. The run folder must be on shared storage that every node sees (not /tmp or a node-local disk); start the run in such a folder.`);
  }
  const plan = readPlan(dir)!;
  if (plan.token !== token) throw new Error(`shard ${index}: ${planFile} belongs to another submission (token mismatch): the folder was replaced after this job was submitted.`);
  const shard = plan.shards.find((s) => s.index === index);
  if (!shard) throw new Error(`shard ${index}: the plan has shards 0–${plan.shards.length - 1}.`);
  const out = shardDir(dir, index);
  fs.rmSync(path.join(out, "error.json"), { force: true });
  try {
    if (plan.kind === "analysis") {
      const r = runAnalysisShard(dir, plan, index);
      const done: AnalysisShardDone = { shard: index, host: os.hostname(), members: r.members, ms: r.ms };
      writeFileAtomic(path.join(out, "done.json"), JSON.stringify(done) + "\n");
      return done;
    }
    const base = trainOptionsOf(plan.options);
    const initial = plan.options.initial ? loadPopulation(path.join(dir, "initial")) : undefined;
    const res = await trainPopulation({
      ...base,
      ...(initial ? { initial } : {}),
      members: shard.members,
      outDir: out,
      resume: true, // a fresh folder starts; one with a snapshot continues bit-identically
      reporter: "none",
    });
    savePopulation(path.join(out, "initial"), res.initial);
    savePopulation(path.join(out, "result"), res.population);
    const done: ShardDone = {
      shard: index,
      host: os.hostname(),
      networks: res.networks,
      histories: res.histories,
      checkpoints: res.checkpoints.map((c) => ({ network: c.network, epoch: c.epoch, loss: c.loss, ...(c.path ? { path: c.path } : {}) })),
      epochs: res.epochs,
      updates: res.updates,
      kernel: res.kernel,
      timings: res.timings,
    };
    writeFileAtomic(path.join(out, "done.json"), JSON.stringify(done, jsonSafe) + "\n");
    return done;
  } catch (e) {
    const err: ShardError = {
      shard: index,
      host: os.hostname(),
      message: (e as Error).message,
      ...(e instanceof NonFiniteError ? { network: e.network } : {}),
    };
    fs.mkdirSync(out, { recursive: true });
    writeFileAtomic(path.join(out, "error.json"), JSON.stringify(err) + "\n");
    throw e;
  }
}

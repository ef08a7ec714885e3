/**
 * The CLI's side of Slurm: `train --executor slurm` options, `status DIR`, `gather DIR [--wait]`, and
 * `shard DIR --index K --token T` (what each array task runs; not for people).
 */
import * as path from "node:path";
import { slurm, type Executor } from "../cluster/executor";
import { gatherShards, missingShards } from "../cluster/gather";
import { planNetworks, planTitle, readPlan } from "../cluster/shardedRun";
import { runShard } from "../cluster/shardWorker";
import { ShardFailureError, phaseCounts, shardStates, watchShards } from "../cluster/shardDriver";
import { watchAndGather } from "../cluster/trainOnSlurm";
import { RESULTS_FILE, gatherAnalysis } from "../cluster/analyseOnSlurm";
import { writeFileAtomic } from "../io";
import { lockRunFolder } from "../io";
import { saveTrainResult } from "../train/runFiles";
import { UsageError, bool, num, oneOf, parseCommand, str, type OptionSpec, type Parsed } from "./args";

type Io = { out: (s: string) => void; err: (s: string) => void };

export const EXECUTOR_OPTS: OptionSpec = {
  executor: { type: "string" },
  partition: { type: "string" },
  account: { type: "string" },
  "time-limit": { type: "string" },
  "cpus-per-task": { type: "string" },
  mem: { type: "string" },
  "max-parallel": { type: "string" },
  "networks-per-shard": { type: "string" },
  "sbatch-arg": { type: "string", multiple: true },
  "poll-ms": { type: "string" },
};

export const EXECUTOR_HELP = `  --executor local|slurm   where to train (default local); slurm submits a job array, one task per shard,
                           and needs --out on storage every node sees
  --partition P, --account A, --time-limit T, --cpus-per-task C, --mem M   the sbatch options of each task
  --max-parallel K         at most K array tasks at once
  --networks-per-shard n   networks per array task (default: from the measured cost of one network)
  --sbatch-arg X           a further sbatch option, e.g. --sbatch-arg=--qos=short (repeatable)`;

/** The executor the train options name; Slurm options without --executor slurm are refused. */
export function executorFromArgs(p: Parsed): Executor | undefined {
  const kind = oneOf(p, "executor", ["local", "slurm"] as const, "local");
  const given = Object.keys(EXECUTOR_OPTS).filter((k) => k !== "executor" && p.values[k] !== undefined);
  if (kind === "local") {
    if (given.length) throw new UsageError(`--${given[0]} is a Slurm option: add --executor slurm, or drop it.`);
    return undefined;
  }
  const int = (name: string) => num(p, name, { integer: true, min: 1 });
  const extra = p.values["sbatch-arg"];
  try {
    return slurm({
      ...(str(p, "partition") ? { partition: str(p, "partition")! } : {}),
      ...(str(p, "account") ? { account: str(p, "account")! } : {}),
      ...(str(p, "time-limit") ? { timeLimit: str(p, "time-limit")! } : {}),
      ...(str(p, "mem") ? { memory: str(p, "mem")! } : {}),
      ...(int("cpus-per-task") !== undefined ? { cpusPerTask: int("cpus-per-task")! } : {}),
      ...(int("max-parallel") !== undefined ? { maxParallel: int("max-parallel")! } : {}),
      ...(int("networks-per-shard") !== undefined ? { networksPerShard: int("networks-per-shard")! } : {}),
      ...(int("poll-ms") !== undefined ? { pollMs: int("poll-ms")! } : {}),
      ...(Array.isArray(extra) ? { extraArgs: extra } : {}),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function planOf(dir: string) {
  const plan = (() => {
    try {
      return readPlan(dir);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  })();
  if (!plan) throw new UsageError(`${dir} holds no sharded run (no ${path.join(dir, "cluster.json")}); start one with rnn-atlas train … --executor slurm --out ${dir}.`);
  return plan;
}

export const STATUS_HELP = `rnn-atlas status DIR [--json]

Where each shard of a sharded run stands: done, running (with its last snapshot epoch), pending,
failed (with the reason: the shard's error, Slurm's final state, or a task that ended without a
result) or not submitted. Read from DIR/cluster.json, the shard files and squeue.`;

export function cmdStatus(argv: string[], io: Io): number {
  const p = parseCommand("status", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(STATUS_HELP + "\n"), 0;
  const dir = path.resolve(p.positionals[0] ?? "");
  if (!p.positionals[0]) throw new UsageError("status: give the run folder (rnn-atlas status DIR).");
  const plan = planOf(dir);
  const states = shardStates(dir, plan);
  if (bool(p, "json")) {
    io.out(JSON.stringify({ dir, kind: plan.kind, networks: planNetworks(plan), jobs: plan.jobs, shards: states }) + "\n");
    return 0;
  }
  io.out(`${dir}: ${planTitle(plan)} in ${plan.shards.length} shard(s); jobs ${plan.jobs.map((j) => j.id).join(", ") || "none"}\n`);
  io.out(`shards: ${phaseCounts(states)}\n`);
  for (const s of states) {
    const nets = `${s.members[0]}–${s.members[s.members.length - 1]}`;
    io.out(`  shard ${String(s.shard).padStart(3)}  networks ${nets.padEnd(9)} ${s.phase}${s.epoch !== undefined ? ` (epoch ${s.epoch})` : ""}${s.reason ? `: ${s.reason}` : ""}\n`);
  }
  return 0;
}

export const GATHER_HELP = `rnn-atlas gather DIR [--wait] [--poll-ms MS] [--json]

Gathers the finished shards of a sharded run into one population in DIR (manifest.json, params.npz,
training.json: the files a local train writes). Without --wait it refuses while shards are missing
and names them (exit 1); with --wait it re-attaches, watches the array until every shard is done,
then gathers. Finished shards are never recomputed.`;

export async function cmdGather(argv: string[], io: Io): Promise<number> {
  const p = parseCommand("gather", argv, { wait: { type: "boolean" }, "poll-ms": { type: "string" }, json: { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(GATHER_HELP + "\n"), 0;
  if (!p.positionals[0]) throw new UsageError("gather: give the run folder (rnn-atlas gather DIR).");
  const dir = path.resolve(p.positionals[0]);
  const plan = planOf(dir);
  // One driver at a time: a second gather (or the training driver) holds this lock.
  let claim;
  try {
    claim = lockRunFolder(dir);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    if (bool(p, "wait")) {
      const poll = num(p, "poll-ms", { integer: true, min: 1 });
      const watch = { reporter: bool(p, "json") || bool(p, "quiet") ? ("none" as const) : ("terminal" as const), ...(poll ? { pollMs: poll } : {}) };
      try {
        if (plan.kind === "train") await watchAndGather(dir, plan, watch);
        else await watchShards(dir, plan, watch);
      } catch (e) {
        if (e instanceof ShardFailureError) return io.err(`rnn-atlas: ${e.message}\n`), 1;
        throw e;
      }
    } else {
      const missing = missingShards(dir, plan);
      if (missing.length) {
        io.err(`gather: shard(s) ${missing.join(", ")} of ${dir} have no result yet. Wait with rnn-atlas gather ${dir} --wait, see rnn-atlas status ${dir}, or resubmit failed shards with rnn-atlas train … --resume.\n`);
        return 1;
      }
      if (plan.kind === "train") saveTrainResult(dir, gatherShards(dir, plan), { executor: { kind: "slurm", jobs: plan.jobs.map((j) => j.id) } });
    }
    if (plan.kind === "analysis") {
      writeFileAtomic(path.join(dir, RESULTS_FILE), JSON.stringify({ analysis: plan.job.analysis, options: plan.job.options, results: gatherAnalysis(dir, plan) }) + "\n");
    }
    const n = planNetworks(plan);
    if (bool(p, "json")) io.out(JSON.stringify({ dir, networks: n }) + "\n");
    else io.out(`gathered ${n} network(s) from ${plan.shards.length} shard(s) into ${dir}\n`);
    return 0;
  } finally {
    claim.release();
  }
}

export async function cmdShard(argv: string[], io: Io): Promise<number> {
  const p = parseCommand("shard", argv, { index: { type: "string" }, token: { type: "string" } });
  const dir = p.positionals[0];
  if (!dir) throw new UsageError("shard: give the run folder (this command is what a Slurm array task runs).");
  const index = num(p, "index", { integer: true, min: 0 });
  if (index === undefined) throw new UsageError("shard: missing --index.");
  const done = await runShard(path.resolve(dir), index, str(p, "token", true));
  io.out(`shard ${index}: ${"networks" in done ? "trained" : "analysed"} networks ${("networks" in done ? done.networks.map((n) => n.index) : done.members).join(", ")}\n`);
  return 0;
}

/**
 * What every sharded run shares, whatever its shards compute (training, a per-network analysis):
 * the job script, submitting the shards that have no result, reading where each shard stands from
 * the shard files and the queue, and watching them in one progress panel until all are done.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LOCK_FILE, writeFileAtomic } from "../io";
import { notebookReporter, terminalReporter, type ProgressLabels } from "../train/progress";
import type { ProgressInfo, ProgressReporter, TrainOptions } from "../train/types";
import type { SlurmOptions } from "./executor";
import { arraySpec } from "./shardPlan";
import { partitionNodes, sacctTasks, sbatch, squeueTasks } from "./slurmCommands";
import { planNetworks, planTitle, readShardDone, readShardError, shardDir, shardEpoch, shardLog, writePlan, type Plan } from "./shardedRun";

/** One or more shards failed; each is named with its networks and the reason found. */
export class ShardFailureError extends Error {
  constructor(
    message: string,
    readonly failures: ReadonlyArray<ShardState>,
  ) {
    super(message);
    this.name = "ShardFailureError";
  }
}

export type ShardPhase = "done" | "pending" | "running" | "failed" | "not-submitted";

export interface ShardState {
  readonly shard: number;
  readonly members: ReadonlyArray<number>;
  readonly phase: ShardPhase;
  readonly job?: string;
  /** Last snapshot epoch of a running training shard. */
  readonly epoch?: number;
  /** Why a shard failed: the worker's error, Slurm's final state, or "ended without a result". */
  readonly reason?: string;
}

const TMPFS = 0x01021994;
const RAMFS = 0x858458f6;

/** At submit time: a run folder in memory (tmpfs) is not seen by other nodes. */
export function checkSharedStorage(dir: string, s: SlurmOptions): void {
  const nodes = partitionNodes(s.partition);
  if (nodes === null || nodes <= 1) return; // one node sees its own disk
  let type: number | undefined;
  try {
    type = Number(fs.statfsSync(dir).type);
  } catch {
    return;
  }
  if (type === TMPFS || type === RAMFS) {
    throw new Error(
      `${dir} is on a memory file system (tmpfs) of this machine, which the ${nodes} nodes of partition ${s.partition ?? "(default)"} do not see. ` +
        "Put the run folder on shared storage (your cluster's home, project or scratch file system).",
    );
  }
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function jobScript(dir: string, token: string): string {
  const cli = path.join(__dirname, "..", "cli", "main.js");
  return [
    "#!/bin/bash",
    "# An rnn-atlas shard: array task $SLURM_ARRAY_TASK_ID of the run in this folder (see cluster.json).",
    "set -eu",
    // Threads follow the allocation; the results do not depend on the thread count.
    'export RNN_ATLAS_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    'export RNN_ATLAS_FP_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    'export RNN_ATLAS_GEMM_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    `exec ${quote(process.execPath)} ${quote(cli)} shard ${quote(dir)} --index "$SLURM_ARRAY_TASK_ID" --token ${token}`,
    "",
  ].join("\n");
}

function sbatchArgs(dir: string, s: SlurmOptions, ids: ReadonlyArray<number>): string[] {
  return [
    `--array=${arraySpec(ids)}${s.maxParallel ? `%${s.maxParallel}` : ""}`,
    "--job-name=rnn-atlas",
    `--output=${path.join(dir, "logs", "shard-%a.out")}`,
    `--chdir=${dir}`,
    "--ntasks=1",
    `--cpus-per-task=${s.cpusPerTask ?? 1}`,
    ...(s.partition ? [`--partition=${s.partition}`] : []),
    ...(s.account ? [`--account=${s.account}`] : []),
    ...(s.timeLimit ? [`--time=${s.timeLimit}`] : []),
    ...(s.memory ? [`--mem=${s.memory}`] : []),
    ...(s.extraArgs ?? []),
  ];
}

/** Where every shard of the run stands, from the shard files and the queue (and accounting, if on). */
export function shardStates(dir: string, plan: Plan): ShardState[] {
  const queued = new Map<number, { job: string; state: string }>();
  const jobsOf = new Map<number, string>();
  for (const job of plan.jobs) for (const k of job.shards) jobsOf.set(k, job.id);
  const finalStates = new Map<number, string>();
  for (const job of plan.jobs) {
    const open = job.shards.filter((k) => readShardDone(dir, k) === null);
    if (open.length === 0) continue;
    for (const t of squeueTasks(job.id)) if (jobsOf.get(t.task) === job.id) queued.set(t.task, { job: job.id, state: t.state });
    const acct = sacctTasks(job.id);
    if (acct) for (const a of acct) if (jobsOf.get(a.task) === job.id) finalStates.set(a.task, `${a.state} (exit ${a.exitCode})`);
  }
  return plan.shards.map((s) => {
    const base = { shard: s.index, members: s.members, ...(jobsOf.has(s.index) ? { job: jobsOf.get(s.index)! } : {}) };
    if (readShardDone(dir, s.index)) return { ...base, phase: "done" as const };
    const q = queued.get(s.index);
    if (q) {
      const epoch = shardEpoch(dir, s.index);
      return { ...base, phase: q.state === "PENDING" ? ("pending" as const) : ("running" as const), ...(epoch !== null ? { epoch } : {}) };
    }
    if (!jobsOf.has(s.index)) return { ...base, phase: "not-submitted" as const };
    const err = readShardError(dir, s.index);
    const slurmState = finalStates.get(s.index);
    const reason = err
      ? err.message
      : slurmState
        ? `Slurm: ${slurmState}; log ${shardLog(dir, s.index)}`
        : `the array task ended without a result (cancelled, time limit, node failure or killed); log ${shardLog(dir, s.index)}`;
    return { ...base, phase: "failed" as const, reason };
  });
}

function describeFailures(dir: string, failed: ReadonlyArray<ShardState>): string {
  const lines = failed.map((f) => `  shard ${f.shard} (networks ${f.members[0]}–${f.members[f.members.length - 1]}${f.job ? `, job ${f.job}_${f.shard}` : ""}): ${f.reason}`);
  return `${failed.length} shard(s) of ${dir} failed:\n${lines.join("\n")}\nFinished shards are kept. Rerun with resume: true (CLI: --resume) to resubmit only the failed shards.`;
}

/** Counts "3 done · 2 running · 1 pending · 1 failed" for the panel. */
export function phaseCounts(states: ReadonlyArray<ShardState>): string {
  const order: ShardPhase[] = ["done", "running", "pending", "failed", "not-submitted"];
  return order
    .map((p) => [p, states.filter((s) => s.phase === p).length] as const)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${n} ${p}`)
    .join(" · ");
}

/** Submits the shards that have neither a result nor a queued task; returns the updated plan. */
export function submitMissing<P extends Plan>(dir: string, plan: P, states: ReadonlyArray<ShardState>): P {
  const todo = states.filter((s) => s.phase === "not-submitted" || s.phase === "failed").map((s) => s.shard);
  if (todo.length === 0) return plan;
  for (const k of todo) {
    // The previous attempt is gone (not in the queue): its lock and error are stale.
    fs.rmSync(path.join(shardDir(dir, k), LOCK_FILE), { force: true });
    fs.rmSync(path.join(shardDir(dir, k), "error.json"), { force: true });
  }
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  const script = path.join(dir, "job.sh");
  writeFileAtomic(script, jobScript(dir, plan.token));
  const id = sbatch(script, sbatchArgs(dir, plan.slurm, todo));
  const next = { ...plan, jobs: [...plan.jobs, { id, shards: todo, submitted: new Date().toISOString() }] };
  writePlan(dir, next);
  return next;
}

export interface WatchOptions {
  readonly reporter?: TrainOptions["reporter"];
  readonly progressLabel?: string;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
  /** Per-network progress for training runs (the panel's table); analyses leave it out. */
  readonly progress?: (states: ReadonlyArray<ShardState>, elapsedMs: number, done: boolean) => ProgressInfo;
}

function reporterFor(r: TrainOptions["reporter"], labels: () => ProgressLabels): ProgressReporter | null {
  if (r === undefined || r === "none") return null;
  if (r === "terminal") return terminalReporter({ labels });
  if (r === "notebook") return notebookReporter({ labels });
  return r;
}

/** Progress without per-network numbers: how many networks' shards are done. */
function countsOnly(plan: Plan, states: ReadonlyArray<ShardState>, elapsedMs: number, done: boolean): ProgressInfo {
  const M = planNetworks(plan);
  const stopped = new Array<null | "max-epochs">(M).fill(null);
  for (const s of states) if (s.phase === "done") for (const i of s.members) stopped[i] = "max-epochs";
  const nan = new Array<number>(M).fill(NaN);
  return { epoch: 0, update: 0, elapsedMs, loss: nan, bestLoss: nan, lr: nan, accuracy: nan, active: stopped.filter((x) => x === null).length, networks: M, stopped, done };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until every shard is done, or throws naming the failed shards (after all others ended). */
export async function watchShards(dir: string, plan: Plan, o: WatchOptions = {}): Promise<void> {
  const t0 = performance.now();
  let states = shardStates(dir, plan);
  const lastJob = () => plan.jobs[plan.jobs.length - 1]?.id ?? "–";
  const labels = (): ProgressLabels => ({
    title: o.progressLabel ?? `${planTitle(plan)} on Slurm`,
    fields: [
      ["job", lastJob()],
      ["shards", phaseCounts(states)],
    ],
  });
  const reporter = reporterFor(o.reporter, labels);
  const info = (done: boolean) => (o.progress ?? ((s, ms, d) => countsOnly(plan, s, ms, d)))(states, performance.now() - t0, done);
  const poll = o.pollMs ?? plan.slurm.pollMs ?? 5000;
  // A task that just ended may not have left the queue, or its files may not be visible yet
  // (NFS attribute caches): "failed" must hold for two polls in a row.
  let suspects = new Set<number>();
  for (;;) {
    if (o.signal?.aborted) {
      throw new Error(`stopped watching ${dir}; job ${lastJob()} keeps running on the cluster. Re-attach with resume: true (CLI: rnn-atlas gather ${dir} --wait), or see rnn-atlas status ${dir}.`);
    }
    states = shardStates(dir, plan);
    reporter?.update(info(false));
    const failed = states.filter((s) => s.phase === "failed");
    if (failed.length > 0 && failed.every((f) => suspects.has(f.shard)) && !states.some((s) => s.phase === "running" || s.phase === "pending")) {
      reporter?.finish?.(info(true));
      throw new ShardFailureError(describeFailures(dir, failed), failed);
    }
    suspects = new Set(failed.map((f) => f.shard));
    if (states.every((s) => s.phase === "done")) break;
    await sleep(poll);
  }
  reporter?.finish?.(info(true));
}

/**
 * The driver of a population trained as a Slurm job array: plan the shards, submit the missing ones,
 * watch the queue and the shard files in one progress panel, then gather. The run folder holds
 * everything, so an interrupted driver re-attaches with `resume` (or `rnn-atlas status|gather DIR`).
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { claimRunFolder, savePopulation, writeFileAtomic, LOCK_FILE } from "../io";
import { kernelInterruptSignal } from "../core/interrupt";
import { resolveData } from "../train/batches";
import { saveTrainResult } from "../train/runFiles";
import { notebookReporter, terminalReporter, type ProgressLabels } from "../train/progress";
import { resolveTask, trainPopulation } from "../train/trainPopulation";
import type { ProgressInfo, ProgressReporter, StopReason, TrainOptions, TrainResult } from "../train/types";
import type { SlurmOptions } from "./executor";
import { gatherShards } from "./gather";
import { arraySpec, planShards, shardSizeFromCost } from "./shardPlan";
import { partitionNodes, sacctTasks, sbatch, squeueTasks } from "./slurmCommands";
import { portableOptions, readPlan, readShardDone, readShardError, shardDir, shardEpoch, shardLog, writePlan, type Plan } from "./shardedRun";

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
  /** Last snapshot epoch of a running shard. */
  readonly epoch?: number;
  /** Why a shard failed: the worker's error, Slurm's final state, or "ended without a result". */
  readonly reason?: string;
}

const DEFAULT_TARGET_MIN = 20;

/** Updates one network will take at most, from the stop rules (null when nothing bounds it). */
function plannedUpdates(o: TrainOptions): number | null {
  const task = resolveTask(o.task);
  const upe = resolveData(o.data, task).updatesPerEpoch;
  const s = o.stop ?? {};
  const bounds = [s.maxUpdates, s.maxEpochs !== undefined ? s.maxEpochs * upe : undefined].filter((x): x is number => x !== undefined);
  return bounds.length ? Math.min(...bounds) : null;
}

/** Measured: ms per update of one network (a few updates of network 0, after one warm-up). */
async function msPerUpdate(o: TrainOptions): Promise<number> {
  const { outDir: _d, resume: _r, overwrite: _o, reporter: _p, onProgress: _c, signal: _s, ...rest } = o;
  const res = await trainPopulation({ ...rest, members: [0], stop: { maxUpdates: 4 }, reporter: "none", snapshotEvery: 0 });
  return res.timings.msPerUpdate;
}

const TMPFS = 0x01021994;
const RAMFS = 0x858458f6;

/** At submit time: a run folder in memory (tmpfs) is not seen by other nodes. */
function checkSharedStorage(dir: string, s: SlurmOptions): void {
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
    "# An rnn-atlas shard: trains the networks of array task $SLURM_ARRAY_TASK_ID (see cluster.json).",
    "set -eu",
    // Threads follow the allocation; the results do not depend on the thread count.
    'export RNN_ATLAS_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
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

function progressOf(dir: string, plan: Plan, states: ReadonlyArray<ShardState>, elapsedMs: number, done: boolean): ProgressInfo {
  const M = plan.options.networks;
  const loss = new Array<number>(M).fill(NaN);
  const best = new Array<number>(M).fill(NaN);
  const lr = new Array<number>(M).fill(NaN);
  const acc = new Array<number>(M).fill(NaN);
  const stopped = new Array<StopReason | null>(M).fill(null);
  let epoch = Infinity;
  for (const s of states) {
    if (s.phase === "done") {
      for (const n of readShardDone(dir, s.shard)!.networks) {
        loss[n.index] = n.finalLoss;
        best[n.index] = n.bestLoss;
        lr[n.index] = n.lr;
        acc[n.index] = n.accuracy ?? NaN;
        stopped[n.index] = n.stopReason;
      }
    } else epoch = Math.min(epoch, s.epoch ?? 0);
  }
  return {
    epoch: Number.isFinite(epoch) ? epoch : 0,
    update: 0,
    elapsedMs,
    loss,
    bestLoss: best,
    lr,
    accuracy: acc,
    active: stopped.filter((x) => x === null).length,
    networks: M,
    stopped,
    done,
  };
}

function reporterFor(o: TrainOptions, labels: () => ProgressLabels): ProgressReporter | null {
  if (o.reporter === undefined || o.reporter === "none") return null;
  if (o.reporter === "terminal") return terminalReporter({ labels });
  if (o.reporter === "notebook") return notebookReporter({ labels });
  return o.reporter;
}

/** Submits the shards that have neither a result nor a queued task; returns the job, if any. */
function submitMissing(dir: string, plan: Plan, states: ReadonlyArray<ShardState>): Plan {
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
  const next: Plan = { ...plan, jobs: [...plan.jobs, { id, shards: todo, submitted: new Date().toISOString() }] };
  writePlan(dir, next);
  return next;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until every shard is done (then gathers) or some failed (then throws, naming them). */
export async function watchAndGather(dir: string, plan: Plan, o: { reporter?: TrainOptions["reporter"]; progressLabel?: string; signal?: AbortSignal; pollMs?: number } = {}): Promise<TrainResult> {
  const t0 = performance.now();
  let states = shardStates(dir, plan);
  const lastJob = () => plan.jobs[plan.jobs.length - 1]?.id ?? "–";
  const labels = (): ProgressLabels => ({
    title: o.progressLabel ?? `${plan.options.task.name}, ${plan.options.networks} networks on Slurm`,
    fields: [
      ["job", lastJob()],
      ["shards", phaseCounts(states)],
    ],
  });
  const reporter = reporterFor(o as TrainOptions, labels);
  const poll = o.pollMs ?? plan.slurm.pollMs ?? 5000;
  // A task that just ended may not have left the queue, or its files may not be visible yet
  // (NFS attribute caches): "failed" must hold for two polls in a row.
  let suspects = new Set<number>();
  for (;;) {
    if (o.signal?.aborted) {
      throw new Error(`stopped watching ${dir}; job ${lastJob()} keeps running on the cluster. Re-attach with resume: true (CLI: train … --resume, or rnn-atlas gather ${dir} --wait), or see rnn-atlas status ${dir}.`);
    }
    states = shardStates(dir, plan);
    reporter?.update(progressOf(dir, plan, states, performance.now() - t0, false));
    const failed = states.filter((s) => s.phase === "failed");
    if (failed.length > 0 && failed.every((f) => suspects.has(f.shard)) && !states.some((s) => s.phase === "running" || s.phase === "pending")) {
      reporter?.finish?.(progressOf(dir, plan, states, performance.now() - t0, true));
      throw new ShardFailureError(describeFailures(dir, failed), failed);
    }
    suspects = new Set(failed.map((f) => f.shard));
    if (states.every((s) => s.phase === "done")) break;
    await sleep(poll);
  }
  const res = gatherShards(dir, plan);
  saveTrainResult(dir, res, { executor: { kind: "slurm", jobs: plan.jobs.map((j) => j.id) } });
  reporter?.finish?.(progressOf(dir, plan, states, performance.now() - t0, true));
  return res;
}

export async function trainOnSlurm(options: TrainOptions, s: SlurmOptions): Promise<TrainResult> {
  const portable = portableOptions(options);
  const dir = path.resolve(options.outDir!);
  const claim = claimRunFolder(dir, { resume: options.resume, overwrite: options.overwrite });
  try {
    let plan = readPlan(dir);
    if (plan) {
      if (JSON.stringify(plan.options) !== JSON.stringify(portable)) {
        throw new Error(`cannot resume ${dir}: the training options differ from the submitted run's (${path.join(dir, "cluster.json")}). Use the original options or a new folder.`);
      }
      plan = { ...plan, slurm: { ...plan.slurm, ...s } };
    } else {
      checkSharedStorage(dir, s);
      let networksPerShard = s.networksPerShard;
      let msPerNetwork: number | undefined;
      if (networksPerShard === undefined) {
        const updates = plannedUpdates(options);
        if (updates === null) throw new Error("the run has no update budget (stop.maxUpdates or maxEpochs) to size shards from: give slurm({ networksPerShard }) (CLI: --networks-per-shard).");
        msPerNetwork = (await msPerUpdate(options)) * updates;
        networksPerShard = shardSizeFromCost(msPerNetwork, options.networks, (s.targetShardMinutes ?? DEFAULT_TARGET_MIN) * 60_000);
      }
      if (options.initial) savePopulation(path.join(dir, "initial"), options.initial);
      plan = {
        format: "rnn-atlas-sharded-run",
        version: 1,
        kind: "train",
        options: portable,
        shards: planShards(options.networks, networksPerShard),
        slurm: s,
        token: randomBytes(8).toString("hex"),
        ...(msPerNetwork !== undefined ? { msPerNetwork } : {}),
        jobs: [],
      };
      writePlan(dir, plan);
    }
    plan = submitMissing(dir, plan, shardStates(dir, plan));
    return await watchAndGather(dir, plan, {
      ...(options.reporter !== undefined ? { reporter: options.reporter } : {}),
      ...(options.progressLabel !== undefined ? { progressLabel: options.progressLabel } : {}),
      signal: options.signal ?? kernelInterruptSignal(),
    });
  } finally {
    claim.release();
  }
}

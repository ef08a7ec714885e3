/**
 * The run folder of a sharded run, on storage that the driver and every node see:
 *
 *   DIR/cluster.json            the plan: the training options (as data), the shards, the submitted jobs
 *   DIR/initial/                the given initial population, when there is one
 *   DIR/shards/0003/            shard 3's own run folder (snapshots, so a requeued task resumes)
 *   DIR/shards/0003/result/     its trained networks, DIR/shards/0003/initial/ their starting weights
 *   DIR/shards/0003/done.json   written last: records and histories; its presence means "finished"
 *   DIR/shards/0003/error.json  why the shard failed (the worker's error), when it did
 *   DIR/logs/shard-3.out        the array task's stdout and stderr
 *   DIR/manifest.json, params.npz, training.json   the gathered population, as a local run writes it
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io";
import { getTask, resolveTaskName } from "../tasks/registry";
import type { NetworkHistory, NetworkRecord, TrainOptions, CheckpointRecord } from "../train/types";
import type { SlurmOptions } from "./executor";
import type { Shard } from "./shardPlan";

export const PLAN_FILE = "cluster.json";
export const PLAN_FORMAT = "rnn-atlas-sharded-run";

/** The training options that travel to the nodes: plain JSON, the task by registry name and options. */
export interface PortableTrainOptions extends Omit<TrainOptions, "task" | "initial" | "kernel" | "onProgress" | "reporter" | "signal" | "outDir" | "resume" | "overwrite" | "members" | "trainable" | "progressLabel" | "executor"> {
  readonly task: { readonly name: string; readonly options: Readonly<Record<string, unknown>> };
  readonly trainable?: Readonly<Record<string, boolean | number[]>>;
  /** An initial population was given: it is saved in DIR/initial. */
  readonly initial?: true;
}

export interface SubmittedJob {
  readonly id: string;
  readonly shards: ReadonlyArray<number>;
  readonly submitted: string;
}

/** A per-network analysis of a saved population, computed on the nodes (see ./networkAnalyses). */
export interface AnalysisJob {
  /** Registered name in ./networkAnalyses ("graphs", "features"). */
  readonly analysis: string;
  /** The saved population (a solution-population folder or a population folder), on shared storage. */
  readonly population: string;
  readonly networks: number;
  /** The analysis's options, as JSON. */
  readonly options: Readonly<Record<string, unknown>>;
}

interface PlanBase {
  readonly format: typeof PLAN_FORMAT;
  readonly version: 1;
  readonly shards: ReadonlyArray<Shard>;
  readonly slurm: SlurmOptions;
  /** Written into the plan and the job script: a task that cannot read it is not on shared storage. */
  readonly token: string;
  /** Cost per network measured before submitting (ms), when the shard size was chosen from it. */
  readonly msPerNetwork?: number;
  readonly jobs: ReadonlyArray<SubmittedJob>;
}

export interface TrainPlan extends PlanBase {
  readonly kind: "train";
  readonly options: PortableTrainOptions;
}

export interface AnalysisPlan extends PlanBase {
  readonly kind: "analysis";
  readonly job: AnalysisJob;
}

export type Plan = TrainPlan | AnalysisPlan;

/** Networks of the planned run. */
export const planNetworks = (p: Plan): number => (p.kind === "train" ? p.options.networks : p.job.networks);
/** What the run is, in a few words (panel titles, status). */
export const planTitle = (p: Plan): string =>
  p.kind === "train" ? `${p.options.task.name}, ${p.options.networks} networks` : `${p.job.analysis} of ${p.job.networks} networks (${p.job.population})`;

export interface ShardDone {
  readonly shard: number;
  readonly host: string;
  readonly networks: ReadonlyArray<NetworkRecord>;
  readonly histories: ReadonlyArray<NetworkHistory>;
  readonly checkpoints: ReadonlyArray<CheckpointRecord>;
  readonly epochs: number;
  readonly updates: number;
  readonly kernel: string;
  readonly timings: Readonly<Record<string, number>>;
}

/** done.json of an analysis shard (its results are in results.json beside it). */
export interface AnalysisShardDone {
  readonly shard: number;
  readonly host: string;
  readonly members: ReadonlyArray<number>;
  readonly ms: number;
}

export interface ShardError {
  readonly shard: number;
  readonly host: string;
  readonly message: string;
  /** The network that failed, when the error names one (NaN/Inf). */
  readonly network?: number;
}

export const shardDir = (dir: string, k: number): string => path.join(dir, "shards", String(k).padStart(4, "0"));
export const shardLog = (dir: string, k: number): string => path.join(dir, "logs", `shard-${k}.out`);

/** Options as data, or an error naming what cannot be sent to another machine and what to do instead. */
export function portableOptions(o: TrainOptions): PortableTrainOptions {
  const fix = "the Slurm executor sends the options to other machines as data";
  if (o.kernel) throw new Error(`kernel: a kernel object cannot be sent to cluster nodes (${fix}); leave it out, each node uses its fastest kernel (results are identical across kernels' builds and thread counts).`);
  if (o.members) throw new Error("members: the Slurm executor splits the population into shards itself; leave members out.");
  if (!o.outDir) throw new Error("outDir: the Slurm executor needs a run folder on storage that every node sees (e.g. your cluster's home or project file system).");
  let task: PortableTrainOptions["task"];
  if (typeof o.task === "string") {
    const t = getTask(o.task);
    task = { name: t.name, options: t.options };
  } else {
    const t = o.task as { name: string; options?: Readonly<Record<string, unknown>> };
    if (!resolveTaskName(t.name) || !t.options) {
      throw new Error(`task "${t.name}" is not a registered task (${fix}, and a task object's functions cannot travel); use getTask(name, options) or a task name.`);
    }
    const rebuilt = getTask(t.name, t.options);
    if (JSON.stringify(rebuilt.options) !== JSON.stringify(t.options)) throw new Error(`task "${t.name}": its options do not survive being sent as JSON; pass plain numbers, strings and arrays.`);
    task = { name: t.name, options: t.options };
  }
  const trainable = o.trainable
    ? Object.fromEntries(Object.entries(o.trainable).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === "boolean" ? v : Array.from(v)]])))
    : undefined;
  const { kernel: _k, onProgress: _p, reporter: _r, signal: _s, outDir: _d, resume: _re, overwrite: _ov, members: _m, initial, progressLabel: _l, trainable: _t, executor: _e, ...rest } = o;
  const portable: PortableTrainOptions = { ...rest, task, ...(trainable ? { trainable } : {}), ...(initial ? { initial: true as const } : {}) };
  const text = JSON.stringify(portable);
  if (JSON.stringify(JSON.parse(text)) !== text) throw new Error("the training options do not survive JSON (a NaN or Infinity?); give finite numbers.");
  return portable;
}

/** The portable options back as TrainOptions (without outDir and members, which the caller adds). */
export function trainOptionsOf(p: PortableTrainOptions): Omit<TrainOptions, "initial"> {
  const { task, trainable, initial: _i, ...rest } = p;
  return {
    ...rest,
    task: getTask(task.name, task.options) as unknown as TrainOptions["task"],
    ...(trainable ? { trainable: Object.fromEntries(Object.entries(trainable).map(([k, v]) => [k, typeof v === "boolean" ? v : Float32Array.from(v)])) } : {}),
  };
}

export function readPlan(dir: string): Plan | null {
  const file = path.join(dir, PLAN_FILE);
  if (!fs.existsSync(file)) return null;
  let plan: Plan;
  try {
    plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
  } catch (e) {
    throw new Error(`${file} is corrupt (${(e as Error).message}); it is the plan of a sharded run. Restore it or start the run in a new folder.`);
  }
  if (plan.format !== PLAN_FORMAT) throw new Error(`${file} is not the plan of a sharded rnn-atlas run (format "${String(plan.format)}").`);
  return plan;
}

export function writePlan(dir: string, plan: Plan): void {
  writeFileAtomic(path.join(dir, PLAN_FILE), JSON.stringify(plan, null, 1) + "\n");
}

function readJson<T>(file: string): T | null {
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null; // written atomically, so a partial file is never seen; unreadable counts as absent
  }
}

export const readShardDone = (dir: string, k: number): ShardDone | null => readJson<ShardDone>(path.join(shardDir(dir, k), "done.json"));
export const readShardError = (dir: string, k: number): ShardError | null => readJson<ShardError>(path.join(shardDir(dir, k), "error.json"));

/** The shard's last snapshot epoch (progress of a running shard), or null before the first snapshot. */
export function shardEpoch(dir: string, k: number): number | null {
  const p = readJson<{ file?: string }>(path.join(shardDir(dir, k), "state", "latest.json"));
  const m = p?.file ? /(\d+)$/.exec(p.file) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Population training as a Slurm job array: plan the shards (sized from the measured cost of one
 * network), submit the missing ones, watch them (./shardDriver), then gather the shards into the files
 * a local run writes. The run folder holds everything, so an interrupted driver re-attaches with
 * `resume` (or `rnn-atlas status|gather DIR`).
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { claimRunFolder, savePopulation } from "../io";
import { kernelInterruptSignal } from "../core/interrupt";
import { resolveData } from "../train/batches";
import { saveTrainResult } from "../train/runFiles";
import { resolveTask, trainPopulation } from "../train/trainPopulation";
import type { ProgressInfo, StopReason, TrainOptions, TrainResult } from "../train/types";
import type { SlurmOptions } from "./executor";
import { gatherShards } from "./gather";
import { planShards, shardSizeFromCost } from "./shardPlan";
import { checkSharedStorage, shardStates, submitMissing, watchShards, type ShardState, type WatchOptions } from "./shardDriver";
import { portableOptions, readPlan, readShardDone, writePlan, type TrainPlan } from "./shardedRun";

const DEFAULT_TARGET_MIN = 20;

/** Updates one network will take at most, from the stop rules (null when nothing bounds it). */
function plannedUpdates(o: TrainOptions): number | null {
  const task = resolveTask(o.task);
  const upe = resolveData(o.data, task).updatesPerEpoch;
  const s = o.stop ?? {};
  const bounds = [s.maxUpdates, s.maxEpochs !== undefined ? s.maxEpochs * upe : undefined].filter((x): x is number => x !== undefined);
  return bounds.length ? Math.min(...bounds) : null;
}

/** Measured: ms per update of one network (a few updates of network 0). */
async function msPerUpdate(o: TrainOptions): Promise<number> {
  const { outDir: _d, resume: _r, overwrite: _o, reporter: _p, onProgress: _c, signal: _s, ...rest } = o;
  const res = await trainPopulation({ ...rest, members: [0], stop: { maxUpdates: 4 }, reporter: "none", snapshotEvery: 0 });
  return res.timings.msPerUpdate;
}

/** The panel's per-network table: finished shards' records, the running shards' last epoch. */
function trainingProgress(dir: string, plan: TrainPlan, states: ReadonlyArray<ShardState>, elapsedMs: number, done: boolean): ProgressInfo {
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
  return { epoch: Number.isFinite(epoch) ? epoch : 0, update: 0, elapsedMs, loss, bestLoss: best, lr, accuracy: acc, active: stopped.filter((x) => x === null).length, networks: M, stopped, done };
}

/** Watches a training run's shards, then gathers and saves them in DIR (the files a local run writes). */
export async function watchAndGather(dir: string, plan: TrainPlan, o: Omit<WatchOptions, "progress"> = {}): Promise<TrainResult> {
  await watchShards(dir, plan, { ...o, progress: (states, ms, done) => trainingProgress(dir, plan, states, ms, done) });
  const res = gatherShards(dir, plan);
  saveTrainResult(dir, res, { executor: { kind: "slurm", jobs: plan.jobs.map((j) => j.id) } });
  return res;
}

export async function trainOnSlurm(options: TrainOptions, s: SlurmOptions): Promise<TrainResult> {
  const portable = portableOptions(options);
  const dir = path.resolve(options.outDir!);
  const claim = claimRunFolder(dir, { resume: options.resume, overwrite: options.overwrite });
  try {
    let plan = readPlan(dir);
    if (plan && plan.kind !== "train") throw new Error(`${dir} holds a sharded ${plan.kind} run, not a training run; choose another folder.`);
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
    const submitted = submitMissing(dir, plan, shardStates(dir, plan));
    return await watchAndGather(dir, submitted, {
      ...(options.reporter !== undefined ? { reporter: options.reporter } : {}),
      ...(options.progressLabel !== undefined ? { progressLabel: options.progressLabel } : {}),
      signal: options.signal ?? kernelInterruptSignal(),
    });
  } finally {
    claim.release();
  }
}

/**
 * Where each update's trials come from. Every batch is a pure function of (data seed, epoch, update
 * index), never of a running RNG stream, so a resumed run sees exactly the batches an uninterrupted
 * run would have seen.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import type { BatchData } from "../kernels/types";
import type { DataOptions, TrainTask } from "./types";

export interface ResolvedData {
  readonly mode: "fresh" | "fixed";
  readonly batch: number;
  readonly trainSize: number;
  readonly updatesPerEpoch: number;
  /** "fixed" mode: the task's own training set (task.trainingSet()) instead of sampled ones. */
  readonly taskSet?: Trials;
}

export function resolveData(opts: DataOptions | undefined, task?: TrainTask): ResolvedData {
  const mode = opts?.mode ?? "fresh";
  if (mode !== "fresh" && mode !== "fixed") throw new Error(`data.mode must be "fresh" or "fixed", got "${String(mode)}".`);
  const batch = opts?.batch ?? 32;
  const taskSet = mode === "fixed" && opts?.trainSize === undefined && task?.trainingSet ? task.trainingSet() : undefined;
  const trainSize = taskSet ? taskSet.batch : (opts?.trainSize ?? 128);
  const upe = opts?.updatesPerEpoch ?? 1;
  for (const [k, v] of [["data.batch", batch], ["data.trainSize", trainSize], ["data.updatesPerEpoch", upe]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer, got ${v}.`);
  }
  return {
    mode,
    batch,
    trainSize,
    updatesPerEpoch: mode === "fixed" ? Math.ceil(trainSize / batch) : upe,
    ...(taskSet ? { taskSet } : {}),
  };
}

export interface TrainBatch {
  readonly data: BatchData;
  readonly lossScale: number;
}

/** Number of state values per trial expected in h0 (S). */
export class BatchSource {
  private readonly trainSets = new Map<number, Trials>();
  private readonly perms = new Map<string, Int32Array>();
  /** Data seed per network; all equal means one shared batch. */
  readonly shared: boolean;

  constructor(
    private readonly task: TrainTask,
    private readonly dataSeeds: ReadonlyArray<number>,
    readonly plan: ResolvedData,
    private readonly stateSize: number,
    /** Each network's fixed initial state [M, S] (an imported learned h0), or undefined for zeros. */
    private readonly networkH0?: Float32Array,
  ) {
    this.shared = dataSeeds.every((s) => s === dataSeeds[0]);
  }

  /** Updates in epoch `epoch` (constant, but kept as a function for clarity at call sites). */
  updatesIn(_epoch: number): number {
    return this.plan.updatesPerEpoch;
  }

  private trainSet(seed: number): Trials {
    let t = this.trainSets.get(seed);
    if (!t) {
      t = this.plan.taskSet ?? this.task.trials({ batch: this.plan.trainSize, seed: deriveSeed(seed, "train-set") });
      checkTrials(t, this.task, this.plan.trainSize);
      this.trainSets.set(seed, t);
    }
    return t;
  }

  private permutation(seed: number, epoch: number): Int32Array {
    const key = `${seed}:${epoch}`;
    let p = this.perms.get(key);
    if (!p) {
      const idx = Array.from({ length: this.plan.trainSize }, (_, i) => i);
      new Rng(deriveSeed(seed, "epoch", epoch)).shuffle(idx);
      p = Int32Array.from(idx);
      if (this.perms.size > 4 * this.dataSeeds.length + 8) this.perms.clear();
      this.perms.set(key, p);
    }
    return p;
  }

  /** Trials of update j of `epoch` for data seed `seed` (not stacked). */
  private trialsFor(seed: number, epoch: number, j: number): Trials {
    if (this.plan.mode === "fresh") {
      const update = epoch * this.plan.updatesPerEpoch + j;
      const t = this.task.trials({ batch: this.plan.batch, seed: deriveSeed(seed, "batch", update) });
      checkTrials(t, this.task, this.plan.batch);
      return t;
    }
    const set = this.trainSet(seed);
    const perm = this.permutation(seed, epoch);
    const start = j * this.plan.batch;
    const end = Math.min(start + this.plan.batch, this.plan.trainSize);
    return selectTrials(set, perm.subarray(start, end));
  }

  /**
   * The batch of update j in `epoch` for the networks `active` (indices into the population), stacked
   * in that order when each network has its own data.
   */
  batch(epoch: number, j: number, active: ReadonlyArray<number>): TrainBatch {
    const h0 = networkStates(this.networkH0, active, this.stateSize);
    if (this.shared) {
      const t = this.trialsFor(this.dataSeeds[0]!, epoch, j);
      return { data: toBatchData([t], active.length, false, this.stateSize, h0), lossScale: t.lossScale ?? this.task.lossScale ?? 1 };
    }
    if (this.plan.mode === "fixed") {
      const fast = this.fixedBatch(epoch, j, active, h0);
      if (fast) return fast;
    }
    const list = active.map((i) => this.trialsFor(this.dataSeeds[i]!, epoch, j));
    return { data: toBatchData(list, active.length, true, this.stateSize, h0), lossScale: list[0]!.lossScale ?? this.task.lossScale ?? 1 };
  }

  /**
   * Per-network batches of fixed training sets, copied straight from each set's rows into the stacked
   * [M, B, T, ·] arrays: the same values as selectTrials + toBatchData without the intermediate copies
   * (a tenth of a Turner population's run time went there). Sets whose trials fix h0 take the general path.
   */
  private fixedBatch(epoch: number, j: number, active: ReadonlyArray<number>, h0: Float32Array | undefined): TrainBatch | null {
    const sets = active.map((i) => this.trainSet(this.dataSeeds[i]!));
    const first = sets[0]!;
    if (sets.some((t) => t.h0 || t.time !== first.time)) return null;
    const start = j * this.plan.batch;
    const n = Math.min(start + this.plan.batch, this.plan.trainSize) - start;
    const { time, inputSize, outputSize } = first;
    const M = active.length;
    const inputs = new Float32Array(M * n * time * inputSize);
    const targets = new Float32Array(M * n * time * outputSize);
    const mask = new Float32Array(M * n * time * outputSize);
    const wi = time * inputSize, wo = time * outputSize;
    active.forEach((i, k) => {
      const set = sets[k]!;
      const perm = this.permutation(this.dataSeeds[i]!, epoch);
      for (let r = 0; r < n; r++) {
        const row = perm[start + r]!, at = k * n + r;
        inputs.set(set.inputs.subarray(row * wi, (row + 1) * wi), at * wi);
        targets.set(set.targets.subarray(row * wo, (row + 1) * wo), at * wo);
        mask.set(set.mask.subarray(row * wo, (row + 1) * wo), at * wo);
      }
    });
    const data: BatchData = { batch: n, time, perNetworkData: true, inputs, targets, mask, ...(h0 ? { h0: expandNetworkH0(h0, M, n, this.stateSize) } : {}) };
    return { data, lossScale: first.lossScale ?? this.task.lossScale ?? 1 };
  }
}

function checkTrials(t: Trials, task: TrainTask, batch: number): void {
  if (t.batch !== batch) throw new Error(`task "${task.name}".trials returned batch ${t.batch}, asked for ${batch}.`);
  if (t.inputs.length !== t.batch * t.time * t.inputSize) {
    throw new Error(`task "${task.name}": inputs has ${t.inputs.length} values, expected batch·time·inputSize = ${t.batch * t.time * t.inputSize}.`);
  }
}

/** A subset of trials (rows of [B, T, C] arrays). */
export function selectTrials(t: Trials, rows: ArrayLike<number>): Trials {
  const n = rows.length;
  const take = (a: Float32Array, width: number): Float32Array => {
    const out = new Float32Array(n * width);
    for (let r = 0; r < n; r++) out.set(a.subarray(rows[r]! * width, (rows[r]! + 1) * width), r * width);
    return out;
  };
  const meta = Array.from({ length: n }, (_, r) => t.meta[rows[r]!]!);
  const periods = Array.from({ length: n }, (_, r) => t.periods[rows[r]!]!);
  return {
    ...t,
    batch: n,
    inputs: take(t.inputs, t.time * t.inputSize),
    targets: take(t.targets, t.time * t.outputSize),
    mask: take(t.mask, t.time * t.outputSize),
    meta,
    periods,
    h0: t.h0 ? take(t.h0, t.h0.length / t.batch) : undefined,
  };
}

/** The fixed initial states [networks.length, S] of the networks `which`, in that order (undefined: none). */
export function networkStates(all: Float32Array | undefined, which: ReadonlyArray<number>, stateSize: number): Float32Array | undefined {
  if (!all) return undefined;
  const out = new Float32Array(which.length * stateSize);
  which.forEach((i, k) => out.set(all.subarray(i * stateSize, (i + 1) * stateSize), k * stateSize));
  return out;
}

/**
 * Kernel batch from trials. perNetwork: list has one Trials per stacked network ([M,B,T,·]);
 * else list[0] is shared ([B,T,·]). h0 is always expanded to [M,B,S]: the task's when it fixes the
 * initial state (it is part of the trial's definition), else each network's own (`networkH0`
 * [M,S], an imported learned state), else none (zeros).
 */
export function toBatchData(list: ReadonlyArray<Trials>, networks: number, perNetwork: boolean, stateSize: number, networkH0?: Float32Array): BatchData {
  const first = list[0]!;
  const { batch, time } = first;
  for (const t of list) {
    if (t.batch !== batch || t.time !== time) {
      throw new Error(`all networks' trials in one update must share batch and time; got ${t.batch}×${t.time} vs ${batch}×${time}.`);
    }
  }
  const cat = (pick: (t: Trials) => Float32Array): Float32Array => {
    if (!perNetwork) return pick(first);
    const per = pick(first).length;
    const out = new Float32Array(per * list.length);
    list.forEach((t, i) => out.set(pick(t), i * per));
    return out;
  };
  let h0: Float32Array | undefined;
  if (list.some((t) => t.h0)) {
    const width = first.h0 ? first.h0.length / batch : stateSize;
    if (width !== stateSize) {
      throw new Error(`task h0 has ${width} values per trial but the model state has ${stateSize}; pick a model whose state size matches the task.`);
    }
    h0 = new Float32Array(networks * batch * stateSize);
    for (let i = 0; i < networks; i++) {
      const src = (perNetwork ? list[i]! : first).h0;
      if (src) h0.set(src, i * batch * stateSize);
    }
  } else if (networkH0) {
    h0 = expandNetworkH0(networkH0, networks, batch, stateSize);
  }
  return {
    batch,
    time,
    perNetworkData: perNetwork,
    inputs: cat((t) => t.inputs),
    targets: cat((t) => t.targets),
    mask: cat((t) => t.mask),
    ...(h0 ? { h0 } : {}),
  };
}

/** Each network's own initial state [M, S] repeated for its `batch` trials: [M, B, S]. */
function expandNetworkH0(networkH0: Float32Array, networks: number, batch: number, stateSize: number): Float32Array {
  if (networkH0.length !== networks * stateSize) throw new Error(`network initial states have ${networkH0.length} values, expected ${networks}·${stateSize}.`);
  const h0 = new Float32Array(networks * batch * stateSize);
  for (let i = 0; i < networks; i++) {
    const own = networkH0.subarray(i * stateSize, (i + 1) * stateSize);
    for (let b = 0; b < batch; b++) h0.set(own, (i * batch + b) * stateSize);
  }
  return h0;
}

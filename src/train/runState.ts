/**
 * The state of a training run: which networks it trains, the fingerprint of its options, the arrays
 * and per-network bookkeeping that change while it trains, and how that state is started fresh,
 * resumed from a snapshot and saved.
 */
import type { ModelSpec, Population } from "../core/types";
import { initModel, stackModels, stateSize } from "../models";
import type { ResolvedData } from "./batches";
import { createAdamState, type AdamConfig, type AdamState } from "./adam";
import { cloneArrays, gatherNetworks, newHistory, newNetState, type NetState } from "./netState";
import { fingerprintMismatch, readSnapshot, writeSnapshot } from "./snapshot";
import type { CheckpointRecord, NetworkHistory, StopOptions, TrainOptions } from "./types";

/** What one training run holds while it trains (arrays are [M, …] over its M networks). */
export interface RunState {
  readonly params: Record<string, Float32Array>;
  readonly initialParams: Record<string, Float32Array>;
  readonly best: Record<string, Float32Array>;
  readonly adam: AdamState;
  readonly nets: NetState[];
  readonly histories: NetworkHistory[];
  readonly checkpoints: CheckpointRecord[];
  epoch: number;
  update: number;
  /** Training time of the sittings before this one (ms). */
  readonly elapsedBefore: number;
  readonly resumedFromEpoch?: number;
  finished: boolean;
}

/** The global indices a run trains: all of 0..total-1, or the given strictly increasing subset. */
export function resolveMembers(members: ReadonlyArray<number> | undefined, total: number): number[] {
  if (members === undefined) return Array.from({ length: total }, (_, i) => i);
  if (members.length === 0) throw new Error("members is empty: give at least one network index, or leave it out to train all networks.");
  members.forEach((g, k) => {
    if (!Number.isInteger(g) || g < 0 || g >= total) throw new Error(`members[${k}] = ${g} is not a network index of a population of ${total} (0–${total - 1}).`);
    if (k > 0 && g <= members[k - 1]!) throw new Error(`members must be strictly increasing (members[${k - 1}] = ${members[k - 1]}, members[${k}] = ${g}).`);
  });
  return Array.from(members);
}

/** The networks `which` of a population, as a population of their own. */
export function subPopulation(pop: Population, which: ReadonlyArray<number>): Population {
  const S = stateSize(pop.spec);
  return {
    ...pop,
    size: which.length,
    params: gatherNetworks(pop.params, pop.size, which),
    members: which.map((g) => pop.members[g]!),
    ...(pop.initialStates ? { initialStates: Float32Array.from(which.flatMap((g) => Array.from(pop.initialStates!.subarray(g * S, (g + 1) * S)))) } : {}),
  };
}

/** The resolved options a run's results depend on: a resume must match them exactly. */
export interface FingerprintParts {
  readonly task: string;
  readonly spec: ModelSpec;
  readonly total: number;
  readonly globalIndex: ReadonlyArray<number>;
  readonly sameInit: boolean;
  readonly sameData: boolean;
  readonly plan: ResolvedData;
  readonly lrInit: ReadonlyArray<number>;
  readonly adamCfg: AdamConfig;
  readonly blowup: unknown;
  readonly minDelta: number;
  readonly validateEvery: number;
}

export function runFingerprint(options: TrainOptions, p: FingerprintParts): Record<string, unknown> {
  return {
    task: p.task,
    spec: p.spec,
    networks: p.total,
    ...(options.members ? { members: p.globalIndex } : {}),
    seed: options.seed,
    sameInit: p.sameInit,
    sameData: p.sameData,
    init: options.init ?? null,
    initial: options.initial ? "given" : null,
    data: { mode: p.plan.mode, batch: p.plan.batch, trainSize: p.plan.trainSize, updatesPerEpoch: p.plan.updatesPerEpoch },
    lr: p.lrInit,
    adam: p.adamCfg,
    clipNorm: options.clipNorm ?? null,
    blowup: p.blowup,
    trainable: Object.fromEntries(Object.entries(options.trainable ?? {}).map(([k, v]) => [k, typeof v === "boolean" || v === undefined ? v : Array.from(v)])),
    minDelta: p.minDelta,
    validateEvery: p.validateEvery,
    checkpointEvery: options.checkpointEvery ?? null,
  };
}

/** How a run starts when it is not resumed: its networks, seeds and learning rates. */
export interface FreshStart {
  readonly spec: ModelSpec;
  readonly total: number;
  readonly globalIndex: ReadonlyArray<number>;
  readonly seeds: ReadonlyArray<{ initSeed: number; dataSeed: number }>;
  readonly members: ReadonlyArray<{ index: number; initSeed: number; dataSeed: number }>;
  readonly lrInit: ReadonlyArray<number>;
}

/**
 * The state a run starts from: the snapshot in outDir when resumed (refused if its fingerprint
 * differs), otherwise the initial population (given, or initialised from the members' seeds).
 */
export function startRunState(options: TrainOptions, fingerprint: Record<string, unknown>, fresh: FreshStart): RunState {
  const snap = options.resume && options.outDir ? readSnapshot(options.outDir) : null;
  if (options.resume && !options.outDir) throw new Error("resume: true needs outDir (where the snapshots are).");
  const M = fresh.globalIndex.length;
  if (snap) {
    const mismatch = fingerprintMismatch(snap.meta.fingerprint, fingerprint);
    if (mismatch) throw new Error(`cannot resume from ${options.outDir}: the options differ from the saved run (${mismatch}). Use the original options or a new outDir.`);
    const state: RunState = {
      params: snap.arrays.params,
      best: snap.arrays.best,
      initialParams: snap.arrays.initial,
      adam: { networks: M, m: snap.arrays.adamM, v: snap.arrays.adamV, step: Int32Array.from(snap.meta.adamStep) },
      nets: snap.meta.nets.map((n) => ({ ...n })),
      histories: snap.meta.histories,
      checkpoints: snap.meta.checkpoints,
      epoch: snap.meta.epoch,
      update: snap.meta.update,
      elapsedBefore: snap.meta.elapsedMs,
      resumedFromEpoch: snap.meta.epoch,
      finished: snap.meta.done,
    };
    reopenForBudget(state, options.stop ?? {});
    return state;
  }
  let pop: Population;
  if (options.initial) {
    if (options.initial.size !== fresh.total) throw new Error(`initial population has ${options.initial.size} networks, networks = ${fresh.total}.`);
    pop = options.members ? subPopulation(options.initial, fresh.globalIndex) : options.initial;
  } else {
    const models = fresh.seeds.map((s) => initModel(fresh.spec, { seed: s.initSeed, ...(options.init ?? {}) }));
    pop = stackModels(models, fresh.members);
  }
  const params = cloneArrays(pop.params);
  return {
    params,
    initialParams: cloneArrays(pop.params),
    best: cloneArrays(pop.params),
    adam: createAdamState(params, M),
    nets: fresh.lrInit.map((lr) => newNetState(lr)),
    histories: Array.from({ length: M }, () => newHistory()),
    checkpoints: [],
    epoch: 0,
    update: 0,
    elapsedBefore: 0,
    finished: false,
  };
}

/** A larger budget on resume continues the networks that stopped only for lack of budget. */
function reopenForBudget(state: RunState, stop: StopOptions): void {
  const budgetLeft = (stop.maxUpdates === undefined || state.update < stop.maxUpdates) && (stop.maxEpochs === undefined || state.epoch < stop.maxEpochs);
  if (!budgetLeft) return;
  for (const n of state.nets) if (n.stopReason === "max-updates" || n.stopReason === "max-epochs") n.stopReason = null;
  if (state.nets.some((n) => n.stopReason === null)) state.finished = false;
}

/** Writes the run's state to outDir (the snapshot a resume starts from). */
export function saveRunState(outDir: string, state: RunState, fingerprint: Record<string, unknown>, kernelName: string, elapsedMs: number, done: boolean): void {
  writeSnapshot(
    outDir,
    { params: state.params, best: state.best, initial: state.initialParams, adamM: state.adam.m, adamV: state.adam.v },
    {
      format: "rnn-atlas-train-state",
      version: 1,
      fingerprint,
      epoch: state.epoch,
      update: state.update,
      adamStep: Array.from(state.adam.step),
      nets: state.nets,
      histories: state.histories,
      checkpoints: state.checkpoints,
      kernel: kernelName,
      elapsedMs,
      done,
    },
  );
}

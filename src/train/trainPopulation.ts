/**
 * Population training: M networks of one spec trained together, one fused kernel call per update.
 * This module resolves the options and runs the epochs; the pieces are
 *   - ./runState: members, fingerprint, fresh start, resume from and save to snapshots,
 *   - ./updateLoop: one epoch's updates (batch → fused loss and gradient → masks, clipping, Adam) and validation,
 *   - ./stopRules: best weights, checkpoints, blow-up restore, stop rules, budget, divergence and discard,
 *   - ./progress: what the reporters show.
 */
import { deriveSeed } from "../core/random";
import type { ModelSpec, Population } from "../core/types";
import * as kernels from "../kernels";
import type { RnnKernel } from "../kernels/types";
import { stateSize } from "../models";
import { getTask } from "../tasks";
import { claimRunFolder } from "../io/runFolder";
import { trainOnSlurm } from "../cluster/trainOnSlurm";
import { checkTrainingFits } from "./memory";
import { kernelInterruptSignal } from "../core/interrupt";
import { DEFAULT_ADAM, type AdamConfig } from "./adam";
import { BatchSource, resolveData } from "./batches";
import { validateMasks } from "./gradients";
import { cloneArrays, copyNetwork } from "./netState";
import { makeReporter, progressInfoOf } from "./progress";
import { resolveMembers, runFingerprint, saveRunState, startRunState, subPopulation } from "./runState";
import { applyStopRules, budgetReached, closeEpoch, discarded, diverged, endOfBudget, stopNet } from "./stopRules";
import { runEpochUpdates, validateNetworks, type RunTimings } from "./updateLoop";
import type { NetworkRecord, ProgressInfo, TrainOptions, TrainResult, TrainTask } from "./types";

export { DIVERGED_RATIO } from "./stopRules";

/** Error thrown on NaN/Inf (onNonFinite "throw"); names the network, epoch, update and array. */
export class NonFiniteError extends Error {
  constructor(
    message: string,
    readonly network: number,
    readonly epoch: number,
    readonly update: number,
    readonly array: string,
  ) {
    super(message);
    this.name = "NonFiniteError";
  }
}

export function resolveTask(task: TrainTask | string): TrainTask {
  return typeof task === "string" ? (getTask(task) as unknown as TrainTask) : task;
}

export function resolveSpec(spec: TrainOptions["spec"], task: TrainTask): ModelSpec {
  const full = { ...spec, inputSize: spec.inputSize ?? task.inputSize, outputSize: spec.outputSize ?? task.outputSize } as ModelSpec;
  if (full.inputSize !== task.inputSize) throw new Error(`spec.inputSize ${full.inputSize} ≠ task "${task.name}" inputSize ${task.inputSize}.`);
  if (full.outputSize !== task.outputSize) throw new Error(`spec.outputSize ${full.outputSize} ≠ task "${task.name}" outputSize ${task.outputSize}.`);
  if (!Number.isInteger(full.hiddenSize) || full.hiddenSize < 1) throw new Error(`spec.hiddenSize must be a positive integer, got ${full.hiddenSize}.`);
  return full;
}

/** Init and data seed of network i (the sameInit/sameData options collapse them to one value). */
export function memberSeeds(seed: number, i: number, sameInit: boolean, sameData: boolean): { initSeed: number; dataSeed: number } {
  return {
    initSeed: sameInit ? deriveSeed(seed, "init") : deriveSeed(seed, "init", i),
    dataSeed: sameData ? deriveSeed(seed, "data") : deriveSeed(seed, "data", i),
  };
}

const now = (): number => performance.now();

/** Steps of one training trial (from one sampled trial; 1 if the task cannot tell). */
function trialSteps(task: { trials?: (o: { batch: number; seed: number }) => { time: number } }): number {
  try {
    return task.trials ? task.trials({ batch: 1, seed: 0 }).time : 1;
  } catch {
    return 1;
  }
}

/** The fastest available kernel (kernels.getKernel: native addon if it loads, else JS). */
export function defaultKernel(): RnnKernel {
  const k = kernels as unknown as { getKernel?: () => RnnKernel; jsKernel: RnnKernel };
  return k.getKernel ? k.getKernel() : k.jsKernel;
}

export async function trainPopulation(options: TrainOptions): Promise<TrainResult> {
  if (options.executor?.kind === "slurm") {
    const { executor, ...rest } = options;
    return trainOnSlurm(rest, executor.options);
  }
  // The folder is claimed for the whole run: a run it holds is refused unless resumed or replaced
  // (moved aside), and a lock keeps a second writer out.
  const claim = options.outDir ? claimRunFolder(options.outDir, { resume: options.resume, overwrite: options.overwrite }) : null;
  try {
    return await trainClaimed(options);
  } finally {
    claim?.release();
  }
}

async function trainClaimed(options: TrainOptions): Promise<TrainResult> {
  const tStart = now();
  const task = resolveTask(options.task);
  const spec = resolveSpec(options.spec, task);
  const total = options.networks;
  if (!Number.isInteger(total) || total < 1) throw new Error(`networks must be a positive integer, got ${total}.`);
  // A shard trains some members of the population; each keeps the seeds of its global index, so it
  // trains to the same bytes as in the whole population (networks never interact in training).
  const globalIndex = resolveMembers(options.members, total);
  const M = globalIndex.length;
  if (!Number.isFinite(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}.`);
  const sameInit = options.sameInit ?? false;
  const sameData = options.sameData ?? false;
  const kernel: RnnKernel = options.kernel ?? defaultKernel();
  const adamCfg: AdamConfig = { ...DEFAULT_ADAM, ...(options.adam ?? {}) };
  const stop = options.stop ?? {};
  const minDelta = stop.minDelta ?? 0;
  const blowup = options.blowup ? { factor: 3, lrFactor: 0.7, resetMoments: true, ...options.blowup } : null;
  const validateEvery = options.validateEvery ?? (stop.targetAccuracy !== undefined ? 1 : 0);
  if (validateEvery > 0 && !task.validation) throw new Error(`task "${task.name}" has no validation() set; drop validateEvery/targetAccuracy.`);
  if (stop.targetAccuracy !== undefined && !task.score) throw new Error(`task "${task.name}" has no score(); targetAccuracy needs it.`);
  if (stop.maxEpochs === undefined && stop.maxUpdates === undefined && stop.targetLoss === undefined && stop.targetAccuracy === undefined && stop.patience === undefined) {
    throw new Error("stop: give at least one of maxEpochs, maxUpdates, targetLoss, targetAccuracy or patience, otherwise training never ends.");
  }
  if (Array.isArray(options.lr) && options.lr.length !== total) throw new Error(`lr has ${options.lr.length} entries for ${total} networks.`);
  const lrInit = globalIndex.map((g) => (typeof options.lr === "number" || options.lr === undefined ? (options.lr ?? 1e-3) : options.lr[g]!));
  for (const lr of lrInit) if (!(lr > 0)) throw new Error(`lr must be > 0, got ${lr}.`);
  const plan = resolveData(options.data, task);
  const S = stateSize(spec);
  checkTrainingFits(spec, M, plan.batch, trialSteps(task));

  const seeds = globalIndex.map((g) => memberSeeds(options.seed, g, sameInit, sameData));
  const members = seeds.map((s, i) => ({ index: globalIndex[i]!, ...s }));
  const fingerprint = runFingerprint(options, { task: task.name, spec, total, globalIndex, sameInit, sameData, plan, lrInit, adamCfg, blowup, minDelta, validateEvery });
  const state = startRunState(options, fingerprint, { spec, total, globalIndex, seeds, members, lrInit });
  const { params, nets, histories } = state;

  const masks = validateMasks(options.trainable, params, M);
  // In a notebook, the kernel's interrupt stops training at the next epoch (see core/interrupt).
  const signal = options.signal ?? kernelInterruptSignal();
  const epochStart = cloneArrays(params);
  // An initial population's fixed initial states (imported learned h0) start every trial of training and validation.
  const networkH0 = options.initial?.initialStates && options.members ? subPopulation(options.initial, globalIndex).initialStates : options.initial?.initialStates;
  if (networkH0 && networkH0.length !== M * S) throw new Error(`initial population's initialStates have ${networkH0.length} values, expected [${M}, ${S}].`);
  const source = new BatchSource(task, seeds.map((s) => s.dataSeed), plan, S, networkH0);
  const validation = validateEvery > 0 ? task.validation!() : null;
  const reporter = makeReporter(options.reporter, options.progressLabel);

  const timings: RunTimings = { kernelMs: 0, scoringMs: 0, validationMs: 0, optimizerMs: 0, dataMs: 0, ioMs: 0 };
  const snapshotEvery = options.outDir ? (options.snapshotEvery ?? 50) : 0;
  const tLoop = now();
  const updatesAtStart = state.update;
  let lastYield = now();

  const activeList = (): number[] => nets.flatMap((n, i) => (n.stopReason === null ? [i] : []));
  const progressInfo = (done: boolean): ProgressInfo => {
    const runUpdates = state.update - updatesAtStart;
    return progressInfoOf(nets, {
      epoch: state.epoch,
      update: state.update,
      stop,
      updatesPerEpoch: plan.updatesPerEpoch,
      elapsedMs: state.elapsedBefore + (now() - tLoop),
      msPerUpdate: runUpdates > 0 ? (now() - tLoop) / runUpdates : NaN,
      done,
    });
  };
  const saveState = (done: boolean): void => {
    if (!options.outDir) return;
    const t = now();
    saveRunState(options.outDir, state, fingerprint, kernel.name, state.elapsedBefore + (now() - tLoop), done);
    timings.ioMs += now() - t;
  };
  const nonFinite = (i: number, what: string, detail: string): void => {
    const msg =
      `network ${globalIndex[i]} (init seed ${seeds[i]!.initSeed}, data seed ${seeds[i]!.dataSeed}) produced a non-finite ${what} ` +
      `at epoch ${state.epoch}, update ${state.update}: ${detail}. Lower the learning rate, set clipNorm, or pass onNonFinite: "mark-failed" to drop the network and continue.`;
    if ((options.onNonFinite ?? "throw") === "throw") {
      throw new NonFiniteError(msg, globalIndex[i]!, state.epoch, state.update, detail.split("[")[0]!.split(" ")[0]!);
    }
    nets[i]!.error = msg;
    stopNet(nets[i]!, "non-finite");
  };
  const updates = { spec, kernel, M, source, masks, adamCfg, clipNorm: options.clipNorm, maxUpdates: stop.maxUpdates, timings, nonFinite };
  const rules = { M, spec, minDelta, blowup, checkpointEvery: options.checkpointEvery, outDir: options.outDir, globalIndex, timings };

  while (!state.finished) {
    if (signal?.aborted) {
      // Epoch boundary: the state is consistent, so it is saved before stopping.
      saveState(false);
      throw new Error(
        `training stopped at epoch ${state.epoch} (${String((signal.reason as Error | undefined)?.message ?? "aborted")})` +
          (options.outDir ? `; the state is saved in ${options.outDir}: rerun with resume: true to continue.` : "; nothing was saved (no outDir)."),
      );
    }
    const active = activeList();
    if (active.length === 0) break;
    const budget = budgetReached(stop, state.epoch, state.update);
    if (budget) {
      for (const i of active) stopNet(nets[i]!, budget);
      break;
    }
    const sums = runEpochUpdates(updates, state, epochStart, active);
    const trained = closeEpoch(rules, state, sums, epochStart);
    state.epoch++;
    if (validation && state.epoch % validateEvery === 0) validateNetworks(updates, state, task, validation, networkH0, S, trained.filter((i) => nets[i]!.stopReason === null));
    applyStopRules(nets, trained, stop, state.epoch);
    if (snapshotEvery > 0 && state.epoch % snapshotEvery === 0) saveState(false);
    const info = progressInfo(false);
    reporter?.update(info);
    options.onProgress?.(info);
    if (now() - lastYield > 50) {
      // Let display messages, timers and abort signals through (timing-based, never affects results).
      await new Promise<void>((r) => setImmediate(r));
      lastYield = now();
    }
  }
  if (!state.finished) {
    for (const i of activeList()) stopNet(nets[i]!, endOfBudget(stop, state.update));
    saveState(true);
  }
  const finalInfo = progressInfo(true);
  reporter?.finish?.(finalInfo);
  options.onProgress?.(finalInfo);

  const restoreBest = options.restoreBest ?? true;
  const finalParams = cloneArrays(params);
  if (restoreBest) for (let i = 0; i < M; i++) if (nets[i]!.bestEpoch >= 0) copyNetwork(finalParams, state.best, M, i);
  const population: Population = {
    spec,
    size: M,
    params: finalParams,
    members: members.map((m, i) => ({ ...m, task: task.name, stopReason: nets[i]!.stopReason, bestLoss: nets[i]!.bestLoss })),
    ...(networkH0 ? { initialStates: networkH0.slice() } : {}),
  };
  const records: NetworkRecord[] = nets.map((n, i) => ({
    index: globalIndex[i]!,
    initSeed: seeds[i]!.initSeed,
    dataSeed: seeds[i]!.dataSeed,
    stopReason: n.stopReason ?? "max-epochs",
    epochs: n.epochs,
    updates: n.updates,
    bestLoss: n.bestLoss,
    bestEpoch: n.bestEpoch,
    finalLoss: n.lastLoss,
    lr: n.lr,
    restores: n.restores,
    ...(Number.isFinite(n.accuracy) ? { accuracy: n.accuracy } : {}),
    diverged: diverged(n),
    discarded: discarded(n, stop),
    ...(n.error ? { error: n.error } : {}),
  }));
  const totalMs = now() - tStart;
  const runUpdates = state.update - updatesAtStart;
  return {
    task: task.name,
    spec,
    population,
    initial: { spec, size: M, params: state.initialParams, members, ...(networkH0 ? { initialStates: networkH0.slice() } : {}) },
    networks: records,
    histories,
    checkpoints: state.checkpoints,
    epochs: state.epoch,
    updates: state.update,
    kernel: kernel.name,
    ...(state.resumedFromEpoch !== undefined ? { resumedFromEpoch: state.resumedFromEpoch } : {}),
    timings: { totalMs, ...timings, msPerUpdate: runUpdates > 0 ? (now() - tLoop) / runUpdates : NaN },
  };
}

/**
 * Population training: M networks of one spec trained together, one fused kernel call per update.
 *
 * Per update: batch (per-network or shared) → kernel.lossAndGrad on the still-active networks →
 * non-finite check → trainable masks → per-network clipping → per-network Adam.
 * Per epoch: epoch loss, best weights, blow-up restore, validation, stop rules, checkpoints,
 * snapshots, progress.
 */
import { deriveSeed } from "../core/random";
import type { ModelSpec, Population } from "../core/types";
import * as kernels from "../kernels";
import type { RnnKernel } from "../kernels/types";
import { initModel, stackModels, stateSize } from "../models";
import { getTask } from "../tasks";
import { claimRunFolder } from "../io/runFolder";
import { trainOnSlurm } from "../cluster/trainOnSlurm";
import { checkTrainingFits } from "./memory";
import { kernelInterruptSignal } from "../core/interrupt";
import { DEFAULT_ADAM, adamStep, createAdamState, resetAdamNetwork, type AdamConfig, type AdamState } from "./adam";
import { BatchSource, networkStates, resolveData, toBatchData } from "./batches";
import { applyMasks, clipGradients, findNonFinite, gradNorms, validateMasks } from "./gradients";
import { cloneArrays, copyNetwork, gatherNetworks, newHistory, newNetState, scatterNetworks, sliceNetwork, type NetState } from "./netState";
import { makeReporter } from "./progress";
import { fingerprintMismatch, readSnapshot, writeCheckpoint, writeSnapshot } from "./snapshot";
import type {
  CheckpointRecord,
  NetworkHistory,
  NetworkRecord,
  ProgressInfo,
  StopReason,
  TrainOptions,
  TrainResult,
  TrainTask,
} from "./types";

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

/** The global indices a run trains: all of 0..total-1, or the given strictly increasing subset. */
function resolveMembers(members: ReadonlyArray<number> | undefined, total: number): number[] {
  if (members === undefined) return Array.from({ length: total }, (_, i) => i);
  if (members.length === 0) throw new Error("members is empty: give at least one network index, or leave it out to train all networks.");
  members.forEach((g, k) => {
    if (!Number.isInteger(g) || g < 0 || g >= total) throw new Error(`members[${k}] = ${g} is not a network index of a population of ${total} (0–${total - 1}).`);
    if (k > 0 && g <= members[k - 1]!) throw new Error(`members must be strictly increasing (members[${k - 1}] = ${members[k - 1]}, members[${k}] = ${g}).`);
  });
  return Array.from(members);
}

/** The networks `which` of a population, as a population of their own. */
function subPopulation(pop: Population, which: ReadonlyArray<number>): Population {
  const S = stateSize(pop.spec);
  return {
    ...pop,
    size: which.length,
    params: gatherNetworks(pop.params, pop.size, which),
    members: which.map((g) => pop.members[g]!),
    ...(pop.initialStates ? { initialStates: Float32Array.from(which.flatMap((g) => Array.from(pop.initialStates!.subarray(g * S, (g + 1) * S)))) } : {}),
  };
}

/** Steps of one training trial (from one sampled trial; 1 if the task cannot tell). */
function trialSteps(task: { trials?: (o: { batch: number; seed: number }) => { time: number } }): number {
  try {
    return task.trials ? task.trials({ batch: 1, seed: 0 }).time : 1;
  } catch {
    return 1;
  }
}

/**
 * A last-epoch loss this many times the best loss means the run blew up, not that it is noisy: epoch
 * losses of a converging run stay within a few × of the best (the blow-up rule restores at 3×).
 */
export const DIVERGED_RATIO = 100;
const diverged = (n: NetState): boolean => n.epochs > 0 && (!Number.isFinite(n.lastLoss) || n.lastLoss > DIVERGED_RATIO * n.bestLoss);

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

  const fingerprint: Record<string, unknown> = {
    task: task.name,
    spec,
    networks: total,
    ...(options.members ? { members: globalIndex } : {}),
    seed: options.seed,
    sameInit,
    sameData,
    init: options.init ?? null,
    initial: options.initial ? "given" : null,
    data: { mode: plan.mode, batch: plan.batch, trainSize: plan.trainSize, updatesPerEpoch: plan.updatesPerEpoch },
    lr: lrInit,
    adam: adamCfg,
    clipNorm: options.clipNorm ?? null,
    blowup,
    trainable: Object.fromEntries(Object.entries(options.trainable ?? {}).map(([k, v]) => [k, typeof v === "boolean" || v === undefined ? v : Array.from(v)])),
    minDelta,
    validateEvery,
    checkpointEvery: options.checkpointEvery ?? null,
  };

  // ---- state ----
  let params: Record<string, Float32Array>;
  let initialParams: Record<string, Float32Array>;
  let best: Record<string, Float32Array>;
  let adam: AdamState;
  let nets: NetState[];
  let histories: NetworkHistory[];
  let checkpoints: CheckpointRecord[];
  let epoch = 0;
  let update = 0;
  let elapsedBefore = 0;
  let resumedFromEpoch: number | undefined;
  let finished = false;

  const snap = options.resume && options.outDir ? readSnapshot(options.outDir) : null;
  if (options.resume && !options.outDir) throw new Error("resume: true needs outDir (where the snapshots are).");
  if (snap) {
    const mismatch = fingerprintMismatch(snap.meta.fingerprint, fingerprint);
    if (mismatch) throw new Error(`cannot resume from ${options.outDir}: the options differ from the saved run (${mismatch}). Use the original options or a new outDir.`);
    params = snap.arrays.params;
    best = snap.arrays.best;
    initialParams = snap.arrays.initial;
    adam = { networks: M, m: snap.arrays.adamM, v: snap.arrays.adamV, step: Int32Array.from(snap.meta.adamStep) };
    nets = snap.meta.nets.map((n) => ({ ...n }));
    histories = snap.meta.histories;
    checkpoints = snap.meta.checkpoints;
    epoch = snap.meta.epoch;
    update = snap.meta.update;
    elapsedBefore = snap.meta.elapsedMs;
    resumedFromEpoch = epoch;
    finished = snap.meta.done;
    // A larger budget on resume continues the networks that stopped only for lack of budget.
    const budgetLeft = (stop.maxUpdates === undefined || update < stop.maxUpdates) && (stop.maxEpochs === undefined || epoch < stop.maxEpochs);
    if (budgetLeft) {
      for (const n of nets) if (n.stopReason === "max-updates" || n.stopReason === "max-epochs") n.stopReason = null;
      if (nets.some((n) => n.stopReason === null)) finished = false;
    }
  } else {
    let pop: Population;
    if (options.initial) {
      if (options.initial.size !== total) throw new Error(`initial population has ${options.initial.size} networks, networks = ${total}.`);
      pop = options.members ? subPopulation(options.initial, globalIndex) : options.initial;
    } else {
      const models = seeds.map((s) => initModel(spec, { seed: s.initSeed, ...(options.init ?? {}) }));
      pop = stackModels(models, members);
    }
    params = cloneArrays(pop.params);
    initialParams = cloneArrays(pop.params);
    best = cloneArrays(pop.params);
    adam = createAdamState(params, M);
    nets = lrInit.map((lr) => newNetState(lr));
    histories = Array.from({ length: M }, () => newHistory());
    checkpoints = [];
  }
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

  const timings = { kernelMs: 0, optimizerMs: 0, dataMs: 0, ioMs: 0 };
  const snapshotEvery = options.outDir ? (options.snapshotEvery ?? 50) : 0;
  const tLoop = now();
  const updatesAtStart = update;
  let lastYield = now();

  const activeList = (): number[] => nets.flatMap((n, i) => (n.stopReason === null ? [i] : []));
  const stopNet = (i: number, reason: StopReason): void => {
    if (nets[i]!.stopReason === null) nets[i]!.stopReason = reason;
  };

  const progressInfo = (done: boolean): ProgressInfo => {
    const elapsed = elapsedBefore + (now() - tLoop);
    const runUpdates = update - updatesAtStart;
    const msPerUpdate = runUpdates > 0 ? (now() - tLoop) / runUpdates : NaN;
    let etaMs: number | undefined;
    const remaining = Math.min(
      stop.maxUpdates !== undefined ? stop.maxUpdates - update : Infinity,
      stop.maxEpochs !== undefined ? (stop.maxEpochs - epoch) * plan.updatesPerEpoch : Infinity,
    );
    if (Number.isFinite(remaining) && Number.isFinite(msPerUpdate)) etaMs = Math.max(0, remaining) * msPerUpdate;
    if (done) etaMs = 0;
    return {
      epoch,
      update,
      ...(stop.maxEpochs !== undefined ? { maxEpochs: stop.maxEpochs } : {}),
      ...(stop.maxUpdates !== undefined ? { maxUpdates: stop.maxUpdates } : {}),
      elapsedMs: elapsed,
      ...(etaMs !== undefined ? { etaMs } : {}),
      loss: nets.map((n) => n.lastLoss),
      bestLoss: nets.map((n) => n.bestLoss),
      lr: nets.map((n) => n.lr),
      accuracy: nets.map((n) => n.accuracy),
      active: nets.filter((n) => n.stopReason === null).length,
      networks: M,
      stopped: nets.map((n) => n.stopReason),
      done,
    };
  };

  const saveState = (done: boolean): void => {
    if (!options.outDir) return;
    const t = now();
    writeSnapshot(
      options.outDir,
      { params, best, initial: initialParams, adamM: adam.m, adamV: adam.v },
      {
        format: "rnn-atlas-train-state",
        version: 1,
        fingerprint,
        epoch,
        update,
        adamStep: Array.from(adam.step),
        nets,
        histories,
        checkpoints,
        kernel: kernel.name,
        elapsedMs: elapsedBefore + (now() - tLoop),
        done,
      },
    );
    timings.ioMs += now() - t;
  };

  const nonFinite = (i: number, what: string, detail: string): void => {
    const msg =
      `network ${globalIndex[i]} (init seed ${seeds[i]!.initSeed}, data seed ${seeds[i]!.dataSeed}) produced a non-finite ${what} ` +
      `at epoch ${epoch}, update ${update}: ${detail}. Lower the learning rate, set clipNorm, or pass onNonFinite: "mark-failed" to drop the network and continue.`;
    if ((options.onNonFinite ?? "throw") === "throw") {
      throw new NonFiniteError(msg, globalIndex[i]!, epoch, update, detail.split("[")[0]!.split(" ")[0]!);
    }
    nets[i]!.error = msg;
    stopNet(i, "non-finite");
  };

  const validate = (which: number[]): void => {
    if (!validation || which.length === 0) return;
    const t = now();
    const res = kernel.forward({
      spec,
      networks: which.length,
      params: which.length === M ? params : gatherNetworks(params, M, which),
      data: toBatchData([validation], which.length, false, S, networkStates(networkH0, which, S)),
      lossScale: validation.lossScale ?? task.lossScale ?? 1,
    });
    timings.kernelMs += now() - t;
    const per = validation.batch * validation.time * validation.outputSize;
    which.forEach((i, k) => {
      const outputs = res.outputs.subarray(k * per, (k + 1) * per);
      const accuracy = task.score ? task.score(validation, outputs).accuracy : NaN;
      const loss = res.loss ? res.loss[k]! : NaN;
      nets[i]!.accuracy = accuracy;
      histories[i]!.validation.push({ epoch: epoch, loss, accuracy });
    });
  };

  while (!finished) {
    if (signal?.aborted) {
      // Epoch boundary: the state is consistent, so it is saved before stopping.
      saveState(false);
      throw new Error(
        `training stopped at epoch ${epoch} (${String((signal.reason as Error | undefined)?.message ?? "aborted")})` +
          (options.outDir ? `; the state is saved in ${options.outDir}: rerun with resume: true to continue.` : "; nothing was saved (no outDir)."),
      );
    }
    let active = activeList();
    if (active.length === 0) break;
    if (stop.maxEpochs !== undefined && epoch >= stop.maxEpochs) {
      for (const i of active) stopNet(i, "max-epochs");
      break;
    }
    if (stop.maxUpdates !== undefined && update >= stop.maxUpdates) {
      for (const i of active) stopNet(i, "max-updates");
      break;
    }
    const lossSum = new Float64Array(M);
    const normSum = new Float64Array(M);
    const count = new Int32Array(M);
    const nUpdates = source.updatesIn(epoch);
    // The best weights are judged by the loss of the weights that are kept. The epoch's mean loss is
    // measured while the weights move, so it belongs to no single set of weights; the candidate is
    // the weights at the epoch's start, with their own loss on every batch of the epoch (batch 0 is
    // the first update's own forward pass; later batches take one extra forward pass each).
    for (const [name, a] of Object.entries(params)) epochStart[name]!.set(a);
    const startLossSum = new Float64Array(M);
    const startCount = new Int32Array(M);
    for (let j = 0; j < nUpdates; j++) {
      if (stop.maxUpdates !== undefined && update >= stop.maxUpdates) break;
      active = active.filter((i) => nets[i]!.stopReason === null);
      if (active.length === 0) break;
      let t = now();
      const batch = source.batch(epoch, j, active);
      timings.dataMs += now() - t;

      t = now();
      const compact = active.length < M;
      // This batch for the active networks with the given weights (all M, or gathered).
      const request = (weights: Record<string, Float32Array>) => ({
        spec,
        networks: active.length,
        params: compact ? gatherNetworks(weights, M, active) : weights,
        data: batch.data,
        lossScale: batch.lossScale,
      });
      if (j > 0) {
        const atStart = kernel.forward(request(epochStart));
        active.forEach((i, k) => {
          startLossSum[i]! += atStart.loss![k]!;
          startCount[i]!++;
        });
      }
      const res = kernel.lossAndGrad(request(params));
      timings.kernelMs += now() - t;

      t = now();
      const grads = compact ? scatterNetworks(res.grads, M, active) : res.grads;
      const stepping: number[] = [];
      active.forEach((i, k) => {
        const loss = res.loss[k]!;
        if (j === 0) {
          startLossSum[i]! += loss; // no update yet: this is the loss of the epoch's start weights
          startCount[i]!++;
        }
        if (!Number.isFinite(loss)) return nonFinite(i, "loss", `loss = ${loss}`);
        const bad = findNonFinite(grads, M, i);
        if (bad) return nonFinite(i, "gradient", `${bad.name}[${bad.offset}] = ${grads[bad.name]![i * (grads[bad.name]!.length / M) + bad.offset]}`);
        lossSum[i]! += loss;
        count[i]!++;
        stepping.push(i);
      });
      applyMasks(grads, masks, M);
      const norms = gradNorms(grads, M);
      for (const i of stepping) normSum[i]! += norms[i]!;
      if (options.clipNorm !== undefined) clipGradients(grads, norms, options.clipNorm, M);
      adamStep(params, grads, adam, nets.map((n) => n.lr), stepping, adamCfg);
      for (const i of stepping) {
        const bad = findNonFinite(params, M, i);
        if (bad) nonFinite(i, "parameter after the Adam step", `${bad.name}[${bad.offset}]`);
        nets[i]!.updates++;
      }
      timings.optimizerMs += now() - t;
      update++;
    }

    // ---- end of epoch: per-network bookkeeping ----
    const trained = active.filter((i) => count[i]! > 0);
    for (const i of trained) {
      const n = nets[i]!;
      const h = histories[i]!;
      const epochLoss = lossSum[i]! / count[i]!;
      n.lastLoss = epochLoss;
      n.epochs++;
      h.loss.push(epochLoss);
      h.gradNorm.push(normSum[i]! / count[i]!);
      h.lr.push(n.lr);
      if (n.stopReason !== null) continue; // failed after its last update (non-finite params)
      // A network that went non-finite mid-epoch has a partial count; its start loss still stands.
      const startLoss = startCount[i]! > 0 ? startLossSum[i]! / startCount[i]! : NaN;
      if (startLoss < n.bestLoss - minDelta) {
        n.bestLoss = startLoss;
        n.bestEpoch = epoch;
        n.sinceImprovement = 0;
        n.improvements++;
        copyNetwork(best, epochStart, M, i);
        if (options.checkpointEvery && n.improvements % options.checkpointEvery === 0) {
          const tc = now();
          const weights = sliceNetwork(epochStart, M, i);
          if (options.outDir) {
            const file = writeCheckpoint(options.outDir, { spec, params: weights }, globalIndex[i]!, epoch, startLoss);
            checkpoints.push({ network: globalIndex[i]!, epoch, loss: startLoss, path: file });
          } else {
            checkpoints.push({ network: globalIndex[i]!, epoch, loss: startLoss, params: weights });
          }
          timings.ioMs += now() - tc;
        }
      } else {
        n.sinceImprovement++;
        if (blowup && epochLoss > blowup.factor * n.bestLoss) {
          copyNetwork(params, best, M, i);
          if (blowup.resetMoments) resetAdamNetwork(adam, i);
          n.lr *= blowup.lrFactor;
          n.restores++;
          h.restores.push(epoch);
        }
      }
    }
    epoch++;
    if (validateEvery > 0 && epoch % validateEvery === 0) validate(trained.filter((i) => nets[i]!.stopReason === null));
    for (const i of trained) {
      const n = nets[i]!;
      if (n.stopReason !== null) continue;
      if (stop.targetLoss !== undefined && n.bestLoss < stop.targetLoss) stopNet(i, "target-loss");
      else if (stop.targetAccuracy !== undefined && n.accuracy >= stop.targetAccuracy) stopNet(i, "target-accuracy");
      else if (stop.fail && epoch >= stop.fail.afterEpoch && n.bestLoss > stop.fail.lossAbove) stopNet(i, "failed-loss");
      else if (stop.patience !== undefined && n.sinceImprovement >= stop.patience) stopNet(i, "patience");
      else if (stop.minLr !== undefined && n.lr < stop.minLr) stopNet(i, "min-lr");
    }
    if (snapshotEvery > 0 && epoch % snapshotEvery === 0) saveState(false);
    const info = progressInfo(false);
    reporter?.update(info);
    options.onProgress?.(info);
    if (now() - lastYield > 50) {
      // Let display messages, timers and abort signals through (timing-based, never affects results).
      await new Promise<void>((r) => setImmediate(r));
      lastYield = now();
    }
  }
  if (!finished) {
    for (const i of activeList()) stopNet(i, stop.maxUpdates !== undefined && update >= stop.maxUpdates ? "max-updates" : "max-epochs");
    saveState(true);
  }
  const finalInfo = progressInfo(true);
  reporter?.finish?.(finalInfo);
  options.onProgress?.(finalInfo);

  const restoreBest = options.restoreBest ?? true;
  const finalParams = cloneArrays(params);
  if (restoreBest) for (let i = 0; i < M; i++) if (nets[i]!.bestEpoch >= 0) copyNetwork(finalParams, best, M, i);
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
    discarded: n.stopReason === "non-finite" || diverged(n) || (stop.discardAbove !== undefined && !(n.bestLoss <= stop.discardAbove)),
    ...(n.error ? { error: n.error } : {}),
  }));
  const totalMs = now() - tStart;
  const runUpdates = update - updatesAtStart;
  return {
    task: task.name,
    spec,
    population,
    initial: { spec, size: M, params: initialParams, members, ...(networkH0 ? { initialStates: networkH0.slice() } : {}) },
    networks: records,
    histories,
    checkpoints,
    epochs: epoch,
    updates: update,
    kernel: kernel.name,
    ...(resumedFromEpoch !== undefined ? { resumedFromEpoch } : {}),
    timings: { totalMs, ...timings, msPerUpdate: runUpdates > 0 ? (now() - tLoop) / runUpdates : NaN },
  };
}

/**
 * One epoch's updates of a population run, and its validation pass.
 *
 * Per update: batch (per-network or shared) → kernel.lossAndGrad on the still-active networks →
 * non-finite check → trainable masks → per-network clipping → per-network Adam.
 */
import type { ModelSpec, Trials } from "../core/types";
import type { RnnKernel } from "../kernels/types";
import { adamStep, type AdamConfig } from "./adam";
import { BatchSource, networkStates, toBatchData } from "./batches";
import { applyMasks, clipGradients, findNonFinite, gradNorms, type MaskMap } from "./gradients";
import { gatherNetworks, scatterNetworks } from "./netState";
import type { RunState } from "./runState";
import type { TrainTask } from "./types";

const now = (): number => performance.now();

/** Time spent per phase (ms), summed over the run. */
export interface RunTimings {
  kernelMs: number;
  scoringMs: number;
  validationMs: number;
  optimizerMs: number;
  dataMs: number;
  ioMs: number;
}

/** What stays fixed while a run's epochs go by. */
export interface UpdateContext {
  readonly spec: ModelSpec;
  readonly kernel: RnnKernel;
  /** Networks of the run. */
  readonly M: number;
  readonly source: BatchSource;
  readonly masks: MaskMap;
  readonly adamCfg: AdamConfig;
  readonly clipNorm: number | undefined;
  readonly maxUpdates: number | undefined;
  readonly timings: RunTimings;
  /** Network i went non-finite (throws, or marks it failed). */
  readonly nonFinite: (i: number, what: string, detail: string) => void;
}

/** Per-network sums of one epoch (indexed by the run's network). */
export interface EpochSums {
  readonly lossSum: Float64Array;
  readonly normSum: Float64Array;
  readonly count: Int32Array;
  /** Loss of the epoch's start weights on the epoch's batches (the best-weights candidate). */
  readonly startLossSum: Float64Array;
  readonly startCount: Int32Array;
  /** The networks the last update ran on. */
  readonly active: number[];
}

/**
 * The updates of one epoch for the `active` networks, stopping early at the update budget. Copies the
 * weights at the epoch's start into `epochStart`.
 */
export function runEpochUpdates(ctx: UpdateContext, state: RunState, epochStart: Record<string, Float32Array>, activeAtStart: number[]): EpochSums {
  const { spec, kernel, M, source, timings } = ctx;
  const { params, nets, adam } = state;
  let active = activeAtStart;
  const lossSum = new Float64Array(M);
  const normSum = new Float64Array(M);
  const count = new Int32Array(M);
  const nUpdates = source.updatesIn(state.epoch);
  // The best weights are judged by the loss of the weights that are kept. The epoch's mean loss is
  // measured while the weights move, so it belongs to no single set of weights; the candidate is
  // the weights at the epoch's start, with their own loss on every batch of the epoch (batch 0 is
  // the first update's own forward pass; later batches take one extra forward pass each).
  for (const [name, a] of Object.entries(params)) epochStart[name]!.set(a);
  const startLossSum = new Float64Array(M);
  const startCount = new Int32Array(M);
  for (let j = 0; j < nUpdates; j++) {
    if (ctx.maxUpdates !== undefined && state.update >= ctx.maxUpdates) break;
    active = active.filter((i) => nets[i]!.stopReason === null);
    if (active.length === 0) break;
    let t = now();
    const batch = source.batch(state.epoch, j, active);
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
      timings.scoringMs += now() - t;
      t = now();
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
      if (!Number.isFinite(loss)) return ctx.nonFinite(i, "loss", `loss = ${loss}`);
      const bad = findNonFinite(grads, M, i);
      if (bad) return ctx.nonFinite(i, "gradient", `${bad.name}[${bad.offset}] = ${grads[bad.name]![i * (grads[bad.name]!.length / M) + bad.offset]}`);
      lossSum[i]! += loss;
      count[i]!++;
      stepping.push(i);
    });
    applyMasks(grads, ctx.masks, M);
    const norms = gradNorms(grads, M);
    for (const i of stepping) normSum[i]! += norms[i]!;
    if (ctx.clipNorm !== undefined) clipGradients(grads, norms, ctx.clipNorm, M);
    adamStep(params, grads, adam, nets.map((n) => n.lr), stepping, ctx.adamCfg);
    for (const i of stepping) {
      const bad = findNonFinite(params, M, i);
      if (bad) ctx.nonFinite(i, "parameter after the Adam step", `${bad.name}[${bad.offset}]`);
      nets[i]!.updates++;
    }
    timings.optimizerMs += now() - t;
    state.update++;
  }
  return { lossSum, normSum, count, startLossSum, startCount, active };
}

/** Validation of the networks `which` on the task's validation set: accuracy and loss into their state and history. */
export function validateNetworks(
  ctx: Pick<UpdateContext, "spec" | "kernel" | "M" | "timings">,
  state: RunState,
  task: TrainTask,
  validation: Trials,
  networkH0: Float32Array | undefined,
  S: number,
  which: number[],
): void {
  if (which.length === 0) return;
  const { spec, kernel, M } = ctx;
  const t = now();
  const res = kernel.forward({
    spec,
    networks: which.length,
    params: which.length === M ? state.params : gatherNetworks(state.params, M, which),
    data: toBatchData([validation], which.length, false, S, networkStates(networkH0, which, S)),
    lossScale: validation.lossScale ?? task.lossScale ?? 1,
  });
  ctx.timings.validationMs += now() - t;
  const per = validation.batch * validation.time * validation.outputSize;
  which.forEach((i, k) => {
    const outputs = res.outputs.subarray(k * per, (k + 1) * per);
    const accuracy = task.score ? task.score(validation, outputs).accuracy : NaN;
    const loss = res.loss ? res.loss[k]! : NaN;
    state.nets[i]!.accuracy = accuracy;
    state.histories[i]!.validation.push({ epoch: state.epoch, loss, accuracy });
  });
}

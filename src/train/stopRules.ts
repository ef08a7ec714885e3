/**
 * Per-network rules at the end of each epoch: the best weights (and their checkpoints), the blow-up
 * restore, the stop rules and the budget; and at the end of the run, divergence and discard.
 */
import type { ModelSpec } from "../core/types";
import { resetAdamNetwork } from "./adam";
import { copyNetwork, sliceNetwork, type NetState } from "./netState";
import type { RunState } from "./runState";
import { writeCheckpoint } from "./snapshot";
import type { EpochSums, RunTimings } from "./updateLoop";
import type { StopOptions, StopReason } from "./types";

const now = (): number => performance.now();

/**
 * A last-epoch loss this many times the best loss means the run blew up, not that it is noisy: epoch
 * losses of a converging run stay within a few × of the best (the blow-up rule restores at 3×).
 */
export const DIVERGED_RATIO = 100;
export const diverged = (n: NetState): boolean => n.epochs > 0 && (!Number.isFinite(n.lastLoss) || n.lastLoss > DIVERGED_RATIO * n.bestLoss);

/** A network stops once, for the first reason that applies. */
export function stopNet(n: NetState, reason: StopReason): void {
  if (n.stopReason === null) n.stopReason = reason;
}

/** The budget reached before an epoch starts (maxEpochs before maxUpdates), or null. */
export function budgetReached(stop: StopOptions, epoch: number, update: number): StopReason | null {
  if (stop.maxEpochs !== undefined && epoch >= stop.maxEpochs) return "max-epochs";
  if (stop.maxUpdates !== undefined && update >= stop.maxUpdates) return "max-updates";
  return null;
}

/** Why the networks still training at the end of a run stopped. */
export function endOfBudget(stop: StopOptions, update: number): StopReason {
  return stop.maxUpdates !== undefined && update >= stop.maxUpdates ? "max-updates" : "max-epochs";
}

/** What the best-weights and blow-up rules need besides the run's state. */
export interface EpochRules {
  readonly M: number;
  readonly spec: ModelSpec;
  readonly minDelta: number;
  readonly blowup: { factor: number; lrFactor: number; resetMoments: boolean } | null;
  readonly checkpointEvery: number | undefined;
  readonly outDir: string | undefined;
  readonly globalIndex: ReadonlyArray<number>;
  readonly timings: RunTimings;
}

/**
 * The end-of-epoch bookkeeping of the networks that trained this epoch (returned): epoch loss and
 * history; the epoch's start weights kept as the best when their loss improved (with a checkpoint
 * every `checkpointEvery` improvements); otherwise the blow-up restore of the best weights.
 */
export function closeEpoch(r: EpochRules, state: RunState, sums: EpochSums, epochStart: Record<string, Float32Array>): number[] {
  const { M, blowup } = r;
  const { nets, histories, epoch } = state;
  const trained = sums.active.filter((i) => sums.count[i]! > 0);
  for (const i of trained) {
    const n = nets[i]!;
    const h = histories[i]!;
    const epochLoss = sums.lossSum[i]! / sums.count[i]!;
    n.lastLoss = epochLoss;
    n.epochs++;
    h.loss.push(epochLoss);
    h.gradNorm.push(sums.normSum[i]! / sums.count[i]!);
    h.lr.push(n.lr);
    if (n.stopReason !== null) continue; // failed after its last update (non-finite params)
    // A network that went non-finite mid-epoch has a partial count; its start loss still stands.
    const startLoss = sums.startCount[i]! > 0 ? sums.startLossSum[i]! / sums.startCount[i]! : NaN;
    if (startLoss < n.bestLoss - r.minDelta) {
      n.bestLoss = startLoss;
      n.bestEpoch = epoch;
      n.sinceImprovement = 0;
      n.improvements++;
      copyNetwork(state.best, epochStart, M, i);
      if (r.checkpointEvery && n.improvements % r.checkpointEvery === 0) {
        const tc = now();
        const weights = sliceNetwork(epochStart, M, i);
        if (r.outDir) {
          const file = writeCheckpoint(r.outDir, { spec: r.spec, params: weights }, r.globalIndex[i]!, epoch, startLoss);
          state.checkpoints.push({ network: r.globalIndex[i]!, epoch, loss: startLoss, path: file });
        } else {
          state.checkpoints.push({ network: r.globalIndex[i]!, epoch, loss: startLoss, params: weights });
        }
        r.timings.ioMs += now() - tc;
      }
    } else {
      n.sinceImprovement++;
      if (blowup && epochLoss > blowup.factor * n.bestLoss) {
        copyNetwork(state.params, state.best, M, i);
        if (blowup.resetMoments) resetAdamNetwork(state.adam, i);
        n.lr *= blowup.lrFactor;
        n.restores++;
        h.restores.push(epoch);
      }
    }
  }
  return trained;
}

/** The stop rules after an epoch (`epoch` = epochs done), first that applies. */
export function applyStopRules(nets: NetState[], which: ReadonlyArray<number>, stop: StopOptions, epoch: number): void {
  for (const i of which) {
    const n = nets[i]!;
    if (n.stopReason !== null) continue;
    if (stop.targetLoss !== undefined && n.bestLoss < stop.targetLoss) stopNet(n, "target-loss");
    else if (stop.targetAccuracy !== undefined && n.accuracy >= stop.targetAccuracy) stopNet(n, "target-accuracy");
    else if (stop.fail && epoch >= stop.fail.afterEpoch && n.bestLoss > stop.fail.lossAbove) stopNet(n, "failed-loss");
    else if (stop.patience !== undefined && n.sinceImprovement >= stop.patience) stopNet(n, "patience");
    else if (stop.minLr !== undefined && n.lr < stop.minLr) stopNet(n, "min-lr");
  }
}

/** A finished network is discarded when it went non-finite, diverged, or ended above stop.discardAbove. */
export function discarded(n: NetState, stop: StopOptions): boolean {
  return n.stopReason === "non-finite" || diverged(n) || (stop.discardAbove !== undefined && !(n.bestLoss <= stop.discardAbove));
}

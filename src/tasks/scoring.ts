/**
 * Helpers for task scores: output-shape checks, masked MSE, window means, and the summary record.
 */
import type { Trials } from "../core/types";
import type { TaskScore, TrialOutcome } from "./types";

/** Throw unless `outputs` is [batch, time, outputSize] for these trials of `task`. */
export function checkOutputs(task: string, trials: Trials, outputs: ArrayLike<number>): void {
  if (trials.task !== task) {
    throw new Error(`task "${task}": these trials come from task "${trials.task}"; score them with getTask("${trials.task}").`);
  }
  const want = trials.batch * trials.time * trials.outputSize;
  if (!outputs || outputs.length !== want) {
    throw new Error(
      `task "${task}": outputs must have batch·time·outputSize = ${trials.batch}·${trials.time}·${trials.outputSize} = ${want} ` +
        `values ([B, T, O] row-major), got ${outputs ? outputs.length : outputs}.`,
    );
  }
}

/** Σ mask·(y − t)² / Σ mask over the whole batch (NaN when the mask is empty). */
export function maskedMse(trials: Trials, outputs: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  const { targets, mask } = trials;
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m === 0) continue;
    const d = outputs[i]! - targets[i]!;
    num += m * d * d;
    den += m;
  }
  return den > 0 ? num / den : NaN;
}

/** Masked MSE of trial b alone. */
export function trialMaskedMse(trials: Trials, outputs: ArrayLike<number>, b: number): number {
  const n = trials.time * trials.outputSize;
  let num = 0;
  let den = 0;
  for (let i = b * n; i < (b + 1) * n; i++) {
    const m = trials.mask[i]!;
    if (m === 0) continue;
    const d = outputs[i]! - trials.targets[i]!;
    num += m * d * d;
    den += m;
  }
  return den > 0 ? num / den : NaN;
}

/** Value of output channel c of trial b at step t. */
export function at(trials: Trials, outputs: ArrayLike<number>, b: number, t: number, c = 0): number {
  return outputs[(b * trials.time + t) * trials.outputSize + c]!;
}

/** Mean of output channel c of trial b over steps [start, end). */
export function windowMean(trials: Trials, outputs: ArrayLike<number>, b: number, start: number, end: number, c = 0): number {
  if (!(end > start)) return NaN;
  let s = 0;
  for (let t = start; t < end; t++) s += at(trials, outputs, b, t, c);
  return s / (end - start);
}

/** Mean of a numeric outcome field (ignoring NaN); NaN if none. */
export function meanOf(outcomes: ReadonlyArray<TrialOutcome>, key: string): number {
  let s = 0;
  let n = 0;
  for (const o of outcomes) {
    const v = Number(o[key]);
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** Fraction of outcomes whose `correct` is true. */
export function fractionCorrect(outcomes: ReadonlyArray<TrialOutcome>, key = "correct"): number {
  if (outcomes.length === 0) return NaN;
  return outcomes.filter((o) => o[key] === true).length / outcomes.length;
}

/** Assemble the score record: accuracy, mse, loss = lossScale·mse, plus extras. */
export function makeScore(trials: Trials, outputs: ArrayLike<number>, accuracy: number, extra: Record<string, number> = {}): TaskScore {
  const mse = maskedMse(trials, outputs);
  return { accuracy, mse, loss: (trials.lossScale ?? 1) * mse, ...extra };
}

/** Sign with a dead zone: 1, −1, or 0 when |x| ≤ eps or x is NaN. */
export function sign(x: number, eps = 0): number {
  if (!(Math.abs(x) > eps)) return 0;
  return x > 0 ? 1 : -1;
}

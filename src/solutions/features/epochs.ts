/**
 * The activity segments the neural features are computed on (Turner et al. 2021 §5.5), cut from a
 * network's states on its task's validation trials. Defaults reproduce the paper's choices for its
 * task sizes; for shrunk tasks the same recipe is applied to the task's own options.
 *
 * - RSG: epoch1 = the Ready–Set wait of the longest trained t_s from `epoch1Skip` steps after Ready
 *   ends; epoch2 = Set–Go segments of t_s = lowTs+2, lowTs+4, … < highTs, each from `epoch2Skip` steps
 *   after Set ends up to the Go onset.
 * - Interval discrimination: epoch1 = the first interval of (maxT, minT) from step `epoch1Skip`;
 *   epoch2 = second intervals of t1 = (minT+maxT)/2, t2 = minT+2, …, maxT−2 (t2 ≠ t1), each from
 *   `epoch2Skip` steps after the step before pulse 1 ends.
 * - Delayed discrimination: "wait" = WAIT segments (f1 = fMin+1 … fMax−1, f2 = fMax) from
 *   `epoch2Skip` steps after pulse 1; "output" = the last `outputSteps` steps of (fMin, fMax) and
 *   (fMax, fMin).
 */
import type { Trials } from "../../core/types";

export type FeatureTaskKind = "rsg" | "interval-discrimination" | "delayed-discrimination";

/** Where the segments start inside their epochs (the paper's values are the defaults). */
export interface EpochOptions {
  /** RSG 10, ID 8 (unused for DD). */
  readonly epoch1Skip?: number;
  /** RSG 5, ID 8, DD 5. */
  readonly epoch2Skip?: number;
  /** DD: OUTPUT steps kept at the end of the trial (10). */
  readonly outputSteps?: number;
}

export type State = Float64Array;
export type Segment = State[];

export interface FeatureEpochs {
  readonly kind: FeatureTaskKind;
  /** RSG/ID: the waiting segment. DD: unused (empty). */
  readonly epoch1: Segment;
  /** RSG/ID: production/measurement segments; DD: the WAIT segments. In increasing interval / f1. */
  readonly epoch2: Segment[];
  /** DD only: the two OUTPUT segments [(fMin, fMax), (fMax, fMin)]. */
  readonly epoch3: Segment[];
  /** Every state of every validation trial (for the PC1 share). */
  readonly allStates: Segment;
  /** The last 3 states of the first validation trial. */
  readonly endOfFirstTrial: Segment;
}

/** States of trial b, steps [from, to). */
export function slice(states: Float64Array, trials: Pick<Trials, "time" | "batch">, S: number, b: number, from: number, to: number): Segment {
  if (!(b >= 0 && b < trials.batch)) throw new RangeError(`features: trial ${b} is not among the ${trials.batch} validation trials.`);
  if (!(from >= 0 && to <= trials.time && to - from >= 1)) {
    throw new RangeError(`features: segment [${from}, ${to}) of a ${trials.time}-step trial is empty or out of range; for a shrunk task lower the skip options (epoch1Skip / epoch2Skip).`);
  }
  const out: Segment = [];
  for (let t = from; t < to; t++) out.push(states.slice((b * trials.time + t) * S, (b * trials.time + t + 1) * S));
  return out;
}

function findTrial(trials: Trials, match: (m: Trials["meta"][number]) => boolean, what: string): number {
  const i = trials.meta.findIndex(match);
  if (i < 0) throw new RangeError(`features: the validation set has no ${what} trial; the feature recipe needs it (check the task options).`);
  return i;
}

const num = (o: Readonly<Record<string, unknown>>, k: string): number => {
  const v = o[k];
  if (typeof v !== "number") throw new TypeError(`features: task option "${k}" is missing; pass a task built by getTask("rsg" | "interval-discrimination" | "delayed-discrimination").`);
  return v;
};

/** Cuts the feature epochs out of the validation states [batch, time, S]. */
export function featureEpochs(kind: FeatureTaskKind, taskOptions: Readonly<Record<string, unknown>>, trials: Trials, states: Float64Array, S: number, opts: EpochOptions = {}): FeatureEpochs {
  const all: Segment = [];
  for (let b = 0; b < trials.batch; b++) all.push(...slice(states, trials, S, b, 0, trials.time));
  const endOfFirstTrial = slice(states, trials, S, 0, trials.time - 3, trials.time);
  if (kind === "rsg") {
    const low = num(taskOptions, "lowTs");
    const high = num(taskOptions, "highTs");
    const pulse = num(taskOptions, "pulse");
    const ready = num(taskOptions, "readyOnset");
    const s1 = opts.epoch1Skip ?? 10;
    const s2 = opts.epoch2Skip ?? 5;
    const bLong = findTrial(trials, (m) => m.t_s === high, `t_s = ${high}`);
    const epoch1 = slice(states, trials, S, bLong, ready + pulse + s1, ready + high);
    const epoch2: Segment[] = [];
    for (let t = low + 2; t < high; t += 2) {
      const b = findTrial(trials, (m) => m.t_s === t, `t_s = ${t}`);
      epoch2.push(slice(states, trials, S, b, ready + t + pulse + s2, ready + 2 * t));
    }
    if (epoch2.length < 2) throw new RangeError(`features: RSG needs t_s ranges with at least two epoch-2 intervals (lowTs+2, lowTs+4 < highTs); got [${low}, ${high}].`);
    return { kind, epoch1, epoch2, epoch3: [], allStates: all, endOfFirstTrial };
  }
  if (kind === "interval-discrimination") {
    const minT = num(taskOptions, "minT");
    const maxT = num(taskOptions, "maxT");
    const pulse = num(taskOptions, "pulse");
    const s1 = opts.epoch1Skip ?? 8;
    const s2 = opts.epoch2Skip ?? 8;
    const b1 = findTrial(trials, (m) => m.t1 === maxT && m.t2 === minT, `(t1, t2) = (${maxT}, ${minT})`);
    const epoch1 = slice(states, trials, S, b1, s1, maxT);
    const mid = Math.round((minT + maxT) / 2);
    const epoch2: Segment[] = [];
    for (let t2 = minT + 2; t2 <= maxT - 2; t2 += 2) {
      if (t2 === mid) continue;
      const b = findTrial(trials, (m) => m.t1 === mid && m.t2 === t2, `(t1, t2) = (${mid}, ${t2})`);
      epoch2.push(slice(states, trials, S, b, mid + pulse - 1 + s2, mid + t2));
    }
    if (epoch2.length < 2) throw new RangeError(`features: interval discrimination needs at least two epoch-2 intervals; got [${minT}, ${maxT}].`);
    return { kind, epoch1, epoch2, epoch3: [], allStates: all, endOfFirstTrial };
  }
  const fMin = num(taskOptions, "fMin");
  const fMax = num(taskOptions, "fMax");
  const first = num(taskOptions, "firstOnset");
  const pulse = num(taskOptions, "pulse");
  const s2 = opts.epoch2Skip ?? 5;
  const k = opts.outputSteps ?? 10;
  const epoch2: Segment[] = [];
  for (let f1 = fMin + 1; f1 < fMax; f1++) {
    const b = findTrial(trials, (m) => m.f1 === f1 && m.f2 === fMax, `(f1, f2) = (${f1}, ${fMax})`);
    epoch2.push(slice(states, trials, S, b, first + pulse + s2, Number(trials.meta[b]!.pulse2Onset)));
  }
  if (epoch2.length < 2) throw new RangeError(`features: delayed discrimination needs fMax − fMin ≥ 3; got [${fMin}, ${fMax}].`);
  const epoch3 = [
    [fMin, fMax],
    [fMax, fMin],
  ].map(([f1, f2]) => slice(states, trials, S, findTrial(trials, (m) => m.f1 === f1 && m.f2 === f2, `(f1, f2) = (${f1}, ${f2})`), trials.time - k, trials.time));
  return { kind, epoch1: [], epoch2, epoch3, allStates: all, endOfFirstTrial };
}

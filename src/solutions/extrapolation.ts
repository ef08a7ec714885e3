/**
 * Extrapolation analyses (Turner, Dabholkar & Barak 2021 §5.1): RSG produced interval t_p vs
 * sample interval t_s beyond the trained range, spontaneous output without Set, and correctness
 * grids of the discrimination tasks beyond trained intervals, delays and amplitudes, with a rule-based
 * classification of the extrapolation behaviour. Results are plain data.
 */
import type { Model, Trials } from "../core/types";
import { runModel } from "../models";
import { delayedDiscriminationTask, type DelayedDiscriminationTask } from "../tasks/delayedDiscrimination";
import { intervalDiscriminationTask, type IntervalDiscriminationTask } from "../tasks/intervalDiscrimination";
import { rsgTask, type RsgTask } from "../tasks/readySetGo";

/** Output onsets: first steps above `threshold`, later onsets only when separated by > `gap` steps from the previous supra-threshold step. */
export function outputOnsets(out: ArrayLike<number>, from: number, threshold: number, gap: number): number[] {
  const on: number[] = [];
  let last = -Infinity;
  for (let t = from; t < out.length; t++) {
    if (out[t]! > threshold) {
      if (t - last > gap) on.push(t);
      last = t;
    }
  }
  return on;
}

export interface RsgExtrapolationOptions {
  /** The task the network was trained on: its Ready onset, pulse width and trained range [lowTs, highTs] (default: the paper's rsg). */
  readonly task?: RsgTask;
  /** Sample intervals to test. Default 10..200. */
  readonly tsValues?: ReadonlyArray<number>;
  /** Onset rule: first output > threshold after Set (paper: 0.8 for one output). Default 0.8. */
  readonly threshold?: number;
  /** Repeated onsets must be separated by more than this many steps. Default 5. */
  readonly onsetGap?: number;
  /** Steps simulated after Set (t_p ≤ this is detectable). Default 3·max(t_s) + 50. */
  readonly afterSet?: number;
  /** Horizon of the Ready-only (no Set) run. Default 600. */
  readonly readyOnlySteps?: number;
  /** |t_p − t_s| tolerance counted as correct, as a fraction of t_s (min 1 step). Default 0.1. */
  readonly tolerance?: number;
}

export interface RsgPoint {
  readonly ts: number;
  /** Produced interval (first onset after Set − Set onset), null = no output. */
  readonly tp: number | null;
  /** Output onsets after Set, relative to Set onset. */
  readonly onsetsAfterSet: ReadonlyArray<number>;
  /** Output onsets between Ready offset and Set onset, relative to Ready onset (premature output). */
  readonly onsetsBeforeSet: ReadonlyArray<number>;
  readonly inTrainedRange: boolean;
}

export type ExtrapolationBehaviour = "near-perfect" | "premature" | "saturation" | "oscillation" | "silence" | "other";

export interface RsgExtrapolationResult {
  readonly kind: "rsg-extrapolation";
  readonly trainedRange: readonly [number, number];
  readonly threshold: number;
  readonly points: ReadonlyArray<RsgPoint>;
  /** Ready only, no Set: output onsets relative to Ready onset. */
  readonly spontaneousOnsets: ReadonlyArray<number>;
  /** Fraction of trained t_s with |t_p − t_s| ≤ 1. */
  readonly trainedAccuracy: number;
  /** Fraction of t_s above the trained range with |t_p − t_s| ≤ tolerance·t_s. */
  readonly extrapolationAccuracy: number;
  readonly behaviour: ExtrapolationBehaviour;
  /** Why the behaviour was chosen (the rule that fired). */
  readonly reason: string;
}

/** Output channel 0 of a one-trial batch of the task (the trial's inputs, nothing else, reach the network). */
function runTrial(model: Model, trials: Trials): Float64Array {
  if (trials.batch !== 1) throw new Error(`runTrial: expected one trial, got ${trials.batch}.`);
  const T = trials.time;
  const { outputs } = runModel(model, trials.inputs, { batch: 1, time: T });
  const O = model.spec.outputSize;
  return O === 1 ? outputs : Float64Array.from({ length: T }, (_, t) => outputs[t * O]!);
}

/**
 * RSG extrapolation: t_p for every t_s (trained and beyond), onsets before Set, and the Ready-only
 * run. Classification rules, first match wins (applied to t_s above the trained range):
 * 1. premature — the Ready-only run emits an output within the largest tested t_s, or an output
 *    precedes Set in > 20 % of the extrapolated trials;
 * 2. oscillation — > 20 % of extrapolated trials show ≥ 2 output onsets after Set, or the Ready-only run emits ≥ 2;
 * 3. silence — > 20 % of extrapolated trials give no output after Set;
 * 4. near-perfect — ≥ 80 % of extrapolated trials have |t_p − t_s| ≤ tolerance·t_s;
 * 5. saturation — the slope of t_p against t_s over the extrapolated trials is < 0.5;
 * 6. other.
 */
export function rsgExtrapolation(model: Model, opts: RsgExtrapolationOptions = {}): RsgExtrapolationResult {
  const task = opts.task ?? rsgTask();
  const tsValues = opts.tsValues ?? Array.from({ length: 191 }, (_, i) => i + 10);
  const { lowTs: lo, highTs: hi, readyOnset: ready, pulse } = task.options;
  const thr = opts.threshold ?? 0.8;
  const gap = opts.onsetGap ?? 5;
  const maxTs = Math.max(...tsValues);
  const afterSet = opts.afterSet ?? 3 * maxTs + 50;
  const tol = opts.tolerance ?? 0.1;
  if (!tsValues.length || tsValues.some((t) => !Number.isInteger(t) || t < pulse)) throw new Error(`rsgExtrapolation: tsValues must be integers ≥ the pulse width (${pulse}).`);
  const points: RsgPoint[] = tsValues.map((ts) => {
    const set = ready + ts;
    const T = set + afterSet;
    const out = runTrial(model, task.trial(ts, { time: T }));
    const after = outputOnsets(out, set, thr, gap).map((t) => t - set);
    const before = outputOnsets(out.subarray(0, set), ready + pulse, thr, gap).map((t) => t - ready);
    return { ts, tp: after.length ? after[0]! : null, onsetsAfterSet: after, onsetsBeforeSet: before, inTrainedRange: ts >= lo && ts <= hi };
  });
  const readyOnly = runTrial(model, task.readyOnly({ time: opts.readyOnlySteps ?? 600 }));
  const spontaneousOnsets = outputOnsets(readyOnly, ready + pulse, thr, gap).map((t) => t - ready);
  const trained = points.filter((p) => p.inTrainedRange);
  const ext = points.filter((p) => p.ts > hi);
  const ok = (p: RsgPoint) => p.tp !== null && Math.abs(p.tp - p.ts) <= Math.max(1, tol * p.ts);
  const trainedAccuracy = trained.length ? trained.filter((p) => p.tp !== null && Math.abs(p.tp - p.ts) <= 1).length / trained.length : NaN;
  const extrapolationAccuracy = ext.length ? ext.filter(ok).length / ext.length : NaN;
  const frac = (f: (p: RsgPoint) => boolean) => (ext.length ? ext.filter(f).length / ext.length : 0);
  let behaviour: ExtrapolationBehaviour = "other";
  let reason = "no rule matched";
  const slope = (() => {
    const pts = ext.filter((p) => p.tp !== null);
    if (pts.length < 2) return NaN;
    const mx = pts.reduce((s, p) => s + p.ts, 0) / pts.length;
    const my = pts.reduce((s, p) => s + p.tp!, 0) / pts.length;
    let num = 0;
    let den = 0;
    for (const p of pts) {
      num += (p.ts - mx) * (p.tp! - my);
      den += (p.ts - mx) ** 2;
    }
    return num / den;
  })();
  if (!ext.length) reason = "no t_s beyond the trained range was tested";
  else if ((spontaneousOnsets.length && spontaneousOnsets[0]! < maxTs) || frac((p) => p.onsetsBeforeSet.length > 0) > 0.2) {
    behaviour = "premature";
    reason = spontaneousOnsets.length ? `spontaneous output ${spontaneousOnsets[0]} steps after Ready without Set` : "output before Set in > 20 % of extrapolated trials";
  } else if (frac((p) => p.onsetsAfterSet.length >= 2) > 0.2 || spontaneousOnsets.length >= 2) {
    behaviour = "oscillation";
    reason = "repeated output pulses";
  } else if (frac((p) => p.tp === null) > 0.2) {
    behaviour = "silence";
    reason = "no output after Set in > 20 % of extrapolated trials";
  } else if (extrapolationAccuracy >= 0.8) {
    behaviour = "near-perfect";
    reason = `|t_p − t_s| ≤ ${tol}·t_s in ${(100 * extrapolationAccuracy).toFixed(0)} % of extrapolated trials`;
  } else if (slope < 0.5) {
    behaviour = "saturation";
    reason = `t_p grows with slope ${slope.toFixed(2)} beyond the trained range`;
  }
  return { kind: "rsg-extrapolation", trainedRange: [lo, hi], threshold: thr, points, spontaneousOnsets, trainedAccuracy, extrapolationAccuracy, behaviour, reason };
}

export interface DiscriminationCell {
  readonly a: number;
  readonly b: number;
  /** Mean output over the response window. */
  readonly response: number;
  readonly correct: boolean;
  readonly inTrainedRange: boolean;
}

export interface DiscriminationGrid {
  readonly kind: "interval-discrimination-grid" | "delayed-discrimination-grid";
  /** Meaning of the axes (a, b) of the cells. */
  readonly axes: readonly [string, string];
  readonly cells: ReadonlyArray<DiscriminationCell>;
  /** Accuracy per named region (e.g. "trained", "one beyond", "both beyond"). */
  readonly regions: Readonly<Record<string, { n: number; accuracy: number; fixedSign: number | null }>>;
  readonly behaviour: ExtrapolationBehaviour | "chance";
  readonly reason: string;
}

function region(cells: ReadonlyArray<DiscriminationCell>): { n: number; accuracy: number; fixedSign: number | null } {
  const n = cells.length;
  const signs = new Set(cells.map((c) => Math.sign(c.response)));
  return { n, accuracy: n ? cells.filter((c) => c.correct).length / n : NaN, fixedSign: n && signs.size === 1 ? [...signs][0]! : null };
}

/**
 * Classification of a discrimination grid from its beyond-range regions: near-perfect (≥ 0.95 in
 * every beyond region), chance (some region answers one fixed sign, or ≤ 0.6), else "other"
 * (partial degradation).
 */
function classifyGrid(regions: Record<string, { n: number; accuracy: number; fixedSign: number | null }>, beyond: string[]): { behaviour: DiscriminationGrid["behaviour"]; reason: string } {
  const rs = beyond.filter((k) => regions[k] && regions[k]!.n > 0);
  if (!rs.length) return { behaviour: "other", reason: "no cells beyond the trained range" };
  if (rs.every((k) => regions[k]!.accuracy >= 0.95)) return { behaviour: "near-perfect", reason: "≥ 95 % correct in every region beyond the trained range" };
  const fixed = rs.find((k) => regions[k]!.fixedSign !== null);
  if (fixed) return { behaviour: "chance", reason: `region "${fixed}" answers one fixed sign (${regions[fixed]!.fixedSign})` };
  const low = rs.find((k) => regions[k]!.accuracy <= 0.6);
  if (low) return { behaviour: "chance", reason: `region "${low}" is at ≤ 60 % correct` };
  return { behaviour: "other", reason: "partial degradation beyond the trained range" };
}

export interface IntervalGridOptions {
  /** The task the network was trained on: trained intervals [minT, maxT], pulse width, response delay and window (default: the paper's). */
  readonly task?: IntervalDiscriminationTask;
  /** Interval values for t1 and t2 (default 10..80). */
  readonly intervals?: ReadonlyArray<number>;
  /** The "beyond" cut of the one-beyond / both-beyond regions (default 40, the paper's). */
  readonly beyond?: number;
}

/**
 * Interval discrimination correctness grid: ch0 pulse at t1, ch1 pulse at t1 + t2, answer sign(t1 − t2)
 * judged by the sign of the mean output over [t1 + t2 + 15, t1 + t2 + 17).
 * Regions: trained (both in the task's [minT, maxT]), one beyond (exactly one > beyond), both beyond.
 */
export function intervalDiscriminationGrid(model: Model, opts: IntervalGridOptions = {}): DiscriminationGrid {
  const task = opts.task ?? intervalDiscriminationTask();
  const iv = opts.intervals ?? Array.from({ length: 71 }, (_, i) => i + 10);
  const { minT: tmin, maxT: tmax, responseDelay: delay, responseDuration: win } = task.options;
  const beyond = opts.beyond ?? 40;
  const cells: DiscriminationCell[] = [];
  for (const t1 of iv)
    for (const t2 of iv) {
      if (t1 === t2) continue;
      const T = t1 + t2 + delay + win + 1;
      const trial = task.grid([[t1, t2]], { time: T });
      const out = runTrial(model, trial);
      const on = Number(trial.meta[0]!.responseOnset);
      let r = 0;
      for (let t = on; t < on + win; t++) r += out[t]! / win;
      cells.push({ a: t1, b: t2, response: r, correct: Math.sign(r) === Math.sign(t1 - t2), inTrainedRange: t1 >= tmin && t2 >= tmin && t1 <= tmax && t2 <= tmax });
    }
  const regions = {
    trained: region(cells.filter((c) => c.inTrainedRange)),
    "one beyond": region(cells.filter((c) => (c.a > beyond) !== (c.b > beyond))),
    "both beyond": region(cells.filter((c) => c.a > beyond && c.b > beyond)),
  };
  const { behaviour, reason } = classifyGrid(regions, ["one beyond", "both beyond"]);
  return { kind: "interval-discrimination-grid", axes: ["t1", "t2"], cells, regions, behaviour, reason };
}

export interface DelayedGridOptions {
  /** The task the network was trained on: trained delays (< maxDelay) and amplitudes [fMin, fMax], pulse timing and response window (default: the paper's). */
  readonly task?: DelayedDiscriminationTask;
  /** Delays (default 0..80; trained 0..maxDelay − 1). */
  readonly delays?: ReadonlyArray<number>;
  /** Amplitudes (default 2..16; trained fMin..fMax). */
  readonly amplitudes?: ReadonlyArray<number>;
}

/**
 * Delayed discrimination correctness grid: f1 on ch0 at [5,10), f2 on ch1 at [15+d, 20+d), answer
 * sign(f1 − f2) from the mean output over [30+d, 35+d). Cells carry (a = delay, b = f1·100 + f2).
 * Regions: trained, long delay (trained amplitudes, d beyond), large amplitude (trained delays, an amplitude beyond).
 */
export function delayedDiscriminationGrid(model: Model, opts: DelayedGridOptions = {}): DiscriminationGrid {
  const task = opts.task ?? delayedDiscriminationTask();
  const delays = opts.delays ?? Array.from({ length: 81 }, (_, i) => i);
  const amps = opts.amplitudes ?? Array.from({ length: 15 }, (_, i) => i + 2);
  const { maxDelay, fMin: amin, fMax: amax, responseDuration: win } = task.options;
  const dmax = maxDelay - 1;
  const cells: DiscriminationCell[] = [];
  for (const d of delays)
    for (const f1 of amps)
      for (const f2 of amps) {
        if (f1 === f2) continue;
        const trial = task.grid([[f1, f2, d]], { time: task.timeFor(d) + 1 });
        const out = runTrial(model, trial);
        const on = Number(trial.meta[0]!.responseOnset);
        let r = 0;
        for (let t = on; t < on + win; t++) r += out[t]! / win;
        cells.push({ a: d, b: f1 * 100 + f2, response: r, correct: Math.sign(r) === Math.sign(f1 - f2), inTrainedRange: d <= dmax && f1 >= amin && f1 <= amax && f2 >= amin && f2 <= amax });
      }
  const ampsOk = (c: DiscriminationCell) => Math.floor(c.b / 100) <= amax && c.b % 100 <= amax;
  const regions = {
    trained: region(cells.filter((c) => c.inTrainedRange)),
    "long delay": region(cells.filter((c) => c.a > dmax && ampsOk(c))),
    "large amplitude": region(cells.filter((c) => c.a <= dmax && !ampsOk(c))),
  };
  const { behaviour, reason } = classifyGrid(regions, ["long delay", "large amplitude"]);
  return { kind: "delayed-discrimination-grid", axes: ["delay", "f1*100+f2"], cells, regions, behaviour, reason };
}

/**
 * Interval discrimination (Turner et al. 2021 §3.2).
 *
 * Pulse 1 on input 0 at [t1, t1 + 2) (t1 measured from trial onset), pulse 2 on input 1 at
 * [t1 + t2, t1 + t2 + 2); the output must equal sign(t1 − t2) on [t1 + t2 + 15, t1 + t2 + 17) and 0
 * elsewhere. t1, t2 ∈ {10, …, 30}, t1 ≠ t2: the full 420-trial grid is the training set. 90 steps,
 * MSE over every step.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, range, resolveExtrapolate } from "./options";
import { checkOutputs, fractionCorrect, makeScore, sign, windowMean } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface IntervalDiscriminationOptions {
  /** Shortest trained interval, steps (10). */
  readonly minT: number;
  /** Longest trained interval, steps (30). */
  readonly maxT: number;
  /** Pulse width, steps (2). */
  readonly pulse: number;
  /** Response onset after pulse-2 onset, steps (15). */
  readonly responseDelay: number;
  /** Response window length, steps (2). */
  readonly responseDuration: number;
  /** Trial length, steps (default 2·maxT + 30 = 90). */
  readonly time?: number;
}

/** Extrapolation: t1, t2 drawn from `range` (t1 ≠ t2), at least one outside [minT, maxT]. */
export type IntervalDiscriminationExtrapolation = {
  /** Default [minT, maxT + 50] = [10, 80]. */
  readonly range?: readonly [number, number];
};

export interface IntervalDiscriminationTask extends Task<IntervalDiscriminationExtrapolation> {
  readonly options: Readonly<Required<IntervalDiscriminationOptions>>;
  /** The full training grid (420 trials: t1 outer, t2 inner). */
  trainingSet(): Trials;
  /** Trials for explicit (t1, t2) pairs; `time` defaults to what the longest pair needs. */
  grid(pairs: ReadonlyArray<readonly [number, number]>, opts?: { time?: number }): Trials;
  trial(t1: number, t2: number, opts?: { time?: number }): Trials;
  /** Trial length for pairs with t1 + t2 ≤ sumMax. */
  timeFor(sumMax: number): number;
}

export const INTERVAL_DISCRIMINATION_DEFAULTS: IntervalDiscriminationOptions = {
  minT: 10,
  maxT: 30,
  pulse: 2,
  responseDelay: 15,
  responseDuration: 2,
  time: undefined,
};

const NAME = "interval-discrimination";

export function intervalDiscriminationTask(options?: Partial<IntervalDiscriminationOptions>): IntervalDiscriminationTask {
  const o = mergeOptions(NAME, INTERVAL_DISCRIMINATION_DEFAULTS, options);
  const pulse = int(NAME, "pulse", o.pulse, { min: 1 });
  const minT = int(NAME, "minT", o.minT, { min: pulse });
  const maxT = int(NAME, "maxT", o.maxT, { min: minT + 1 });
  const responseDelay = int(NAME, "responseDelay", o.responseDelay, { min: pulse });
  const responseDuration = int(NAME, "responseDuration", o.responseDuration, { min: 1 });
  const need = (sum: number): number => sum + responseDelay + responseDuration;
  const baseTime = o.time === undefined ? 2 * maxT + 30 : int(NAME, "time", o.time, { min: 1 });
  check(baseTime >= need(2 * maxT - 1), NAME, `time (${baseTime}) is too short: the longest trained trial needs ${need(2 * maxT - 1)} steps.`);
  const resolved = Object.freeze({ minT, maxT, pulse, responseDelay, responseDuration, time: baseTime });
  const timeFor = (sumMax: number): number => baseTime + Math.max(0, sumMax - 2 * maxT);
  const inRange = (t: number): boolean => t >= minT && t <= maxT;

  const gridPairs: Array<[number, number]> = [];
  for (let t1 = minT; t1 <= maxT; t1++) for (let t2 = minT; t2 <= maxT; t2++) if (t1 !== t2) gridPairs.push([t1, t2]);

  const make = (pairs: ReadonlyArray<readonly [number, number]>, time: number): Trials => {
    for (const [t1, t2] of pairs) {
      check(Number.isInteger(t1) && Number.isInteger(t2) && t1 >= 0 && t2 >= pulse, NAME, `need integers t1 ≥ 0 and t2 ≥ pulse (${pulse}), got (${t1}, ${t2}).`);
      check(t1 !== t2, NAME, `t1 and t2 must differ (the target is sign(t1 − t2)), got (${t1}, ${t2}).`);
      check(need(t1 + t2) <= time, NAME, `(t1, t2) = (${t1}, ${t2}) needs ${need(t1 + t2)} steps but the trial has ${time}; pass a longer time.`);
    }
    return buildTrials({
      task: NAME,
      time,
      inputSize: 2,
      outputSize: 1,
      lossScale: 1,
      meta: pairs.map(([t1, t2]) => ({
        t1,
        t2,
        pulse1Onset: t1,
        pulse2Onset: t1 + t2,
        responseOnset: t1 + t2 + responseDelay,
        target: Math.sign(t1 - t2),
        inTrainingRange: inRange(t1) && inRange(t2),
      })),
      draw: (c, m) => {
        const r = m.responseOnset;
        c.period("t1", 0, m.t1)
          .period("pulse1", m.t1, m.t1 + pulse)
          .period("t2", m.t1 + pulse, m.pulse2Onset)
          .period("pulse2", m.pulse2Onset, m.pulse2Onset + pulse)
          .period("wait", m.pulse2Onset + pulse, r)
          .period("output", r, r + responseDuration)
          .period("end", r + responseDuration, time);
        c.input(0, m.t1, m.t1 + pulse, 1);
        c.input(1, m.pulse2Onset, m.pulse2Onset + pulse, 1);
        c.target(0, r, r + responseDuration, m.target);
        c.setMask(0, time);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const r = Number(m.responseOnset);
      const meanOutput = windowMean(trials, outputs, b, r, r + responseDuration);
      const choice = sign(meanOutput);
      return { t1: Number(m.t1), t2: Number(m.t2), meanOutput, choice, correct: choice === m.target };
    });
  };

  return {
    name: NAME,
    description: "Interval discrimination: report sign(t1 − t2) for two intervals marked by pulses (Turner 2021).",
    paper: {
      citation: "Turner, Dabholkar & Barak, Charting and navigating the space of solutions for recurrent neural networks (NeurIPS 2021)",
      url: "https://arxiv.org/abs/2111.09356",
      section: "§3.2 interval discrimination",
    },
    inputSize: 2,
    outputSize: 1,
    lossScale: 1,
    options: resolved,
    trials(opts: TrialsOptions<IntervalDiscriminationExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<IntervalDiscriminationExtrapolation>(NAME, opts.extrapolate, { range: [minT, maxT + 50] });
      if (!x) return make(Array.from({ length: opts.batch }, () => rng.choice(gridPairs)), baseTime);
      const [lo, hi] = range(NAME, "extrapolate.range", x.range, { integer: true, min: pulse });
      check(lo < minT || hi > maxT, NAME, `extrapolate.range [${lo}, ${hi}] lies inside the training range [${minT}, ${maxT}].`);
      const pairs = Array.from({ length: opts.batch }, (): [number, number] => {
        for (;;) {
          const t1 = rng.int(lo, hi);
          const t2 = rng.int(lo, hi);
          if (t1 !== t2 && !(inRange(t1) && inRange(t2))) return [t1, t2];
        }
      });
      return make(pairs, timeFor(2 * hi));
    },
    validation: () => make(gridPairs, baseTime),
    trainingSet: () => make(gridPairs, baseTime),
    grid(pairs, gopts = {}) {
      check(pairs.length > 0, NAME, "grid() needs at least one (t1, t2) pair.");
      const time = gopts.time ?? timeFor(Math.max(...pairs.map(([a, b]) => a + b)));
      return make(pairs, int(NAME, "time", time, { min: 1 }));
    },
    trial(t1, t2, topts = {}) {
      return this.grid([[t1, t2]], topts);
    },
    timeFor,
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      return makeScore(trials, outputs, fractionCorrect(outcomes(trials, outputs)));
    },
  };
}

/**
 * Delayed discrimination, amplitude-coded (Romo-like; Turner et al. 2021 §3.3).
 *
 * Input 0 = f1 on [5, 10); input 1 = f2 on [15 + d, 20 + d); the output must equal sign(f1 − f2)
 * on [30 + d, 35 + d) and 0 elsewhere. f1, f2 ∈ {2, …, 10}, f1 ≠ f2 (72 pairs), d ∈ {0, …, 19}:
 * the 1,440-trial grid is the training set; the validation set is the 72 pairs at d = 19.
 * 60 steps, MSE over every step.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, range, resolveExtrapolate } from "./options";
import { checkOutputs, fractionCorrect, makeScore, sign, windowMean } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface DelayedDiscriminationOptions {
  /** Smallest amplitude (2). */
  readonly fMin: number;
  /** Largest amplitude (10); amplitudes are the integers fMin..fMax. */
  readonly fMax: number;
  /** Pulse width, steps (5). */
  readonly pulse: number;
  /** Number of trained delays: d ∈ {0, …, maxDelay − 1} (20). */
  readonly maxDelay: number;
  /** Onset of pulse 1 (5). */
  readonly firstOnset: number;
  /** Steps between the end of pulse 1 and the onset of pulse 2 at d = 0 (5). */
  readonly gap: number;
  /** Response onset after pulse-2 onset, steps (15). */
  readonly responseDelay: number;
  /** Response window length, steps (5). */
  readonly responseDuration: number;
  /** Trial length, steps (default 40 + maxDelay = 60). */
  readonly time?: number;
}

/**
 * Extrapolation: d from `delays`, f1 and f2 (integers, f1 ≠ f2) from `amplitudes`; trials inside
 * the training grid are redrawn. Defaults: delays [maxDelay, 4·maxDelay] = [20, 80], amplitudes
 * the trained [fMin, fMax]. Example of larger amplitudes: { delays: [0, 19], amplitudes: [2, 16] }.
 */
export type DelayedDiscriminationExtrapolation = {
  readonly delays?: readonly [number, number];
  readonly amplitudes?: readonly [number, number];
};

export interface DelayedDiscriminationTask extends Task<DelayedDiscriminationExtrapolation> {
  readonly options: Readonly<Required<DelayedDiscriminationOptions>>;
  /** All 72 pairs × 20 delays (delay outer, then f1, then f2): 1,440 trials. */
  trainingSet(): Trials;
  /** Trials for explicit (f1, f2, d); `time` defaults to what the longest delay needs. */
  grid(conditions: ReadonlyArray<readonly [number, number, number]>, opts?: { time?: number }): Trials;
  trial(f1: number, f2: number, d: number, opts?: { time?: number }): Trials;
  /** Trial length for delays up to dMax. */
  timeFor(dMax: number): number;
}

export const DELAYED_DISCRIMINATION_DEFAULTS: DelayedDiscriminationOptions = {
  fMin: 2,
  fMax: 10,
  pulse: 5,
  maxDelay: 20,
  firstOnset: 5,
  gap: 5,
  responseDelay: 15,
  responseDuration: 5,
  time: undefined,
};

const NAME = "delayed-discrimination";

export function delayedDiscriminationTask(options?: Partial<DelayedDiscriminationOptions>): DelayedDiscriminationTask {
  const o = mergeOptions(NAME, DELAYED_DISCRIMINATION_DEFAULTS, options);
  const fMin = int(NAME, "fMin", o.fMin);
  const fMax = int(NAME, "fMax", o.fMax, { min: fMin + 1 });
  const pulse = int(NAME, "pulse", o.pulse, { min: 1 });
  const maxDelay = int(NAME, "maxDelay", o.maxDelay, { min: 1 });
  const firstOnset = int(NAME, "firstOnset", o.firstOnset, { min: 0 });
  const gap = int(NAME, "gap", o.gap, { min: 0 });
  const responseDelay = int(NAME, "responseDelay", o.responseDelay, { min: pulse });
  const responseDuration = int(NAME, "responseDuration", o.responseDuration, { min: 1 });
  const pulse2At = (d: number): number => firstOnset + pulse + gap + d;
  const need = (d: number): number => pulse2At(d) + responseDelay + responseDuration;
  const baseTime = o.time === undefined ? 40 + maxDelay : int(NAME, "time", o.time, { min: 1 });
  check(baseTime >= need(maxDelay - 1), NAME, `time (${baseTime}) is too short: delay ${maxDelay - 1} needs ${need(maxDelay - 1)} steps.`);
  const resolved = Object.freeze({ fMin, fMax, pulse, maxDelay, firstOnset, gap, responseDelay, responseDuration, time: baseTime });
  const timeFor = (dMax: number): number => Math.max(baseTime, need(dMax));
  const fIn = (f: number): boolean => f >= fMin && f <= fMax;
  const inTraining = (f1: number, f2: number, d: number): boolean => fIn(f1) && fIn(f2) && d >= 0 && d < maxDelay;

  const pairs: Array<[number, number]> = [];
  for (let f1 = fMin; f1 <= fMax; f1++) for (let f2 = fMin; f2 <= fMax; f2++) if (f1 !== f2) pairs.push([f1, f2]);
  const trainingConditions: Array<[number, number, number]> = [];
  for (let d = 0; d < maxDelay; d++) for (const [f1, f2] of pairs) trainingConditions.push([f1, f2, d]);

  const make = (conds: ReadonlyArray<readonly [number, number, number]>, time: number): Trials => {
    for (const [f1, f2, d] of conds) {
      check(Number.isFinite(f1) && Number.isFinite(f2) && f1 !== f2, NAME, `f1 and f2 must be different numbers, got (${f1}, ${f2}).`);
      check(Number.isInteger(d) && d >= 0, NAME, `delay d must be a non-negative integer, got ${d}.`);
      check(need(d) <= time, NAME, `delay ${d} needs ${need(d)} steps but the trial has ${time}; pass a longer time.`);
    }
    return buildTrials({
      task: NAME,
      time,
      inputSize: 2,
      outputSize: 1,
      lossScale: 1,
      meta: conds.map(([f1, f2, d]) => ({
        f1,
        f2,
        d,
        pulse1Onset: firstOnset,
        pulse2Onset: pulse2At(d),
        responseOnset: pulse2At(d) + responseDelay,
        target: Math.sign(f1 - f2),
        inTrainingRange: inTraining(f1, f2, d),
      })),
      draw: (c, m) => {
        const p2 = m.pulse2Onset;
        const r = m.responseOnset;
        c.period("start", 0, firstOnset)
          .period("pulse1", firstOnset, firstOnset + pulse)
          .period("wait", firstOnset + pulse, p2)
          .period("pulse2", p2, p2 + pulse)
          .period("delay2", p2 + pulse, r)
          .period("output", r, r + responseDuration)
          .period("end", r + responseDuration, time);
        c.input(0, firstOnset, firstOnset + pulse, m.f1);
        c.input(1, p2, p2 + pulse, m.f2);
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
      return { f1: Number(m.f1), f2: Number(m.f2), d: Number(m.d), meanOutput, choice, correct: choice === m.target };
    });
  };

  return {
    name: NAME,
    description: "Delayed discrimination: compare two pulse amplitudes f1, f2 across a variable delay (Turner 2021).",
    paper: {
      citation: "Turner, Dabholkar & Barak, Charting and navigating the space of solutions for recurrent neural networks (NeurIPS 2021)",
      url: "https://arxiv.org/abs/2111.09356",
      section: "§3.3 delayed discrimination",
    },
    inputSize: 2,
    outputSize: 1,
    lossScale: 1,
    options: resolved,
    trials(opts: TrialsOptions<DelayedDiscriminationExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<DelayedDiscriminationExtrapolation>(NAME, opts.extrapolate, {
        delays: [maxDelay, 4 * maxDelay],
        amplitudes: [fMin, fMax],
      });
      if (!x) return make(Array.from({ length: opts.batch }, () => rng.choice(trainingConditions)), baseTime);
      const [dLo, dHi] = range(NAME, "extrapolate.delays", x.delays, { integer: true, min: 0 });
      const [aLo, aHi] = range(NAME, "extrapolate.amplitudes", x.amplitudes, { integer: true });
      check(aHi > aLo, NAME, `extrapolate.amplitudes [${aLo}, ${aHi}] must hold two different amplitudes.`);
      check(
        dHi >= maxDelay || aLo < fMin || aHi > fMax,
        NAME,
        `extrapolate ranges (delays [${dLo}, ${dHi}], amplitudes [${aLo}, ${aHi}]) lie inside the training range (delays [0, ${maxDelay - 1}], amplitudes [${fMin}, ${fMax}]).`,
      );
      const conds = Array.from({ length: opts.batch }, (): [number, number, number] => {
        for (;;) {
          const f1 = rng.int(aLo, aHi);
          const f2 = rng.int(aLo, aHi);
          const d = rng.int(dLo, dHi);
          if (f1 !== f2 && !inTraining(f1, f2, d)) return [f1, f2, d];
        }
      });
      return make(conds, timeFor(dHi));
    },
    validation: () => make(pairs.map(([f1, f2]) => [f1, f2, maxDelay - 1] as const), baseTime),
    trainingSet: () => make(trainingConditions, baseTime),
    grid(conds, gopts = {}) {
      check(conds.length > 0, NAME, "grid() needs at least one (f1, f2, d) condition.");
      const time = gopts.time ?? timeFor(Math.max(...conds.map((c) => c[2])));
      return make(conds, int(NAME, "time", time, { min: 1 }));
    },
    trial(f1, f2, d, topts = {}) {
      return this.grid([[f1, f2, d]], topts);
    },
    timeFor,
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      return makeScore(trials, outputs, fractionCorrect(outcomes(trials, outputs)));
    },
  };
}

/**
 * Romo parametric working memory, two-choice variant, with Schuessler et al.'s parameters
 * (2020 §3.3).
 *
 * One input: f1 for 1 time unit after a fixation of 3, then a delay Uniform(2, 8), then f2 for 1;
 * after a decision delay of 5, a decision window of 10 in which output 0 (= "f1 > f2") or output 1
 * (= "f2 > f1") must be 0.5 and the other 0. f1, f2 ~ Uniform(0.5, 1.5), redrawn until
 * |f1 − f2| ≥ 0.2. Mask = decision window + everything up to the end of f2 (target 0). Trials are
 * padded to 3 + 1 + 8 + 1 + 5 + 10 = 28 time units = 56 steps (dt = 0.5). Loss: ½ masked mean.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, num, numList, range, resolveExtrapolate, steps } from "./options";
import { checkOutputs, fractionCorrect, makeScore, windowMean } from "./scoring";
import { buildTrials, sampleDuration } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface RomoOptions {
  /** Euler step (0.5). */
  readonly dt: number;
  /** Time units: fixation 3, each stimulus 1, delay Uniform(2, 8), decision delay 5, decision 10. */
  readonly fixation: number;
  readonly stimulus: number;
  readonly delay: readonly [number, number];
  readonly decisionDelay: number;
  readonly decision: number;
  /** Stimulus range ([0.5, 1.5]). */
  readonly fRange: readonly [number, number];
  /** Minimum |f1 − f2| of random trials (0.2). */
  readonly minDiff: number;
  /** Reported level (0.5). */
  readonly targetAmplitude: number;
  /** Delays (time units) of the validation grid: 6 × 5 ordered pairs of {0.5, 0.7, …, 1.5} per delay ([2, 5, 8]). */
  readonly validationDelays: ReadonlyArray<number>;
}

/**
 * Extrapolation: delays (time units) and stimulus values outside the trained ranges; trials inside
 * both are redrawn. Defaults: delay [8, 32], fRange the trained one.
 */
export type RomoExtrapolation = {
  readonly delay?: readonly [number, number];
  readonly fRange?: readonly [number, number];
};

export interface RomoTask extends Task<RomoExtrapolation> {
  readonly options: Readonly<RomoOptions>;
  readonly dt: number;
  /** Explicit trials [f1, f2, delay in time units]; `time` (steps) defaults to what the longest delay needs. */
  grid(conds: ReadonlyArray<readonly [number, number, number]>, opts?: { time?: number }): Trials;
  /** The paper's test trial is trial(0.6, 1.1, 5). */
  trial(f1: number, f2: number, delay: number, opts?: { time?: number }): Trials;
  /** Trial length (steps) for delays up to dMaxSteps steps. */
  timeFor(dMaxSteps: number): number;
}

export const ROMO_DEFAULTS: RomoOptions = {
  dt: 0.5,
  fixation: 3,
  stimulus: 1,
  delay: [2, 8],
  decisionDelay: 5,
  decision: 10,
  fRange: [0.5, 1.5],
  minDiff: 0.2,
  targetAmplitude: 0.5,
  validationDelays: [2, 5, 8],
};

const NAME = "romo";

export function romoTask(options?: Partial<RomoOptions>): RomoTask {
  const o = mergeOptions(NAME, ROMO_DEFAULTS, options);
  const dt = num(NAME, "dt", o.dt, { positive: true });
  const nFix = steps(NAME, "fixation", num(NAME, "fixation", o.fixation, { min: 0 }), dt);
  const nStim = steps(NAME, "stimulus", num(NAME, "stimulus", o.stimulus, { positive: true }), dt);
  const delay = range(NAME, "delay", o.delay, { min: 0 });
  const dLo = Math.ceil(delay[0] / dt - 1e-9);
  const dHi = Math.floor(delay[1] / dt + 1e-9);
  check(dLo <= dHi, NAME, `delay range [${delay[0]}, ${delay[1]}] contains no whole step of dt = ${dt}.`);
  const nDD = steps(NAME, "decisionDelay", num(NAME, "decisionDelay", o.decisionDelay, { min: 0 }), dt);
  const nDec = steps(NAME, "decision", num(NAME, "decision", o.decision, { positive: true }), dt);
  check(nStim >= 1 && nDec >= 1, NAME, "stimulus and decision must each last at least one step.");
  const fRange = range(NAME, "fRange", o.fRange);
  const minDiff = num(NAME, "minDiff", o.minDiff, { min: 0 });
  check(minDiff < fRange[1] - fRange[0], NAME, `minDiff (${minDiff}) must be smaller than the width of fRange [${fRange[0]}, ${fRange[1]}].`);
  const targetAmplitude = num(NAME, "targetAmplitude", o.targetAmplitude, { positive: true });
  const validationDelays = numList(NAME, "validationDelays", o.validationDelays);
  const resolved = Object.freeze({
    dt, fixation: o.fixation, stimulus: o.stimulus, delay: [delay[0], delay[1]] as const, decisionDelay: o.decisionDelay,
    decision: o.decision, fRange: [fRange[0], fRange[1]] as const, minDiff, targetAmplitude, validationDelays,
  });
  const timeFor = (dMaxSteps: number): number => nFix + 2 * nStim + Math.max(dHi, dMaxSteps) + nDD + nDec;
  const baseTime = timeFor(dHi);

  /** Conditions in steps: [f1, f2, delaySteps]. */
  const make = (conds: ReadonlyArray<readonly [number, number, number]>, time: number, trained: boolean): Trials => {
    for (const [f1, f2, d] of conds) {
      check(Number.isFinite(f1) && Number.isFinite(f2) && f1 !== f2, NAME, `f1 and f2 must be different numbers, got (${f1}, ${f2}).`);
      check(Number.isInteger(d) && d >= 0, NAME, `delay must be a non-negative whole number of steps, got ${d} steps.`);
      check(timeFor(d) <= time, NAME, `a delay of ${d} steps needs ${timeFor(d)} steps but the trial has ${time}.`);
    }
    return buildTrials({
      task: NAME,
      time,
      inputSize: 1,
      outputSize: 2,
      lossScale: 0.5,
      meta: conds.map(([f1, f2, d]) => ({
        f1,
        f2,
        delay: d * dt,
        delaySteps: d,
        f2Onset: nFix + nStim + d,
        decisionOnset: nFix + 2 * nStim + d + nDD,
        choice: f1 > f2 ? 0 : 1,
        inTrainingRange: trained,
      })),
      draw: (c, m) => {
        const f1On = nFix;
        const f2On = m.f2Onset;
        const dec = m.decisionOnset;
        c.period("fixation", 0, f1On)
          .period("f1", f1On, f1On + nStim)
          .period("delay", f1On + nStim, f2On)
          .period("f2", f2On, f2On + nStim)
          .period("decision_delay", f2On + nStim, dec)
          .period("decision", dec, dec + nDec)
          .period("end", dec + nDec, time);
        c.input(0, f1On, f1On + nStim, m.f1).input(0, f2On, f2On + nStim, m.f2);
        c.target(m.choice, dec, dec + nDec, targetAmplitude);
        c.setMask(dec, dec + nDec).setMask(0, f2On + nStim);
      },
    });
  };

  const drawF = (rng: Rng, lo: number, hi: number): [number, number] => {
    for (;;) {
      const f1 = rng.uniform(lo, hi);
      const f2 = rng.uniform(lo, hi);
      if (Math.abs(f1 - f2) >= minDiff) return [f1, f2];
    }
  };
  const inTrainedF = (f: number): boolean => f >= fRange[0] && f <= fRange[1];

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const s = Number(m.decisionOnset);
      const y0 = windowMean(trials, outputs, b, s, s + nDec, 0);
      const y1 = windowMean(trials, outputs, b, s, s + nDec, 1);
      const choice = y0 > y1 ? 0 : y1 > y0 ? 1 : -1;
      return { f1: Number(m.f1), f2: Number(m.f2), margin: y0 - y1, choice, correct: choice === m.choice };
    });
  };

  return {
    name: NAME,
    description: "Romo working memory: after a delay, report which of two scalar stimuli f1, f2 was larger (Schuessler 2020).",
    paper: {
      citation: "Schuessler et al., The interplay between randomness and structure during learning in RNNs (NeurIPS 2020), after Romo et al. (Nature 1999)",
      url: "https://arxiv.org/abs/2006.11036",
      section: "§3.3 Romo",
    },
    inputSize: 1,
    outputSize: 2,
    lossScale: 0.5,
    dt,
    options: resolved,
    trials(opts: TrialsOptions<RomoExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<RomoExtrapolation>(NAME, opts.extrapolate, { delay: [delay[1], 4 * delay[1]], fRange });
      if (!x) {
        const conds = Array.from({ length: opts.batch }, () => [...drawF(rng, fRange[0], fRange[1]), sampleDuration({ uniform: [dLo, dHi] }, rng)] as const);
        return make(conds, baseTime, true);
      }
      const xd = range(NAME, "extrapolate.delay", x.delay, { min: 0 });
      const xf = range(NAME, "extrapolate.fRange", x.fRange);
      const xLo = Math.ceil(xd[0] / dt - 1e-9);
      const xHi = Math.floor(xd[1] / dt + 1e-9);
      check(xLo <= xHi, NAME, `extrapolate.delay [${xd[0]}, ${xd[1]}] contains no whole step.`);
      check(minDiff < xf[1] - xf[0], NAME, `extrapolate.fRange is narrower than minDiff (${minDiff}).`);
      check(
        xLo < dLo || xHi > dHi || xf[0] < fRange[0] || xf[1] > fRange[1],
        NAME,
        "extrapolate ranges lie inside the training ranges; use longer delays or a wider fRange.",
      );
      const conds = Array.from({ length: opts.batch }, (): readonly [number, number, number] => {
        for (;;) {
          const [f1, f2] = drawF(rng, xf[0], xf[1]);
          const d = rng.int(xLo, xHi);
          if (d < dLo || d > dHi || !inTrainedF(f1) || !inTrainedF(f2)) return [f1, f2, d];
        }
      });
      return make(conds, timeFor(xHi), false);
    },
    validation: () => {
      const fs = Array.from({ length: 6 }, (_, i) => fRange[0] + (i * (fRange[1] - fRange[0])) / 5);
      const conds: Array<readonly [number, number, number]> = [];
      for (const dTime of validationDelays) {
        const d = steps(NAME, "validationDelays", dTime, dt);
        for (const f1 of fs) for (const f2 of fs) if (f1 !== f2) conds.push([f1, f2, d]);
      }
      return make(conds, Math.max(baseTime, ...conds.map((c) => timeFor(c[2]))), true);
    },
    grid(conds, gopts = {}) {
      check(conds.length > 0, NAME, "grid() needs at least one [f1, f2, delay] condition.");
      const stepConds = conds.map(([f1, f2, d]) => [f1, f2, steps(NAME, "delay", d, dt)] as const);
      const time = gopts.time ?? Math.max(...stepConds.map((c) => timeFor(c[2])));
      const trained = stepConds.every(([f1, f2, d]) => inTrainedF(f1) && inTrainedF(f2) && d >= dLo && d <= dHi);
      return make(stepConds, int(NAME, "time", time, { min: 1 }), trained);
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

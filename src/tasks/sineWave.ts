/**
 * Frequency-cued sine-wave generation (Sussillo & Barak 2013; universality study §3.2).
 *
 * A static input level cue_j = j/51 + 0.25 (j = 0..50) selects the target frequency
 * ω_j = 0.1 + j·(0.6 − 0.1)/50 rad per step; the output must be sin(ω_j t) for the whole trial
 * (t = 0, 1, …). 200 steps, MSE on every step.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, num, numList, range, resolveExtrapolate } from "./options";
import { checkOutputs, fractionCorrect, makeScore, meanOf } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface SineOptions {
  /** Number of cue levels / frequencies (51). */
  readonly nFrequencies: number;
  /** ω of level 0 and of the last level, rad per step ([0.1, 0.6]). */
  readonly omegaRange: readonly [number, number];
  /** Cue level = j / nFrequencies + cueOffset (0.25). */
  readonly cueOffset: number;
  /** Steps per trial (200). */
  readonly time: number;
  /** A trial is correct when R² = 1 − MSE/Var(target) ≥ r2Threshold (0.9). */
  readonly r2Threshold: number;
}

/**
 * Extrapolation: cue levels outside 0..n−1 (frequencies beyond the trained band, ω extended
 * linearly) and/or longer trials. Defaults: levels −5..−1 and n..n+9 (ω 0.05–0.09 and 0.61–0.70),
 * time 2·time.
 */
export type SineExtrapolation = {
  readonly levels?: ReadonlyArray<number>;
  readonly time?: number;
};

export interface SineTask extends Task<SineExtrapolation> {
  readonly options: Readonly<SineOptions>;
  /** Target angular frequency of level j (rad per step). */
  omegaOf(level: number): number;
  /** Input level of cue j. */
  cueOf(level: number): number;
  /** One trial per level (integers; may lie outside 0..n−1 as long as ω > 0). */
  grid(levels: ReadonlyArray<number>, opts?: { time?: number }): Trials;
}

export const SINE_DEFAULTS: SineOptions = { nFrequencies: 51, omegaRange: [0.1, 0.6], cueOffset: 0.25, time: 200, r2Threshold: 0.9 };

const NAME = "sine";

export function sineTask(options?: Partial<SineOptions>): SineTask {
  const o = mergeOptions(NAME, SINE_DEFAULTS, options);
  const n = int(NAME, "nFrequencies", o.nFrequencies, { min: 2 });
  const omegaRange = range(NAME, "omegaRange", o.omegaRange);
  check(omegaRange[0] > 0 && omegaRange[1] > omegaRange[0], NAME, `omegaRange must satisfy 0 < lo < hi, got [${omegaRange[0]}, ${omegaRange[1]}].`);
  const cueOffset = num(NAME, "cueOffset", o.cueOffset);
  const time = int(NAME, "time", o.time, { min: 1 });
  const r2Threshold = num(NAME, "r2Threshold", o.r2Threshold, { max: 1 });
  const resolved = Object.freeze({ nFrequencies: n, omegaRange: [omegaRange[0], omegaRange[1]] as const, cueOffset, time, r2Threshold });
  const omegaOf = (j: number): number => omegaRange[0] + (j * (omegaRange[1] - omegaRange[0])) / (n - 1);
  const cueOf = (j: number): number => j / n + cueOffset;
  const trainedLevel = (j: number): boolean => j >= 0 && j < n;

  const make = (levels: ReadonlyArray<number>, T: number): Trials => {
    for (const j of levels) {
      check(Number.isInteger(j), NAME, `cue levels must be integers, got ${j}.`);
      check(omegaOf(j) > 0, NAME, `level ${j} gives ω = ${omegaOf(j)} ≤ 0; use levels > ${Math.floor(-(omegaRange[0] * (n - 1)) / (omegaRange[1] - omegaRange[0]))}.`);
    }
    return buildTrials({
      task: NAME,
      time: T,
      inputSize: 1,
      outputSize: 1,
      lossScale: 1,
      meta: levels.map((j) => ({ level: j, omega: omegaOf(j), cue: cueOf(j), inTrainingRange: trainedLevel(j) && T <= time })),
      draw: (c, m) => {
        c.period("trial", 0, T);
        c.input(0, 0, T, m.cue);
        c.target(0, 0, T, (t) => Math.sin(m.omega * t));
        c.setMask(0, T);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    const T = trials.time;
    return trials.meta.map((m, b) => {
      let se = 0;
      let mean = 0;
      for (let t = 0; t < T; t++) mean += trials.targets[b * T + t]!;
      mean /= T;
      let v = 0;
      for (let t = 0; t < T; t++) {
        const y = trials.targets[b * T + t]!;
        const d = outputs[b * T + t]! - y;
        se += d * d;
        v += (y - mean) * (y - mean);
      }
      const mse = se / T;
      const r2 = v > 0 ? 1 - se / v : NaN;
      return { level: Number(m.level), omega: Number(m.omega), mse, r2, correct: r2 >= r2Threshold };
    });
  };

  return {
    name: NAME,
    description: "Frequency-cued sine wave: a static cue level selects ω; output sin(ω t) (Sussillo & Barak 2013).",
    paper: {
      citation: "Sussillo & Barak, Opening the black box (Neural Computation 2013); Maheswaranathan et al., Universality and individuality (NeurIPS 2019)",
      url: "https://arxiv.org/abs/1907.08549",
      section: "universality2019 §3.2",
    },
    inputSize: 1,
    outputSize: 1,
    lossScale: 1,
    options: resolved,
    trials(opts: TrialsOptions<SineExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const defaultLevels = [...Array.from({ length: 5 }, (_, i) => i - 5), ...Array.from({ length: 10 }, (_, i) => n + i)];
      const x = resolveExtrapolate<SineExtrapolation>(NAME, opts.extrapolate, { levels: defaultLevels, time: 2 * time });
      if (!x) return make(Array.from({ length: opts.batch }, () => rng.int(0, n - 1)), time);
      const T = int(NAME, "extrapolate.time", x.time, { min: 1 });
      let levels = numList(NAME, "extrapolate.levels", x.levels, { integer: true });
      if (T <= time) {
        levels = levels.filter((j) => !trainedLevel(j));
        check(levels.length > 0, NAME, "extrapolate: with the trained trial length, give levels outside 0..nFrequencies−1.");
      }
      return make(Array.from({ length: opts.batch }, () => rng.choice(levels)), T);
    },
    validation: () => make(Array.from({ length: n }, (_, j) => j), time),
    omegaOf,
    cueOf,
    grid(levels, gopts = {}) {
      check(levels.length > 0, NAME, "grid() needs at least one level.");
      return make(levels, int(NAME, "time", gopts.time ?? time, { min: 1 }));
    },
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      return makeScore(trials, outputs, fractionCorrect(out), { meanR2: meanOf(out, "r2") });
    },
  };
}

/**
 * Ready-Set-Go / interval reproduction (Turner et al. 2021 §3.1).
 *
 * Metadata per trial: t_s, readyOnset, setOnset, goOnset, pulse, inTrainingRange. Outcomes per
 * trial: t_s, t_p (NaN when the output never exceeds the threshold after Set), error = t_p − t_s,
 * correct, responded, premature (output above threshold before Set).
 *
 * Input 0 carries the Ready pulse, input 1 the Set pulse t_s steps later; the single output must
 * emit a pulse t_s steps after Set onset and stay at 0 elsewhere. MSE over every step (mask ≡ 1).
 * With the paper's defaults: Ready [5, 10), Set [5 + t_s, 10 + t_s), Go target [5 + 2t_s, 10 + 2t_s),
 * t_s ∈ {20, …, 50}, 150 steps.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, num, range, resolveExtrapolate } from "./options";
import { at, checkOutputs, fractionCorrect, makeScore, meanOf } from "./scoring";
import { buildTrials, sequencePeriods } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface RsgOptions {
  /** Shortest trained sample interval t_s, steps (20). */
  readonly lowTs: number;
  /** Longest trained t_s, steps (50). */
  readonly highTs: number;
  /** Width of the Ready, Set and Go pulses, steps (5). */
  readonly pulse: number;
  /** Step at which Ready starts (5). */
  readonly readyOnset: number;
  /** Trial length, steps (default 2·highTs + 50 = 150). */
  readonly time?: number;
  /** Output level that counts as the Go response when measuring t_p (0.8, §5.1). */
  readonly threshold: number;
  /** |t_p − t_s| allowed for a correct trial, steps (1). */
  readonly tolerance: number;
}

/** Extrapolation: t_s drawn uniformly from `tsRange`, excluding the trained [lowTs, highTs]. */
export type RsgExtrapolation = {
  /** Default [highTs + 1, 2·highTs]. */
  readonly tsRange?: readonly [number, number];
};

export interface RsgTask extends Task<RsgExtrapolation> {
  readonly options: Readonly<Required<RsgOptions>>;
  /** One trial per t_s, in the given order; `time` defaults to timeFor(max t_s). */
  grid(tsList: ReadonlyArray<number>, opts?: { time?: number }): Trials;
  /** One trial with this t_s. */
  trial(ts: number, opts?: { time?: number }): Trials;
  /**
   * Ready without Set (turner2021 §5.1 extrapolation probe): target 0 and mask 1 everywhere;
   * meta setOnset = time (never), so outcomes report t_p NaN and `premature` = spontaneous output.
   */
  readyOnly(opts?: { time?: number }): Trials;
  /** Trial length used for intervals up to tsMax (the base length, grown by 2 steps per extra step of t_s). */
  timeFor(tsMax: number): number;
}

export const RSG_DEFAULTS: RsgOptions = {
  lowTs: 20,
  highTs: 50,
  pulse: 5,
  readyOnset: 5,
  time: undefined,
  threshold: 0.8,
  tolerance: 1,
};

const NAME = "rsg";

export function rsgTask(options?: Partial<RsgOptions>): RsgTask {
  const o = mergeOptions(NAME, RSG_DEFAULTS, options);
  const lowTs = int(NAME, "lowTs", o.lowTs, { min: 1 });
  const highTs = int(NAME, "highTs", o.highTs, { min: lowTs });
  const pulse = int(NAME, "pulse", o.pulse, { min: 1 });
  const readyOnset = int(NAME, "readyOnset", o.readyOnset, { min: 0 });
  check(lowTs >= pulse, NAME, `lowTs (${lowTs}) must be ≥ pulse (${pulse}) so that Set starts after Ready ends.`);
  const minTime = readyOnset + 2 * highTs + pulse;
  const baseTime = o.time === undefined ? 2 * highTs + 50 : int(NAME, "time", o.time, { min: 1 });
  check(baseTime >= minTime, NAME, `time (${baseTime}) is too short: the Go pulse for t_s = ${highTs} ends at step ${minTime}.`);
  const threshold = num(NAME, "threshold", o.threshold);
  const tolerance = num(NAME, "tolerance", o.tolerance, { min: 0 });
  const resolved = Object.freeze({ lowTs, highTs, pulse, readyOnset, time: baseTime, threshold, tolerance });

  const timeFor = (tsMax: number): number => baseTime + 2 * Math.max(0, tsMax - highTs);

  const make = (tsList: ReadonlyArray<number>, time: number): Trials => {
    for (const ts of tsList) {
      check(Number.isInteger(ts) && ts >= pulse, NAME, `t_s must be an integer ≥ pulse (${pulse}), got ${ts}.`);
      const end = readyOnset + 2 * ts + pulse;
      check(end <= time, NAME, `t_s = ${ts} needs at least ${end} steps but the trial has ${time}; pass a longer time.`);
    }
    return buildTrials({
      task: NAME,
      time,
      inputSize: 2,
      outputSize: 1,
      lossScale: 1,
      meta: tsList.map((ts) => ({
        t_s: ts,
        readyOnset,
        setOnset: readyOnset + ts,
        goOnset: readyOnset + 2 * ts,
        pulse,
        inTrainingRange: ts >= lowTs && ts <= highTs,
      })),
      draw: (c, m) => {
        const ps = sequencePeriods(
          [
            { name: "start", duration: readyOnset },
            { name: "ready", duration: pulse },
            { name: "ready_set", duration: m.t_s - pulse },
            { name: "set", duration: pulse },
            { name: "set_go", duration: m.t_s - pulse },
            { name: "go", duration: pulse },
          ],
          0,
        );
        c.addPeriods(ps).period("end", m.goOnset + pulse, time);
        c.input(0, readyOnset, readyOnset + pulse, 1);
        c.input(1, m.setOnset, m.setOnset + pulse, 1);
        c.target(0, m.goOnset, m.goOnset + pulse, 1);
        c.setMask(0, time);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const ts = Number(m.t_s);
      const setOnset = Number(m.setOnset);
      let onset = -1;
      for (let t = setOnset; t < trials.time; t++) {
        if (at(trials, outputs, b, t) > threshold) {
          onset = t;
          break;
        }
      }
      let premature = false;
      for (let t = 0; t < setOnset; t++) if (at(trials, outputs, b, t) > threshold) premature = true;
      const tp = onset < 0 ? NaN : onset - setOnset;
      const error = tp - ts;
      return { t_s: ts, t_p: tp, error, correct: Math.abs(error) <= tolerance, responded: onset >= 0, premature };
    });
  };

  return {
    name: NAME,
    description: "Ready-Set-Go: reproduce the Ready→Set interval t_s as a Go pulse t_s after Set (Turner 2021).",
    paper: {
      citation: "Turner, Dabholkar & Barak, Charting and navigating the space of solutions for recurrent neural networks (NeurIPS 2021)",
      url: "https://arxiv.org/abs/2111.09356",
      section: "§3.1 time reproduction",
    },
    inputSize: 2,
    outputSize: 1,
    lossScale: 1,
    options: resolved,
    trials(opts: TrialsOptions<RsgExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<RsgExtrapolation>(NAME, opts.extrapolate, { tsRange: [highTs + 1, 2 * highTs] });
      if (!x) return make(Array.from({ length: opts.batch }, () => rng.int(lowTs, highTs)), baseTime);
      const [lo, hi] = range(NAME, "extrapolate.tsRange", x.tsRange, { integer: true, min: pulse });
      check(lo < lowTs || hi > highTs, NAME, `extrapolate.tsRange [${lo}, ${hi}] lies inside the training range [${lowTs}, ${highTs}].`);
      const tsList = Array.from({ length: opts.batch }, () => {
        let ts: number;
        do ts = rng.int(lo, hi);
        while (ts >= lowTs && ts <= highTs);
        return ts;
      });
      return make(tsList, timeFor(hi));
    },
    validation(): Trials {
      return make(Array.from({ length: highTs - lowTs + 1 }, (_, i) => lowTs + i), baseTime);
    },
    grid(tsList, gopts = {}) {
      check(tsList.length > 0, NAME, "grid() needs at least one t_s.");
      const time = gopts.time ?? timeFor(Math.max(...tsList));
      return make(tsList, int(NAME, "time", time, { min: 1 }));
    },
    trial(ts, topts = {}) {
      return this.grid([ts], topts);
    },
    readyOnly(ropts = {}) {
      const time = int(NAME, "time", ropts.time ?? 4 * baseTime, { min: readyOnset + pulse });
      return buildTrials({
        task: NAME,
        time,
        inputSize: 2,
        outputSize: 1,
        lossScale: 1,
        meta: [{ t_s: 0, readyOnset, setOnset: time, goOnset: time, pulse, noSet: true, inTrainingRange: false }],
        draw: (c) => {
          c.period("start", 0, readyOnset).period("ready", readyOnset, readyOnset + pulse).period("wait", readyOnset + pulse, time);
          c.input(0, readyOnset, readyOnset + pulse, 1);
          c.setMask(0, time);
        },
      });
    },
    timeFor,
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      const errs = out.filter((r) => r.responded).map((r) => ({ absError: Math.abs(Number(r.error)) }));
      return makeScore(trials, outputs, fractionCorrect(out), {
        responded: fractionCorrect(out, "responded"),
        premature: fractionCorrect(out, "premature"),
        meanAbsError: meanOf(errs, "absError"),
      });
    },
  };
}

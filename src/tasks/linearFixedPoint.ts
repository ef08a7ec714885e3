/**
 * Schuessler et al.'s linear input-driven fixed-point task (2020 §3.4), for the linear leaky RNN.
 *
 * One input u = 1 from t = 1 to the end; the output must equal ẑ over the final time unit
 * (2 steps at dt = 0.5), the only masked steps. T = 101 (202 steps) is long enough for the state to
 * converge to x* = (1 − W)⁻¹ W_in u. Deterministic: every trial is the same. Loss: ½ masked mean.
 */
import type { Trials } from "../core/types";
import { check, checkBatchSeed, mergeOptions, num, resolveExtrapolate, steps } from "./options";
import { checkOutputs, fractionCorrect, makeScore, meanOf, windowMean } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface LinearFixedPointOptions {
  /** Euler step (0.5). */
  readonly dt: number;
  /** Trial length, time units (101 → 202 steps). */
  readonly T: number;
  /** Input onset, time units (1). */
  readonly onset: number;
  /** Length of the final target window, time units (1). */
  readonly targetWindow: number;
  /** Target ẑ (0.5; the paper sweeps 0.5, 1, 2). */
  readonly target: number;
  /** Input level (1). */
  readonly inputAmplitude: number;
  /** Correct when |z − ẑ| ≤ relTol·|ẑ|, z = mean output over the target window (0.05). */
  readonly relTol: number;
}

/**
 * Extrapolation: another input amplitude and/or a longer trial. The target follows the linear
 * response, ẑ·(amplitude / trained amplitude). Defaults: inputAmplitude 2·trained, T 2·T.
 */
export type LinearFixedPointExtrapolation = {
  readonly inputAmplitude?: number;
  readonly T?: number;
};

export interface LinearFixedPointTask extends Task<LinearFixedPointExtrapolation> {
  readonly options: Readonly<LinearFixedPointOptions>;
  readonly dt: number;
  /** One trial with explicit amplitude / length (target scaled linearly with the amplitude). */
  trial(opts?: { inputAmplitude?: number; T?: number }): Trials;
}

export const LINEAR_FIXED_POINT_DEFAULTS: LinearFixedPointOptions = {
  dt: 0.5,
  T: 101,
  onset: 1,
  targetWindow: 1,
  target: 0.5,
  inputAmplitude: 1,
  relTol: 0.05,
};

const NAME = "linear-fixed-point";

export function linearFixedPointTask(options?: Partial<LinearFixedPointOptions>): LinearFixedPointTask {
  const o = mergeOptions(NAME, LINEAR_FIXED_POINT_DEFAULTS, options);
  const dt = num(NAME, "dt", o.dt, { positive: true });
  const T = num(NAME, "T", o.T, { positive: true });
  const time = steps(NAME, "T", T, dt);
  const onset = num(NAME, "onset", o.onset, { min: 0 });
  const nOn = steps(NAME, "onset", onset, dt);
  const targetWindow = num(NAME, "targetWindow", o.targetWindow, { positive: true });
  const nWin = steps(NAME, "targetWindow", targetWindow, dt);
  check(nWin >= 1, NAME, "targetWindow must last at least one step.");
  check(nOn + nWin <= time, NAME, `T (${T}) is too short for the input onset (${onset}) and the target window (${targetWindow}).`);
  const target = num(NAME, "target", o.target);
  check(target !== 0, NAME, "target must be non-zero (the score is relative to |ẑ|).");
  const inputAmplitude = num(NAME, "inputAmplitude", o.inputAmplitude);
  check(inputAmplitude !== 0, NAME, "inputAmplitude must be non-zero.");
  const relTol = num(NAME, "relTol", o.relTol, { positive: true });
  const resolved = Object.freeze({ dt, T, onset, targetWindow, target, inputAmplitude, relTol });

  const make = (batch: number, amp: number, len: number): Trials => {
    const n = steps(NAME, "T", len, dt);
    check(n >= nOn + nWin, NAME, `T = ${len} is too short for the onset and the target window.`);
    const z = (target * amp) / inputAmplitude;
    return buildTrials({
      task: NAME,
      time: n,
      inputSize: 1,
      outputSize: 1,
      lossScale: 0.5,
      meta: Array.from({ length: batch }, () => ({
        target: z,
        inputAmplitude: amp,
        T: len,
        onsetStep: nOn,
        targetOnset: n - nWin,
        inTrainingRange: amp === inputAmplitude && n === time,
      })),
      draw: (c) => {
        c.period("baseline", 0, nOn).period("drive", nOn, n - nWin).period("target", n - nWin, n);
        c.input(0, nOn, n, amp);
        c.target(0, n - nWin, n, z);
        c.setMask(n - nWin, n);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const zHat = Number(m.target);
      const z = windowMean(trials, outputs, b, Number(m.targetOnset), trials.time);
      const relError = Math.abs(z - zHat) / Math.abs(zHat);
      return { z, target: zHat, relError, correct: relError <= relTol };
    });
  };

  return {
    name: NAME,
    description: "Linear input-driven fixed point: a constant input must drive the readout to ẑ at the end (Schuessler 2020).",
    paper: {
      citation: "Schuessler et al., The interplay between randomness and structure during learning in RNNs (NeurIPS 2020)",
      url: "https://arxiv.org/abs/2006.11036",
      section: "§3.4 linear model task",
    },
    inputSize: 1,
    outputSize: 1,
    lossScale: 0.5,
    dt,
    options: resolved,
    trials(opts: TrialsOptions<LinearFixedPointExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const x = resolveExtrapolate<LinearFixedPointExtrapolation>(NAME, opts.extrapolate, { inputAmplitude: 2 * inputAmplitude, T: 2 * T });
      if (!x) return make(opts.batch, inputAmplitude, T);
      const amp = num(NAME, "extrapolate.inputAmplitude", x.inputAmplitude);
      check(amp !== 0, NAME, "extrapolate.inputAmplitude must be non-zero.");
      const len = num(NAME, "extrapolate.T", x.T, { positive: true });
      check(amp !== inputAmplitude || len > T, NAME, "extrapolate equals the training trial; change inputAmplitude or use a longer T.");
      return make(opts.batch, amp, len);
    },
    validation: () => make(1, inputAmplitude, T),
    trial: (topts = {}) => make(1, topts.inputAmplitude ?? inputAmplitude, topts.T ?? T),
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      return makeScore(trials, outputs, fractionCorrect(out), { meanRelError: meanOf(out, "relError") });
    },
  };
}

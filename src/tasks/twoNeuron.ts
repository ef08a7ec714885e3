/**
 * The two-neuron task (Turner et al. 2021 §2): a 2-unit continuous-time network
 * dx/dt = −x + W tanh x, started at x(0) = (1, 0) (given as h0), must reach x(T) = (0, 1) at T = 10.
 * Forward Euler with dt = 0.1 → 100 steps; the state is the output (a leaky model with
 * readout "state"). No input: one all-zero input channel keeps kernels at I = 1.
 *
 * Mask = 1 on both outputs at the last step only, so the kernels' loss Σ mask·(y − t)² / Σ mask
 * = ½‖x(T) − (0, 1)‖², the paper's loss, with lossScale 1. Every trial is identical (the seed only
 * has to be valid).
 */
import type { Trials } from "../core/types";
import { check, checkBatchSeed, mergeOptions, num, numList, resolveExtrapolate, steps } from "./options";
import { at, checkOutputs, fractionCorrect, makeScore, meanOf } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface TwoNeuronOptions {
  /** Target time (10 time units). */
  readonly T: number;
  /** Euler step (0.1); T/dt must be whole. */
  readonly dt: number;
  /** Initial state x(0) ((1, 0)). */
  readonly x0: readonly [number, number];
  /** Target state x(T) ((0, 1)). */
  readonly target: readonly [number, number];
  /** A network "solves" the task when ½‖x(T) − target‖² < goodLoss (1e-4). */
  readonly goodLoss: number;
}

/** Extrapolation: keep integrating past T up to `horizon` (default 10·T); the target stays at T. */
export type TwoNeuronExtrapolation = { readonly horizon?: number };

export interface TwoNeuronTask extends Task<TwoNeuronExtrapolation> {
  readonly options: Readonly<TwoNeuronOptions>;
  readonly dt: number;
  /** Step index whose output is x(T) (= T/dt − 1: output t is the state after step t). */
  readonly targetStep: number;
  /** One trial integrating to `horizon` (default T). */
  trial(opts?: { horizon?: number }): Trials;
}

export const TWO_NEURON_DEFAULTS: TwoNeuronOptions = { T: 10, dt: 0.1, x0: [1, 0], target: [0, 1], goodLoss: 1e-4 };

const NAME = "two-neuron";

export function twoNeuronTask(options?: Partial<TwoNeuronOptions>): TwoNeuronTask {
  const o = mergeOptions(NAME, TWO_NEURON_DEFAULTS, options);
  const T = num(NAME, "T", o.T, { positive: true });
  const dt = num(NAME, "dt", o.dt, { positive: true });
  const nT = steps(NAME, "T", T, dt);
  check(nT >= 1, NAME, `T (${T}) must be at least one step of dt (${dt}).`);
  const x0 = numList(NAME, "x0", o.x0);
  const target = numList(NAME, "target", o.target);
  check(x0.length === 2 && target.length === 2, NAME, "x0 and target must both have 2 entries (two neurons).");
  const goodLoss = num(NAME, "goodLoss", o.goodLoss, { positive: true });
  const resolved = Object.freeze({ T, dt, x0: [x0[0]!, x0[1]!] as const, target: [target[0]!, target[1]!] as const, goodLoss });
  const targetStep = nT - 1;

  const make = (batch: number, horizon: number): Trials => {
    const time = steps(NAME, "horizon", horizon, dt);
    check(time >= nT, NAME, `horizon (${horizon}) must be ≥ T (${T}).`);
    return buildTrials({
      task: NAME,
      time,
      inputSize: 1,
      outputSize: 2,
      lossScale: 1,
      h0: x0,
      meta: Array.from({ length: batch }, () => ({ T, dt, horizon, targetStep, x0: x0.join(","), target: target.join(",") })),
      draw: (c) => {
        c.period("run", 0, targetStep).period("target", targetStep, nT);
        if (time > nT) c.period("after", nT, time);
        c.target(0, targetStep, nT, target[0]!).target(1, targetStep, nT, target[1]!);
        c.setMask(targetStep, nT);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const k = Number(m.targetStep);
      const e0 = at(trials, outputs, b, k, 0) - target[0]!;
      const e1 = at(trials, outputs, b, k, 1) - target[1]!;
      const loss = 0.5 * (e0 * e0 + e1 * e1);
      return { loss, correct: loss < goodLoss };
    });
  };

  return {
    name: NAME,
    description: "Two-neuron network: steer x(0) = (1,0) to x(10) = (0,1) under dx/dt = −x + W tanh x (Turner 2021).",
    paper: {
      citation: "Turner, Dabholkar & Barak, Charting and navigating the space of solutions for recurrent neural networks (NeurIPS 2021)",
      url: "https://arxiv.org/abs/2111.09356",
      section: "§2 two-neuron network",
    },
    inputSize: 1,
    outputSize: 2,
    lossScale: 1,
    dt,
    targetStep,
    options: resolved,
    trials(opts: TrialsOptions<TwoNeuronExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const x = resolveExtrapolate<TwoNeuronExtrapolation>(NAME, opts.extrapolate, { horizon: 10 * T });
      if (!x) return make(opts.batch, T);
      const horizon = num(NAME, "extrapolate.horizon", x.horizon, { positive: true });
      check(horizon > T, NAME, `extrapolate.horizon (${horizon}) must exceed T (${T}).`);
      return make(opts.batch, horizon);
    },
    validation: () => make(1, T),
    trial: (topts = {}) => make(1, topts.horizon ?? T),
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      return makeScore(trials, outputs, fractionCorrect(out), { meanLoss: meanOf(out, "loss") });
    },
  };
}

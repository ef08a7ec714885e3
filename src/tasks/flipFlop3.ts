/**
 * Classic n-bit flip-flop (Sussillo & Barak 2013; the universality study's 3-bit memory), with the
 * FixedPointFinder data generator: 64 steps, at every step each channel pulses with probability
 * 0.5 (sign ±1 equiprobable), every channel pulses at t = 0; each output must hold the sign of the
 * latest pulse on its channel (the target switches on the pulse step itself). MSE on every step.
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { bool, check, checkBatchSeed, int, mergeOptions, num, resolveExtrapolate } from "./options";
import { checkOutputs, makeScore, sign } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface FlipFlop3Options {
  /** Number of bits = input channels = output channels (3). */
  readonly bits: number;
  /** Steps per trial (64). */
  readonly time: number;
  /** Per-step, per-channel pulse probability (0.5). */
  readonly pulseProb: number;
  /** Input pulse amplitude (1); targets are always ±1. */
  readonly amplitude: number;
  /** Pulse every channel at t = 0 so the target is defined from the start (true). */
  readonly pulseAtStart: boolean;
  /** Size and seed of the fixed validation set (128, seed 1). */
  readonly validationSize: number;
  readonly validationSeed: number;
}

/**
 * Extrapolation: longer trials with sparser pulses (longer holds) and/or other amplitudes.
 * Defaults: time 4·time (256), pulseProb pulseProb/8, the trained amplitude.
 */
export type FlipFlop3Extrapolation = {
  readonly time?: number;
  readonly pulseProb?: number;
  readonly amplitude?: number;
};

export interface FlipFlop3Task extends Task<FlipFlop3Extrapolation> {
  readonly options: Readonly<FlipFlop3Options>;
  /**
   * A trial from explicit pulses: pulses[c] lists [step, sign] pairs of channel c (with pulseAtStart
   * you must include step 0 yourself if you want it).
   */
  fromPulses(pulses: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, opts?: { time?: number; amplitude?: number }): Trials;
}

export const FLIPFLOP3_DEFAULTS: FlipFlop3Options = {
  bits: 3,
  time: 64,
  pulseProb: 0.5,
  amplitude: 1,
  pulseAtStart: true,
  validationSize: 128,
  validationSeed: 1,
};

const NAME = "flipflop3";

/** pulses[b][t][c] ∈ {−1, 0, +1}. */
type PulseTable = Int8Array;

export function flipFlop3Task(options?: Partial<FlipFlop3Options>): FlipFlop3Task {
  const o = mergeOptions(NAME, FLIPFLOP3_DEFAULTS, options);
  const bits = int(NAME, "bits", o.bits, { min: 1 });
  const time = int(NAME, "time", o.time, { min: 1 });
  const pulseProb = num(NAME, "pulseProb", o.pulseProb, { min: 0, max: 1 });
  const amplitude = num(NAME, "amplitude", o.amplitude, { positive: true });
  const pulseAtStart = bool(NAME, "pulseAtStart", o.pulseAtStart);
  check(pulseAtStart || pulseProb > 0, NAME, "with pulseAtStart false, pulseProb must be > 0 or no target is ever defined.");
  const validationSize = int(NAME, "validationSize", o.validationSize, { min: 1 });
  const validationSeed = int(NAME, "validationSeed", o.validationSeed);
  const resolved = Object.freeze({ bits, time, pulseProb, amplitude, pulseAtStart, validationSize, validationSeed });

  const sample = (rng: Rng, batch: number, T: number, p: number): PulseTable[] =>
    Array.from({ length: batch }, () => {
      const tab = new Int8Array(T * bits);
      for (let t = 0; t < T; t++) {
        for (let c = 0; c < bits; c++) {
          const fire = (t === 0 && pulseAtStart) || rng.random() < p;
          if (fire) tab[t * bits + c] = rng.random() < 0.5 ? -1 : 1;
        }
      }
      return tab;
    });

  const make = (tables: ReadonlyArray<PulseTable>, T: number, amp: number, p: number): Trials =>
    buildTrials({
      task: NAME,
      time: T,
      inputSize: bits,
      outputSize: bits,
      lossScale: 1,
      meta: tables.map((tab) => ({
        pulses: tab.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0),
        amplitude: amp,
        pulseProb: p,
        inTrainingRange: T <= time && amp === amplitude && p >= pulseProb,
      })),
      draw: (c, _m, i) => {
        const tab = tables[i]!;
        c.period("trial", 0, T);
        for (let ch = 0; ch < bits; ch++) {
          let state = 0;
          let since = 0;
          for (let t = 0; t < T; t++) {
            const s = tab[t * bits + ch]!;
            if (s !== 0) {
              c.input(ch, t, t + 1, s * amp);
              if (state !== 0) c.target(ch, since, t, state);
              state = s;
              since = t;
            }
          }
          if (state !== 0) c.target(ch, since, T, state);
          // Before a channel's first pulse its memory is undefined: leave those steps unmasked.
          const first = firstPulse(tab, ch, T);
          if (first < T) c.setMask(first, T, 1, [ch]);
        }
      },
    });

  const firstPulse = (tab: PulseTable, ch: number, T: number): number => {
    for (let t = 0; t < T; t++) if (tab[t * bits + ch] !== 0) return t;
    return T;
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    const n = trials.time * trials.outputSize;
    return trials.meta.map((_m, b) => {
      let good = 0;
      let total = 0;
      for (let i = b * n; i < (b + 1) * n; i++) {
        if (trials.mask[i] === 0) continue;
        total++;
        if (sign(outputs[i]!) === sign(trials.targets[i]!)) good++;
      }
      return { maskedSteps: total, correctSteps: good, stepAccuracy: total > 0 ? good / total : NaN, correct: good === total };
    });
  };

  return {
    name: NAME,
    description: "Classic 3-bit flip-flop: each output holds the sign of the last ±1 pulse on its channel (Sussillo & Barak 2013).",
    paper: {
      citation:
        "Sussillo & Barak, Opening the black box (Neural Computation 2013); Maheswaranathan et al., Universality and individuality (NeurIPS 2019); generator of Golub & Sussillo's FixedPointFinder",
      url: "https://arxiv.org/abs/1907.08549",
      section: "universality2019 §3.1, fixedpoints §2.4",
    },
    inputSize: bits,
    outputSize: bits,
    lossScale: 1,
    options: resolved,
    trials(opts: TrialsOptions<FlipFlop3Extrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<FlipFlop3Extrapolation>(NAME, opts.extrapolate, {
        time: 4 * time,
        pulseProb: pulseProb / 8,
        amplitude,
      });
      if (!x) return make(sample(rng, opts.batch, time, pulseProb), time, amplitude, pulseProb);
      const T = int(NAME, "extrapolate.time", x.time, { min: 1 });
      const p = num(NAME, "extrapolate.pulseProb", x.pulseProb, { min: 0, max: 1 });
      const amp = num(NAME, "extrapolate.amplitude", x.amplitude, { positive: true });
      check(
        T > time || p < pulseProb || amp !== amplitude,
        NAME,
        `extrapolate (time ${T}, pulseProb ${p}, amplitude ${amp}) is the training distribution; use a longer time, a smaller pulseProb or another amplitude.`,
      );
      return make(sample(rng, opts.batch, T, p), T, amp, p);
    },
    validation: () => make(sample(new Rng(deriveSeed(validationSeed, NAME, "validation")), validationSize, time, pulseProb), time, amplitude, pulseProb),
    fromPulses(pulses, fopts = {}) {
      const T = int(NAME, "time", fopts.time ?? time, { min: 1 });
      const amp = num(NAME, "amplitude", fopts.amplitude ?? amplitude, { positive: true });
      check(pulses.length === bits, NAME, `fromPulses() needs one pulse list per channel (${bits}), got ${pulses.length}.`);
      const tab = new Int8Array(T * bits);
      pulses.forEach((list, ch) => {
        for (const [t, s] of list) {
          check(Number.isInteger(t) && t >= 0 && t < T, NAME, `pulse step ${t} on channel ${ch} is outside [0, ${T}).`);
          check(s === 1 || s === -1, NAME, `pulse sign must be +1 or −1, got ${s}.`);
          tab[t * bits + ch] = s;
        }
      });
      return make([tab], T, amp, pulseProb);
    },
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      const good = out.reduce((s, r) => s + Number(r.correctSteps), 0);
      const total = out.reduce((s, r) => s + Number(r.maskedSteps), 0);
      return makeScore(trials, outputs, total > 0 ? good / total : NaN, {
        trialAccuracy: out.filter((r) => r.correct).length / out.length,
      });
    },
  };
}

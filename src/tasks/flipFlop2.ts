/**
 * Schuessler et al.'s 2-channel flip-flop (2020 §3.1). Not the classic "hold every bit": pulses
 * arrive one at a time on a random channel with a random sign, and the network reports the LAST
 * pulse: from `decisionDelay` after its onset until the next pulse, the pulsed channel's output is
 * 0.5·sign and the other output 0 (mask 1 on all outputs in those windows, 0 elsewhere).
 *
 * Continuous time, dt = 0.5: trial 50 time units (100 steps), first pulse at t = 1, pulses last 1
 * time unit (2 steps), successive onsets are Uniform(5, 25) + 5 time units apart (rounded to steps).
 * Loss: ½ masked mean (lossScale 0.5).
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, mergeOptions, num, range, resolveExtrapolate, steps } from "./options";
import { at, checkOutputs, makeScore } from "./scoring";
import { buildTrials } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface FlipFlop2Options {
  /** Euler step (0.5). */
  readonly dt: number;
  /** Trial length in time units (50 → 100 steps). */
  readonly tMax: number;
  /** Onset of the first pulse, time units (1). */
  readonly firstPulse: number;
  /** Random part of the inter-pulse interval, Uniform(lo, hi) time units ([5, 25]). */
  readonly gap: readonly [number, number];
  /** Delay from pulse onset to the start of the report window, time units (5); also added to every gap. */
  readonly decisionDelay: number;
  /** Pulse duration, time units (1). */
  readonly pulseDuration: number;
  /** Input pulse amplitude (1). */
  readonly amplitude: number;
  /** Reported level (0.5). */
  readonly targetAmplitude: number;
  /** Size and seed of the fixed validation set (256, seed 1). */
  readonly validationSize: number;
  readonly validationSeed: number;
}

/** Extrapolation: longer trials and gaps, other amplitudes. Defaults: tMax 4·tMax, gap [25, 100]. */
export type FlipFlop2Extrapolation = {
  readonly tMax?: number;
  readonly gap?: readonly [number, number];
  readonly amplitude?: number;
};

/** One pulse of an explicit sequence: onset step, channel (0/1), sign (±1). */
export type FlipFlop2Pulse = readonly [onset: number, channel: number, sign: number];

export interface FlipFlop2Task extends Task<FlipFlop2Extrapolation> {
  readonly options: Readonly<FlipFlop2Options>;
  readonly dt: number;
  /** A trial from an explicit pulse sequence (onsets in steps, increasing). */
  fromPulses(pulses: ReadonlyArray<FlipFlop2Pulse>, opts?: { tMax?: number; amplitude?: number }): Trials;
}

export const FLIPFLOP2_DEFAULTS: FlipFlop2Options = {
  dt: 0.5,
  tMax: 50,
  firstPulse: 1,
  gap: [5, 25],
  decisionDelay: 5,
  pulseDuration: 1,
  amplitude: 1,
  targetAmplitude: 0.5,
  validationSize: 256,
  validationSeed: 1,
};

const NAME = "flipflop2";

export function flipFlop2Task(options?: Partial<FlipFlop2Options>): FlipFlop2Task {
  const o = mergeOptions(NAME, FLIPFLOP2_DEFAULTS, options);
  const dt = num(NAME, "dt", o.dt, { positive: true });
  const tMax = num(NAME, "tMax", o.tMax, { positive: true });
  const time = steps(NAME, "tMax", tMax, dt);
  const firstPulse = num(NAME, "firstPulse", o.firstPulse, { min: 0 });
  const s0 = steps(NAME, "firstPulse", firstPulse, dt);
  const gap = range(NAME, "gap", o.gap, { min: 0 });
  const decisionDelay = num(NAME, "decisionDelay", o.decisionDelay, { min: 0 });
  const dd = steps(NAME, "decisionDelay", decisionDelay, dt);
  const pulseDuration = num(NAME, "pulseDuration", o.pulseDuration, { positive: true });
  const pd = steps(NAME, "pulseDuration", pulseDuration, dt);
  check(pd >= 1, NAME, `pulseDuration (${pulseDuration}) must last at least one step of dt (${dt}).`);
  check(dd >= pd, NAME, `decisionDelay (${decisionDelay}) must be ≥ pulseDuration (${pulseDuration}): the report starts after the pulse.`);
  check(s0 + pd <= time, NAME, `the first pulse (t = ${firstPulse}) does not fit in tMax = ${tMax}.`);
  const amplitude = num(NAME, "amplitude", o.amplitude, { positive: true });
  const targetAmplitude = num(NAME, "targetAmplitude", o.targetAmplitude, { positive: true });
  const validationSize = int(NAME, "validationSize", o.validationSize, { min: 1 });
  const validationSeed = int(NAME, "validationSeed", o.validationSeed);
  const resolved = Object.freeze({
    dt, tMax, firstPulse, gap: [gap[0], gap[1]] as const, decisionDelay, pulseDuration, amplitude, targetAmplitude, validationSize, validationSeed,
  });

  const sample = (rng: Rng, T: number, g: readonly [number, number]): FlipFlop2Pulse[] => {
    const out: FlipFlop2Pulse[] = [];
    let s = s0;
    while (s + pd <= T) {
      out.push([s, rng.int(0, 1), rng.random() < 0.5 ? -1 : 1]);
      s += Math.max(1, Math.round((rng.uniform(g[0], g[1]) + decisionDelay) / dt));
    }
    return out;
  };

  const make = (seqs: ReadonlyArray<ReadonlyArray<FlipFlop2Pulse>>, T: number, amp: number, trained: boolean): Trials =>
    buildTrials({
      task: NAME,
      time: T,
      inputSize: 2,
      outputSize: 2,
      lossScale: 0.5,
      meta: seqs.map((seq) => {
        const last = seq[seq.length - 1];
        return {
          pulses: seq.length,
          onsets: seq.map((p) => p[0]).join(","),
          channels: seq.map((p) => p[1]).join(","),
          signs: seq.map((p) => p[2]).join(","),
          lastChannel: last ? last[1] : -1,
          lastSign: last ? last[2] : 0,
          amplitude: amp,
          inTrainingRange: trained,
        };
      }),
      draw: (c, _m, i) => {
        const seq = seqs[i]!;
        c.period("fixation", 0, Math.min(seq.length ? seq[0]![0] : T, T));
        seq.forEach(([on, ch, sg], k) => {
          const next = k + 1 < seq.length ? seq[k + 1]![0] : T;
          const pEnd = Math.min(on + pd, T);
          const rStart = Math.min(on + dd, next);
          c.period(`pulse${k + 1}`, on, pEnd);
          c.period(`delay${k + 1}`, pEnd, Math.max(pEnd, rStart));
          if (rStart < next) c.period(`report${k + 1}`, rStart, next);
          c.input(ch, on, pEnd, sg * amp);
          if (rStart < next) {
            c.target(ch, rStart, next, sg * targetAmplitude);
            c.setMask(rStart, next);
          }
        });
      },
    });

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((_m, b) => {
      let good = 0;
      let total = 0;
      for (let t = 0; t < trials.time; t++) {
        const i = (b * trials.time + t) * 2;
        if (trials.mask[i] === 0 && trials.mask[i + 1] === 0) continue;
        const tc = trials.targets[i] !== 0 ? 0 : 1;
        const ts = Math.sign(trials.targets[i + tc]!);
        const y0 = at(trials, outputs, b, t, 0);
        const y1 = at(trials, outputs, b, t, 1);
        const yc = Math.abs(y0) >= Math.abs(y1) ? 0 : 1;
        total++;
        if (yc === tc && Math.sign(yc === 0 ? y0 : y1) === ts) good++;
      }
      return { reportSteps: total, correctSteps: good, stepAccuracy: total > 0 ? good / total : NaN, correct: good === total };
    });
  };

  return {
    name: NAME,
    description: "Schuessler's 2-channel flip-flop: report channel and sign of the last pulse at ±0.5 (Schuessler 2020).",
    paper: {
      citation: "Schuessler, Mastrogiuseppe, Dubreuil, Ostojic & Barak, The interplay between randomness and structure during learning in RNNs (NeurIPS 2020)",
      url: "https://arxiv.org/abs/2006.11036",
      section: "§3.1 flip-flop",
    },
    inputSize: 2,
    outputSize: 2,
    lossScale: 0.5,
    dt,
    options: resolved,
    trials(opts: TrialsOptions<FlipFlop2Extrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<FlipFlop2Extrapolation>(NAME, opts.extrapolate, {
        tMax: 4 * tMax,
        gap: [gap[1], 4 * gap[1]],
        amplitude,
      });
      if (!x) return make(Array.from({ length: opts.batch }, () => sample(rng, time, gap)), time, amplitude, true);
      const xT = steps(NAME, "extrapolate.tMax", num(NAME, "extrapolate.tMax", x.tMax, { positive: true }), dt);
      const xg = range(NAME, "extrapolate.gap", x.gap, { min: 0 });
      const amp = num(NAME, "extrapolate.amplitude", x.amplitude, { positive: true });
      check(
        xT > time || xg[1] > gap[1] || xg[0] < gap[0] || amp !== amplitude,
        NAME,
        "extrapolate equals the training distribution; use a longer tMax, gaps outside the trained range or another amplitude.",
      );
      return make(Array.from({ length: opts.batch }, () => sample(rng, xT, xg)), xT, amp, false);
    },
    validation: () => {
      const rng = new Rng(deriveSeed(validationSeed, NAME, "validation"));
      return make(Array.from({ length: validationSize }, () => sample(rng, time, gap)), time, amplitude, true);
    },
    fromPulses(pulses, fopts = {}) {
      const T = steps(NAME, "tMax", num(NAME, "tMax", fopts.tMax ?? tMax, { positive: true }), dt);
      const amp = num(NAME, "amplitude", fopts.amplitude ?? amplitude, { positive: true });
      let prev = -1;
      for (const [on, ch, sg] of pulses) {
        check(Number.isInteger(on) && on > prev && on < T, NAME, `pulse onsets must be increasing integer steps in [0, ${T}), got ${on} after ${prev}.`);
        check(ch === 0 || ch === 1, NAME, `pulse channel must be 0 or 1, got ${ch}.`);
        check(sg === 1 || sg === -1, NAME, `pulse sign must be +1 or −1, got ${sg}.`);
        prev = on;
      }
      return make([pulses], T, amp, false);
    },
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      const out = outcomes(trials, outputs);
      const good = out.reduce((s, r) => s + Number(r.correctSteps), 0);
      const total = out.reduce((s, r) => s + Number(r.reportSteps), 0);
      return makeScore(trials, outputs, total > 0 ? good / total : NaN, {
        trialAccuracy: out.filter((r) => r.correct).length / out.length,
      });
    },
  };
}

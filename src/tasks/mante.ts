/**
 * Context-dependent integration, Mante et al. (2013) style, with Schuessler et al.'s parameters
 * (2020 §3.2).
 *
 * Channels: inputs 0, 1 = sensory streams; inputs 2, 3 = context cues (one-hot). One output.
 * Periods (time units, dt = 0.5): fixation 3, stimulus 20, delay 5, decision 20 → 96 steps.
 * Sensory channels carry white noise of std 0.05/√dt on every step, plus during the stimulus a
 * constant coherence drawn per channel from {±1, ±2, ±4, ±8}/8. The cued context = 1 during the
 * stimulus only. Target 0.5·sign(coherence of the cued stream) in the decision period; mask =
 * decision period + everything up to the end of the stimulus (target 0); the delay is unmasked.
 * Loss: ½ masked mean (lossScale 0.5).
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { bool, check, checkBatchSeed, int, mergeOptions, num, numList, resolveExtrapolate, steps } from "./options";
import { checkOutputs, fractionCorrect, makeScore, sign, windowMean } from "./scoring";
import { buildTrials, sequencePeriods } from "./trialBuilder";
import type { Task, TaskScore, TrialOutcome, TrialsOptions } from "./types";

export interface ManteOptions {
  /** Euler step (0.5). */
  readonly dt: number;
  /** Period lengths in time units: fixation 3, stimulus 20, delay 5, decision 20. */
  readonly fixation: number;
  readonly stimulus: number;
  readonly delay: number;
  readonly decision: number;
  /** Sensory noise std per √time unit (0.05; per-step std = noiseStd/√dt). */
  readonly noiseStd: number;
  /** Coherence values (default ±1, ±2, ±4, ±8 over 8); drawn independently per stream. */
  readonly coherences: ReadonlyArray<number>;
  /** Reported level (0.5). */
  readonly targetAmplitude: number;
  /** Mask (target 0) everything up to the end of the stimulus (true). */
  readonly fixate: boolean;
  /** Seed of the noise in the validation set (1). */
  readonly validationSeed: number;
}

/**
 * Extrapolation: longer stimulus (integration) and delay, and/or scaled coherences.
 * Defaults: stimulus 2·stimulus (40), delay 4·delay (20), coherenceScale 1.
 */
export type ManteExtrapolation = {
  readonly stimulus?: number;
  readonly delay?: number;
  readonly coherenceScale?: number;
};

export interface ManteCondition {
  /** Cued stream: 0 or 1. */
  readonly context: number;
  readonly coh0: number;
  readonly coh1: number;
}

export interface ManteTask extends Task<ManteExtrapolation> {
  readonly options: Readonly<ManteOptions>;
  readonly dt: number;
  /** Explicit conditions; noise from `seed` (noise: false gives noiseless trials). */
  conditions(conds: ReadonlyArray<ManteCondition>, opts: { seed: number; noise?: boolean; stimulus?: number; delay?: number }): Trials;
}

export const MANTE_DEFAULTS: ManteOptions = {
  dt: 0.5,
  fixation: 3,
  stimulus: 20,
  delay: 5,
  decision: 20,
  noiseStd: 0.05,
  coherences: [-8, -4, -2, -1, 1, 2, 4, 8].map((c) => c / 8),
  targetAmplitude: 0.5,
  fixate: true,
  validationSeed: 1,
};

const NAME = "mante";

export function manteTask(options?: Partial<ManteOptions>): ManteTask {
  const o = mergeOptions(NAME, MANTE_DEFAULTS, options);
  const dt = num(NAME, "dt", o.dt, { positive: true });
  const fixation = num(NAME, "fixation", o.fixation, { min: 0 });
  const stimulus = num(NAME, "stimulus", o.stimulus, { positive: true });
  const delay = num(NAME, "delay", o.delay, { min: 0 });
  const decision = num(NAME, "decision", o.decision, { positive: true });
  const nFix = steps(NAME, "fixation", fixation, dt);
  const nStim = steps(NAME, "stimulus", stimulus, dt);
  const nDelay = steps(NAME, "delay", delay, dt);
  const nDec = steps(NAME, "decision", decision, dt);
  check(nStim >= 1 && nDec >= 1, NAME, "stimulus and decision must each last at least one step.");
  const noiseStd = num(NAME, "noiseStd", o.noiseStd, { min: 0 });
  const coherences = numList(NAME, "coherences", o.coherences);
  check(coherences.every((c) => c !== 0), NAME, "coherences must be non-zero (the target is the sign of the cued coherence).");
  const targetAmplitude = num(NAME, "targetAmplitude", o.targetAmplitude, { positive: true });
  const fixate = bool(NAME, "fixate", o.fixate);
  const validationSeed = int(NAME, "validationSeed", o.validationSeed);
  const resolved = Object.freeze({ dt, fixation, stimulus, delay, decision, noiseStd, coherences, targetAmplitude, fixate, validationSeed });
  const stepNoise = noiseStd / Math.sqrt(dt);

  const make = (conds: ReadonlyArray<ManteCondition>, rng: Rng | null, ns: number, nd: number, trained: boolean): Trials => {
    for (const c of conds) {
      check(c.context === 0 || c.context === 1, NAME, `context must be 0 or 1, got ${c.context}.`);
      check(Number.isFinite(c.coh0) && Number.isFinite(c.coh1), NAME, `coherences must be finite numbers.`);
      check((c.context === 0 ? c.coh0 : c.coh1) !== 0, NAME, "the cued coherence must be non-zero.");
    }
    const layout = sequencePeriods([
      { name: "fixation", duration: nFix },
      { name: "stimulus", duration: ns },
      { name: "delay", duration: nd },
      { name: "decision", duration: nDec },
    ]);
    const time = layout[3]!.end;
    const stim = layout[1]!;
    const dec = layout[3]!;
    return buildTrials({
      task: NAME,
      time,
      inputSize: 4,
      outputSize: 1,
      lossScale: 0.5,
      meta: conds.map((c) => ({
        context: c.context,
        coh0: c.coh0,
        coh1: c.coh1,
        relevantCoherence: c.context === 0 ? c.coh0 : c.coh1,
        irrelevantCoherence: c.context === 0 ? c.coh1 : c.coh0,
        target: Math.sign(c.context === 0 ? c.coh0 : c.coh1),
        stimulusOnset: stim.start,
        decisionOnset: dec.start,
        inTrainingRange: trained,
      })),
      draw: (cv, m) => {
        cv.addPeriods(layout);
        cv.input(0, stim.start, stim.end, m.coh0).input(1, stim.start, stim.end, m.coh1);
        if (rng && stepNoise > 0) {
          cv.addInput(0, 0, time, () => rng.normal(0, stepNoise)).addInput(1, 0, time, () => rng.normal(0, stepNoise));
        }
        cv.input(2 + m.context, stim.start, stim.end, 1);
        cv.target(0, dec.start, dec.end, targetAmplitude * m.target);
        cv.setMask(dec.start, dec.end);
        if (fixate) cv.setMask(0, stim.end);
      },
    });
  };

  const drawCondition = (rng: Rng, scale: number): ManteCondition => ({
    context: rng.int(0, 1),
    coh0: scale * rng.choice(coherences),
    coh1: scale * rng.choice(coherences),
  });

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const p = trials.periods[b]!.find((q) => q.name === "decision")!;
      const meanOutput = windowMean(trials, outputs, b, p.start, p.end);
      const choice = sign(meanOutput);
      return { context: Number(m.context), meanOutput, choice, correct: choice === m.target };
    });
  };

  return {
    name: NAME,
    description: "Context-dependent integration: report the sign of the cued one of two noisy streams (Mante 2013; Schuessler 2020).",
    paper: {
      citation: "Schuessler et al., The interplay between randomness and structure during learning in RNNs (NeurIPS 2020), after Mante, Sussillo, Shenoy & Newsome (Nature 2013)",
      url: "https://arxiv.org/abs/2006.11036",
      section: "§3.2 Mante",
    },
    inputSize: 4,
    outputSize: 1,
    lossScale: 0.5,
    dt,
    options: resolved,
    trials(opts: TrialsOptions<ManteExtrapolation>): Trials {
      checkBatchSeed(NAME, opts);
      const rng = new Rng(deriveSeed(opts.seed, NAME));
      const x = resolveExtrapolate<ManteExtrapolation>(NAME, opts.extrapolate, { stimulus: 2 * stimulus, delay: 4 * delay, coherenceScale: 1 });
      if (!x) return make(Array.from({ length: opts.batch }, () => drawCondition(rng, 1)), rng, nStim, nDelay, true);
      const ns = steps(NAME, "extrapolate.stimulus", num(NAME, "extrapolate.stimulus", x.stimulus, { positive: true }), dt);
      const nd = steps(NAME, "extrapolate.delay", num(NAME, "extrapolate.delay", x.delay, { min: 0 }), dt);
      const scale = num(NAME, "extrapolate.coherenceScale", x.coherenceScale, { positive: true });
      check(ns > nStim || nd > nDelay || scale !== 1, NAME, "extrapolate equals the training distribution; lengthen stimulus or delay, or scale the coherences.");
      return make(Array.from({ length: opts.batch }, () => drawCondition(rng, scale)), rng, ns, nd, false);
    },
    validation: () => {
      const conds: ManteCondition[] = [];
      for (const context of [0, 1]) for (const coh0 of coherences) for (const coh1 of coherences) conds.push({ context, coh0, coh1 });
      return make(conds, new Rng(deriveSeed(validationSeed, NAME, "validation")), nStim, nDelay, true);
    },
    conditions(conds, copts) {
      check(conds.length > 0, NAME, "conditions() needs at least one condition.");
      check(Number.isInteger(copts?.seed), NAME, "conditions() needs an integer seed for the noise.");
      const ns = copts.stimulus === undefined ? nStim : steps(NAME, "stimulus", copts.stimulus, dt);
      const nd = copts.delay === undefined ? nDelay : steps(NAME, "delay", copts.delay, dt);
      const noise = copts.noise ?? true;
      return make(conds, noise ? new Rng(deriveSeed(copts.seed, NAME, "conditions")) : null, ns, nd, ns === nStim && nd === nDelay);
    },
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      return makeScore(trials, outputs, fractionCorrect(outcomes(trials, outputs)));
    },
  };
}

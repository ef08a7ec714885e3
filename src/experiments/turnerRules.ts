/**
 * Training-rule presets for solution populations (Turner et al. 2021 §4 and the CPU equivalent of
 * §9) and their translation into trainPopulation options.
 */
import type { InitScheme } from "../models";
import type { TrainOptions } from "../train/types";
import type { TrainingRules } from "../solutions/population/types";

/**
 * The documented equivalent of the authors' rules (§4/§9): Adam 1e-3, batch 32, a fixed training set per
 * network (RSG: 128 trials drawn from its data seed; discrimination: the task's full grid), global gradient-norm clipping 0.1, best-weights restore + lr × 0.7 when an
 * epoch loss exceeds 3× the best, improvements counted above 1e-5, the failure rule (best loss
 * > 2e-2 after epoch 2000), a behavioural stop (every validation trial correct, checked every 10
 * epochs) or loss < 2e-5, at most 3000 epochs; discarded unless the final weights get every
 * validation trial right. The authors' loss-only discard (best loss > 2e-4) is available as
 * `discardAbove: 2e-4`; §4 notes that it needs far more epochs than the behavioural criterion.
 */
export const TURNER_RULES: TrainingRules = Object.freeze({
  lr: 1e-3,
  batch: 32,
  clipNorm: 0.1,
  blowupFactor: 3,
  lrFactor: 0.7,
  maxEpochs: 3000,
  targetLoss: 2e-5,
  targetAccuracy: 1,
  validateEvery: 10,
  fail: Object.freeze({ afterEpoch: 2000, lossAbove: 2e-2 }),
  minDelta: 1e-5,
  minAccuracy: 1,
  init: "paper",
});

/**
 * Quick-mode rules: as TURNER_RULES but a 3× larger learning rate (3e-3), a 1500-epoch budget and
 * the failure rule moved to epoch 1000, so tens of networks train in about a minute on 2 cores.
 */
export const QUICK_RULES: TrainingRules = Object.freeze({
  ...TURNER_RULES,
  lr: 3e-3,
  maxEpochs: 1500,
  fail: Object.freeze({ afterEpoch: 1000, lossAbove: 2e-2 }),
});

/** The rules with overrides; checks every number so a typo fails here, not after minutes of training. */
export function resolveRules(over: Partial<TrainingRules> = {}, base: TrainingRules = TURNER_RULES): TrainingRules {
  // an override with `undefined` removes a rule (e.g. targetAccuracy: undefined = no behavioural stop)
  const r = Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, v]) => v !== undefined)) as unknown as TrainingRules;
  const pos = (k: keyof TrainingRules, v: unknown, int = false): void => {
    if (typeof v !== "number" || !(v > 0) || (int && !Number.isInteger(v))) throw new Error(`rules.${k} must be a positive ${int ? "integer" : "number"}, got ${String(v)}.`);
  };
  pos("lr", r.lr);
  pos("batch", r.batch, true);
  pos("maxEpochs", r.maxEpochs, true);
  pos("lrFactor", r.lrFactor);
  if (r.trainSize !== undefined) pos("trainSize", r.trainSize, true);
  if (r.clipNorm !== null) pos("clipNorm", r.clipNorm);
  if (r.blowupFactor !== null) pos("blowupFactor", r.blowupFactor);
  if (r.targetAccuracy !== undefined || r.minAccuracy !== undefined) pos("validateEvery", r.validateEvery, true);
  if (!(r.minDelta >= 0)) throw new Error(`rules.minDelta must be ≥ 0, got ${r.minDelta}.`);
  return r;
}

/** The init scheme the rules give an architecture ("paper": pytorch for vanilla, turner for GRU/LSTM). */
export function initSchemeOf(r: Pick<TrainingRules, "init">, arch: string): InitScheme {
  if (r.init !== "paper") return r.init;
  return arch === "gru" || arch === "lstm" ? "turner" : "pytorch";
}

/** trainPopulation options (without task, spec, networks, seed and I/O) implementing the rules for an architecture. */
export function trainOptionsOf(r: TrainingRules, arch = "vanilla"): Omit<TrainOptions, "task" | "spec" | "networks" | "seed"> {
  return {
    lr: r.lr,
    data: { mode: "fixed", batch: r.batch, ...(r.trainSize !== undefined ? { trainSize: r.trainSize } : {}) },
    ...(r.clipNorm !== null ? { clipNorm: r.clipNorm } : {}),
    blowup: r.blowupFactor !== null ? { factor: r.blowupFactor, lrFactor: r.lrFactor, resetMoments: true } : false,
    init: { scheme: initSchemeOf(r, arch), ...(r.initGain !== undefined ? { g: r.initGain } : {}) },
    stop: {
      maxEpochs: r.maxEpochs,
      minDelta: r.minDelta,
      ...(r.targetLoss !== undefined ? { targetLoss: r.targetLoss } : {}),
      ...(r.targetAccuracy !== undefined ? { targetAccuracy: r.targetAccuracy } : {}),
      ...(r.fail ? { fail: r.fail } : {}),
      ...(r.patience !== undefined ? { patience: r.patience } : {}),
      ...(r.discardAbove !== undefined ? { discardAbove: r.discardAbove } : {}),
    },
    validateEvery: r.targetAccuracy !== undefined || r.minAccuracy !== undefined ? r.validateEvery : 0,
    // With a behavioural stop the weights that passed validation are the last ones, not necessarily
    // those of the lowest epoch loss; keep what was judged.
    restoreBest: r.targetAccuracy === undefined,
    onNonFinite: "mark-failed",
  };
}

/**
 * Does the initial W decide the final regime? (Turner et al. 2021, claim 1; our check §2.5.)
 * Features of the initial W (its 4 entries and its eigenvalues) → the final type of networks that
 * solved the task, with a random forest (ml-random-forest) under stratified k-fold
 * cross-validation, compared with the base rate (always guessing the most common type).
 */
import { Rng } from "../../core/random";
import { eig2, classifyAll } from "./classify";
import { toWeights, type WeightsLike } from "./population";
import { TWO_NEURON_TYPES, type TwoNeuronType } from "./types";

export interface TypePredictionOptions {
  /** Cross-validation folds (5). */
  folds?: number;
  /** Trees (50), features tried per split (3 of 8), maximum depth (8). */
  nEstimators?: number;
  maxFeatures?: number;
  maxDepth?: number;
  /** Seed of the fold split and of the forest. */
  seed: number;
  /** Use at most this many networks (a seeded random subset; default all). */
  maxSamples?: number;
}

export interface TwoNeuronTypePrediction {
  readonly kind: "two-neuron-type-prediction";
  readonly featureNames: readonly string[];
  /** Classes present (final types), in TWO_NEURON_TYPES order. */
  readonly classes: readonly TwoNeuronType[];
  readonly samples: number;
  readonly folds: number;
  /** Cross-validated accuracy of the random forest. */
  readonly accuracy: number;
  /** Fraction of the most common final type (accuracy of always guessing it). */
  readonly baseRate: number;
  readonly majority: TwoNeuronType;
  /** Counts [true class][predicted class] over all held-out folds. */
  readonly confusion: readonly (readonly number[])[];
  /** Counts [regime of the initial W][final type] (rows and columns in TWO_NEURON_TYPES order). */
  readonly initialVsFinal: readonly (readonly number[])[];
  /** Counts [initial eigenvalues real (0) / complex (1)][final type]. */
  readonly complexVsFinal: readonly (readonly number[])[];
}

export const TYPE_FEATURE_NAMES = ["w00", "w01", "w10", "w11", "Re λ1", "Re λ2", "|Im λ|", "det W"] as const;

/** The 8 features of one initial W. */
export function typeFeatures(w: ArrayLike<number>, o = 0): number[] {
  const e = eig2(w, o);
  return [w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!, e.re1, e.re2, e.im, w[o]! * w[o + 3]! - w[o + 1]! * w[o + 2]!];
}

interface ForestLike {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
}

function makeForest(o: Required<Omit<TypePredictionOptions, "maxSamples">>, seed: number): ForestLike {
  // Loaded lazily; its bundled type declarations do not compile on their own, so it is typed here.
  const { RandomForestClassifier } = require("ml-random-forest") as { RandomForestClassifier: new (opts: object) => ForestLike };
  return new RandomForestClassifier({
    nEstimators: o.nEstimators,
    maxFeatures: o.maxFeatures,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    seed: seed >>> 0 & 0x7fffffff,
    treeOptions: { maxDepth: o.maxDepth },
  });
}

/**
 * Predicts the final type of each network in `good` (indices, or all when omitted) from its
 * initial W. `finalTypes` are the types of the trained networks.
 */
export function predictTypeFromInitial(
  initialWeights: WeightsLike,
  finalTypes: readonly TwoNeuronType[],
  options: TypePredictionOptions & { include?: ArrayLike<number> },
): TwoNeuronTypePrediction {
  const w0 = toWeights(initialWeights, "predictTypeFromInitial");
  const count = w0.length / 4;
  if (finalTypes.length !== count) throw new Error(`predictTypeFromInitial: ${count} initial W but ${finalTypes.length} final types.`);
  const o = {
    folds: options.folds ?? 5,
    nEstimators: options.nEstimators ?? 50,
    maxFeatures: options.maxFeatures ?? 3,
    maxDepth: options.maxDepth ?? 8,
    seed: options.seed,
  };
  if (!Number.isInteger(o.folds) || o.folds < 2) throw new RangeError(`predictTypeFromInitial: folds must be an integer ≥ 2, got ${o.folds}.`);
  const rng = new Rng(o.seed);
  let idx = Array.from({ length: count }, (_, i) => i).filter((i) => !options.include || options.include[i]);
  if (options.maxSamples !== undefined && idx.length > options.maxSamples) idx = rng.shuffle(idx.slice()).slice(0, options.maxSamples).sort((a, b) => a - b);
  if (idx.length < 2 * o.folds) throw new Error(`predictTypeFromInitial: ${idx.length} networks is too few for ${o.folds}-fold cross-validation.`);
  const present = TWO_NEURON_TYPES.filter((t) => idx.some((i) => finalTypes[i] === t));
  const y = idx.map((i) => present.indexOf(finalTypes[i]!));
  const x = idx.map((i) => typeFeatures(w0, 4 * i));
  // Stratified folds: shuffle each class, deal its members round-robin.
  const fold = new Int32Array(idx.length);
  present.forEach((_, c) => {
    const members = rng.shuffle(y.map((yc, j) => (yc === c ? j : -1)).filter((j) => j >= 0));
    members.forEach((j, k) => (fold[j] = k % o.folds));
  });
  const K = present.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  for (let f = 0; f < o.folds; f++) {
    const trainX: number[][] = [], trainY: number[] = [], testX: number[][] = [], testY: number[] = [];
    for (let j = 0; j < idx.length; j++) {
      if (fold[j] === f) { testX.push(x[j]!); testY.push(y[j]!); } else { trainX.push(x[j]!); trainY.push(y[j]!); }
    }
    let pred: number[];
    if (new Set(trainY).size === 1) pred = testX.map(() => trainY[0]!);
    else {
      const rf = makeForest(o, o.seed + 7919 * (f + 1));
      rf.train(trainX, trainY);
      pred = rf.predict(testX);
    }
    pred.forEach((p, k) => {
      confusion[testY[k]!]![p]!++;
      if (p === testY[k]) correct++;
    });
  }
  const counts = present.map((_, c) => y.filter((v) => v === c).length);
  const maj = counts.indexOf(Math.max(...counts));
  const initialTypes = classifyAll(w0);
  const table = (row: (i: number) => number, nRows: number) => {
    const t = Array.from({ length: nRows }, () => [0, 0, 0]);
    for (const i of idx) t[row(i)]![TWO_NEURON_TYPES.indexOf(finalTypes[i]!)]!++;
    return t;
  };
  return {
    kind: "two-neuron-type-prediction",
    featureNames: TYPE_FEATURE_NAMES,
    classes: present,
    samples: idx.length,
    folds: o.folds,
    accuracy: correct / idx.length,
    baseRate: counts[maj]! / idx.length,
    majority: present[maj]!,
    confusion,
    initialVsFinal: table((i) => TWO_NEURON_TYPES.indexOf(initialTypes[i]!), 3),
    complexVsFinal: table((i) => (eig2(w0, 4 * i).im > 0 ? 1 : 0), 2),
  };
}

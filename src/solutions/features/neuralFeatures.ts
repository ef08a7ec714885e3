/**
 * neuralFeatures(model, task): the hand-crafted geometric features of a trained network's activity
 * on its task's validation trials (Turner et al. 2021 §5.5) — 11 for Ready-Set-Go and interval
 * discrimination, 13 for delayed discrimination — in the column order of the authors' stored
 * feature matrices, so rows can be compared with theirs.
 *
 *   const f = neuralFeatures(model, "rsg");           // f.values, f.names, f.get("svm_margin")
 *   const F = neuralFeatureMatrix(models, rsgTask);   // one row per network
 */
import type { Model, Trials } from "../../core/types";
import { runModel, stateSize } from "../../models";
import { getTask } from "../../tasks";
import type { Task } from "../../tasks/types";
import { featureEpochs, type EpochOptions, type FeatureEpochs, type FeatureTaskKind, type Segment } from "./epochs";
import { angleDegrees, firstPcRatio, linspace, logCurvatureRange, meanSpeed, pathLength, pearson, slope } from "./geometry";
import { svmMargin, type LinearSvmOptions } from "./linearSvm";

/** Columns for RSG and interval discrimination (alphabetical, speed_end last — the stored order). */
export const FEATURE_NAMES_11 = [
  "angle",
  "aspect_ratio",
  "corr",
  "curvature_max",
  "curvature_min",
  "epoch1_speed_ratio",
  "first_pc",
  "speed_ratio",
  "speed_vs_length",
  "svm_margin",
  "speed_end",
] as const;

/** Columns for delayed discrimination. */
export const FEATURE_NAMES_13 = [
  "aspect_ratio",
  "curvature_max",
  "curvature_max_m",
  "curvature_max_p",
  "curvature_min",
  "curvature_min_m",
  "curvature_min_p",
  "epoch_speed_ratio",
  "first_pc",
  "speed_ratio",
  "speed_vs_length",
  "svm_margin",
  "speed_end",
] as const;

export interface NeuralFeatureOptions extends EpochOptions {
  /** SVM settings for svm_margin (default C = 100, tolerance 1e-3). */
  readonly svm?: LinearSvmOptions;
}

/** One network's feature vector. */
export class NeuralFeatures {
  constructor(
    readonly task: FeatureTaskKind,
    readonly names: readonly string[],
    readonly values: Float64Array,
  ) {}
  get(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new RangeError(`NeuralFeatures: no feature "${name}"; have ${this.names.join(", ")}.`);
    return this.values[i]!;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.names.map((n, i) => [n, this.values[i]!]));
  }
  toString(): string {
    return `NeuralFeatures(${this.task}): ${this.names.map((n, i) => `${n}=${Number(this.values[i]!.toPrecision(4))}`).join(", ")}`;
  }
}

/** Which feature recipe a task uses. */
export function featureTaskKind(name: string): FeatureTaskKind {
  const k = name.toLowerCase().replace(/_/g, "-");
  if (["rsg", "ready-set-go", "interval-reproduction", "time-reproduction"].includes(k)) return "rsg";
  if (k === "interval-discrimination") return "interval-discrimination";
  if (k === "delayed-discrimination") return "delayed-discrimination";
  throw new Error(`neuralFeatures: no feature recipe for task "${name}"; supported: rsg, interval-discrimination, delayed-discrimination (Turner et al. 2021 §5.5).`);
}

function resolveTask(task: Task | string): Task {
  return typeof task === "string" ? getTask(task) : task;
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;
const diff = (seg: Segment): Float64Array => Float64Array.from(last(seg), (v, i) => v - seg[0]![i]!);

/** speed_vs_length: slope of (path length / shortest − 1) over the segments, against linspace(0, 1). */
function lengthSlope(segs: Segment[]): number {
  const len = segs.map(pathLength);
  const min = Math.min(...len);
  return slope(linspace(0, 1, segs.length), len.map((l) => l / min - 1));
}

/** path length through the segments' end points / path length of the last segment. */
function aspectRatio(segs: Segment[]): number {
  return pathLength(segs.map(last)) / pathLength(last(segs));
}

/** The features from already cut epochs (exposed for tests). */
export function featuresFromEpochs(e: FeatureEpochs, svm: LinearSvmOptions = {}): NeuralFeatures {
  const firstPc = firstPcRatio(e.allStates);
  const speedEnd = meanSpeed(e.endOfFirstTrial);
  if (e.kind === "delayed-discrimination") {
    const wait = e.epoch2;
    const [outM, outP] = e.epoch3 as [Segment, Segment];
    const lastWait = last(wait);
    const c = logCurvatureRange(wait[Math.min(5, wait.length - 1)]!);
    const cm = logCurvatureRange(outM);
    const cp = logCurvatureRange(outP);
    const v: Record<(typeof FEATURE_NAMES_13)[number], number> = {
      aspect_ratio: aspectRatio(wait),
      curvature_max: c.max,
      curvature_max_m: cm.max,
      curvature_max_p: cp.max,
      curvature_min: c.min,
      curvature_min_m: cm.min,
      curvature_min_p: cp.min,
      epoch_speed_ratio: meanSpeed(lastWait.slice(-5)) / meanSpeed(lastWait.slice(0, 5)),
      first_pc: firstPc,
      speed_ratio: (meanSpeed(outM) + meanSpeed(outP)) / 2 / meanSpeed(lastWait),
      speed_vs_length: lengthSlope(wait),
      svm_margin: svmMargin([...outM, ...outP], wait.flat(), svm),
      speed_end: speedEnd,
    };
    return new NeuralFeatures(e.kind, FEATURE_NAMES_13, Float64Array.from(FEATURE_NAMES_13, (n) => v[n]));
  }
  const e1 = e.epoch1;
  const e2 = e.epoch2;
  const c = logCurvatureRange(e1);
  const v1 = diff(e1);
  const v2 = diff(last(e2));
  const v: Record<(typeof FEATURE_NAMES_11)[number], number> = {
    angle: angleDegrees(v1, v2),
    aspect_ratio: aspectRatio(e2),
    corr: pearson(v1, v2),
    curvature_max: c.max,
    curvature_min: c.min,
    epoch1_speed_ratio: meanSpeed(e1.slice(-5)) / meanSpeed(e1.slice(0, 5)),
    first_pc: firstPc,
    speed_ratio: meanSpeed(e1) / meanSpeed(last(e2)),
    speed_vs_length: lengthSlope(e2),
    svm_margin: svmMargin(e1, e2.flat(), svm),
    speed_end: speedEnd,
  };
  return new NeuralFeatures(e.kind, FEATURE_NAMES_11, Float64Array.from(FEATURE_NAMES_11, (n) => v[n]));
}

/** Features of one network on its task's validation trials (float64 forward pass from h0 = 0). */
export function neuralFeatures(model: Model, task: Task | string, options: NeuralFeatureOptions = {}): NeuralFeatures {
  const t = resolveTask(task);
  const kind = featureTaskKind(t.name);
  const trials: Trials = t.validation();
  if (model.spec.inputSize !== trials.inputSize) throw new RangeError(`neuralFeatures: the network has ${model.spec.inputSize} inputs but task "${t.name}" has ${trials.inputSize}.`);
  const { states } = runModel(model, trials.inputs, { batch: trials.batch, time: trials.time });
  const e = featureEpochs(kind, t.options, trials, states, stateSize(model.spec), options);
  return featuresFromEpochs(e, options.svm);
}

/** A feature matrix: one row per network, named columns. */
export interface FeatureMatrix {
  readonly task: FeatureTaskKind;
  readonly names: readonly string[];
  readonly rows: Float64Array[];
}

/** Features of several networks (rows in the given order). */
export function neuralFeatureMatrix(models: ReadonlyArray<Model>, task: Task | string, options: NeuralFeatureOptions = {}): FeatureMatrix {
  const t = resolveTask(task);
  if (models.length === 0) throw new RangeError("neuralFeatureMatrix: no networks given.");
  const feats = models.map((m) => neuralFeatures(m, t, options));
  return { task: feats[0]!.task, names: feats[0]!.names, rows: feats.map((f) => f.values) };
}

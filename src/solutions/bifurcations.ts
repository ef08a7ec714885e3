/**
 * Bifurcations during training (Turner et al. 2021 §5.6, thesis talk): along a network's training
 * checkpoints, keep the valid ones (§4 filter), and call a bifurcation every change of solution
 * type between consecutive valid checkpoints. Each is paired with the jump of the behaviour curve
 * (RSG: t_p − t_s per validation trial) across the same step, so one can test whether topology
 * changes come with abrupt behavioural changes: a step is a behaviour jump when its RMS curve change
 * exceeds `jumpFactor` × the median step change of that run (and `minJump`).
 *
 *   const b = detectBifurcations(checkpoints);   // [{epoch, type, valid, curve}, ...]
 *   b.events; b.jumpRateAtBifurcations; b.jumpRateElsewhere
 */
import type { Model } from "../core/types";
import { runModel } from "../models";
import type { Task } from "../tasks/types";
import type { ReducedGraph } from "./graph/reducedGraph";

export interface CheckpointState {
  readonly epoch: number;
  /** Solution-type label (see matchTypes). */
  readonly type: string;
  /** Passed the §4 valid-checkpoint filter. */
  readonly valid: boolean;
  /** Behaviour curve (same trials at every checkpoint). */
  readonly curve: ArrayLike<number>;
}

export interface BifurcationEvent {
  readonly fromEpoch: number;
  readonly toEpoch: number;
  readonly fromType: string;
  readonly toType: string;
  /** RMS change of the behaviour curve across this step. */
  readonly curveJump: number;
  readonly behaviourJump: boolean;
}

export interface BifurcationOptions {
  /** A step is a behaviour jump when its curve change > jumpFactor × median step change (default 3). */
  readonly jumpFactor?: number;
  /** …and > minJump (default 0.5 steps). */
  readonly minJump?: number;
}

export class Bifurcations {
  constructor(
    /** Valid checkpoints in training order. */
    readonly valid: ReadonlyArray<CheckpointState>,
    /** Curve change of every consecutive valid pair (length valid − 1). */
    readonly stepJumps: ReadonlyArray<number>,
    readonly threshold: number,
    readonly events: ReadonlyArray<BifurcationEvent>,
    /** Checkpoints given / valid. */
    readonly total: number,
  ) {}
  /** Share of type changes that coincide with a behaviour jump (NaN without type changes). */
  get jumpRateAtBifurcations(): number {
    return this.events.length ? this.events.filter((e) => e.behaviourJump).length / this.events.length : NaN;
  }
  /** Share of the other steps (no type change) that are behaviour jumps. */
  get jumpRateElsewhere(): number {
    const other = this.stepJumps.length - this.events.length;
    if (other <= 0) return NaN;
    const jumpsAtEvents = this.events.filter((e) => e.behaviourJump).length;
    const allJumps = this.stepJumps.filter((j) => j > this.threshold).length;
    return (allJumps - jumpsAtEvents) / other;
  }
  toString(): string {
    return `Bifurcations: ${this.events.length} type changes among ${this.valid.length} valid of ${this.total} checkpoints; behaviour jumps at ${fmt(this.jumpRateAtBifurcations)} of them vs ${fmt(this.jumpRateElsewhere)} of other steps`;
  }
}

const fmt = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : "n/a");

/** RMS difference of two curves; a NaN entry (no response) counts as a difference of `missing`. */
export function curveDistance(a: ArrayLike<number>, b: ArrayLike<number>, missing = 10): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`curveDistance: curves of lengths ${a.length} and ${b.length}; compute both on the same trials.`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const d = Number.isNaN(x) && Number.isNaN(y) ? 0 : Number.isNaN(x) || Number.isNaN(y) ? missing : x - y;
    s += d * d;
  }
  return Math.sqrt(s / a.length);
}

export function detectBifurcations(checkpoints: ReadonlyArray<CheckpointState>, options: BifurcationOptions = {}): Bifurcations {
  const factor = options.jumpFactor ?? 3;
  const minJump = options.minJump ?? 0.5;
  const valid = [...checkpoints].filter((c) => c.valid).sort((a, b) => a.epoch - b.epoch);
  const steps = valid.slice(1).map((c, i) => curveDistance(valid[i]!.curve, c.curve));
  const sorted = [...steps].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  const threshold = Math.max(minJump, factor * median);
  const events: BifurcationEvent[] = [];
  valid.slice(1).forEach((c, i) => {
    const p = valid[i]!;
    if (p.type !== c.type) events.push({ fromEpoch: p.epoch, toEpoch: c.epoch, fromType: p.type, toType: c.type, curveJump: steps[i]!, behaviourJump: steps[i]! > threshold });
  });
  return new Bifurcations(valid, steps, threshold, events, checkpoints.length);
}

/**
 * RSG behaviour curve of a network: t_p − t_s for every validation trial (NaN where it never
 * responds), with the task's own onset rule (first output above its threshold after Set).
 */
export function rsgBehaviourCurve(model: Model, task: Task): Float64Array {
  if (!/rsg/.test(task.name)) throw new Error(`rsgBehaviourCurve: needs the RSG task, got "${task.name}".`);
  const v = task.validation();
  const { outputs } = runModel(model, v.inputs, { batch: v.batch, time: v.time });
  return Float64Array.from(task.outcomes(v, outputs), (o) => Number(o.error));
}

/**
 * Labels graphs by the known types they match (`same`, e.g. ReducedGraph.sameTurnerType); graphs
 * matching none get new labels "new-1", "new-2", … (one per new class, greedy in order); null → "failed".
 */
export function matchTypes(
  graphs: ReadonlyArray<ReducedGraph | null>,
  known: ReadonlyArray<{ readonly label: string; readonly example: ReducedGraph }>,
  same: (a: ReducedGraph, b: ReducedGraph) => boolean = (a, b) => a.sameTurnerType(b),
): string[] {
  const classes = [...known];
  let fresh = 0;
  return graphs.map((g) => {
    if (!g) return "failed";
    const hit = classes.find((k) => same(g, k.example));
    if (hit) return hit.label;
    const label = `new-${++fresh}`;
    classes.push({ label, example: g });
    return label;
  });
}

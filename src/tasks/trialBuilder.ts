/**
 * Toolkit the task files are written with: period durations (constant / choice / uniform),
 * consecutive period layouts, a per-trial canvas that paints inputs, targets and the loss mask over
 * step ranges, and the assembly of a batch into the shared `Trials` layout.
 *
 * A task samples one metadata record per trial, decides the batch's trial length, and paints each
 * trial on a canvas; everything else (array allocation, bounds checks, period bookkeeping) lives here.
 */
import type { Period, TrialMeta, Trials } from "../core/types";
import type { Rng } from "../core/random";

/**
 * A period length in steps: a constant, one of a list, or a uniform integer in [lo, hi]
 * (both inclusive).
 */
export type Duration =
  | number
  | { readonly choice: ReadonlyArray<number> }
  | { readonly uniform: readonly [number, number] };

/** Draw one duration (in steps). Constants consume no randomness. */
export function sampleDuration(d: Duration, rng: Rng): number {
  if (typeof d === "number") return d;
  if ("choice" in d) return rng.choice(d.choice);
  return rng.int(d.uniform[0], d.uniform[1]);
}

/** Smallest and largest value a duration can take. */
export function durationBounds(d: Duration): [number, number] {
  if (typeof d === "number") return [d, d];
  if ("choice" in d) return [Math.min(...d.choice), Math.max(...d.choice)];
  return [d.uniform[0], d.uniform[1]];
}

/** Lay out named periods back to back from `start`: [{name, duration}] → [{name, start, end}]. */
export function sequencePeriods(specs: ReadonlyArray<{ name: string; duration: number }>, start = 0): Period[] {
  const out: Period[] = [];
  let t = start;
  for (const s of specs) {
    if (!(Number.isInteger(s.duration) && s.duration >= 0)) {
      throw new Error(`sequencePeriods: period "${s.name}" has duration ${s.duration}; durations are non-negative integer steps.`);
    }
    out.push({ name: s.name, start: t, end: t + s.duration });
    t += s.duration;
  }
  return out;
}

/** Find a period by name (error if absent). */
export function periodOf(periods: ReadonlyArray<Period>, name: string): Period {
  const p = periods.find((q) => q.name === name);
  if (!p) throw new Error(`no period "${name}" in trial (periods: ${periods.map((q) => q.name).join(", ")})`);
  return p;
}

/**
 * One trial's slice of the batch arrays. Ranges are [start, end) in steps and are checked against
 * the trial length, so a painting bug fails loudly instead of writing into the next trial.
 */
export class TrialCanvas {
  readonly periods: Period[] = [];

  constructor(
    readonly time: number,
    readonly inputSize: number,
    readonly outputSize: number,
    private readonly inputs: Float32Array,
    private readonly targets: Float32Array,
    private readonly mask: Float32Array,
    private readonly inOffset: number,
    private readonly outOffset: number,
  ) {}

  private span(what: string, start: number, end: number): void {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= this.time)) {
      throw new Error(`${what}: range [${start}, ${end}) is outside the trial [0, ${this.time})`);
    }
  }

  private chan(what: string, c: number, size: number): void {
    if (!(Number.isInteger(c) && c >= 0 && c < size)) throw new Error(`${what}: channel ${c} not in [0, ${size})`);
  }

  /** Record a named period [start, end). */
  period(name: string, start: number, end: number): this {
    this.span(`period "${name}"`, start, end);
    this.periods.push({ name, start, end });
    return this;
  }

  /** Record consecutive periods (see sequencePeriods). */
  addPeriods(periods: ReadonlyArray<Period>): this {
    for (const p of periods) this.period(p.name, p.start, p.end);
    return this;
  }

  /** Set input channel c to `value` (a constant or a function of the step) on [start, end). */
  input(c: number, start: number, end: number, value: number | ((t: number) => number)): this {
    this.span("input", start, end);
    this.chan("input", c, this.inputSize);
    for (let t = start; t < end; t++) {
      this.inputs[this.inOffset + t * this.inputSize + c] = typeof value === "number" ? value : value(t);
    }
    return this;
  }

  /** Add `value` to input channel c on [start, end) (e.g. noise on top of a stimulus). */
  addInput(c: number, start: number, end: number, value: number | ((t: number) => number)): this {
    this.span("addInput", start, end);
    this.chan("addInput", c, this.inputSize);
    for (let t = start; t < end; t++) {
      this.inputs[this.inOffset + t * this.inputSize + c] += typeof value === "number" ? value : value(t);
    }
    return this;
  }

  /** Set target channel c on [start, end). */
  target(c: number, start: number, end: number, value: number | ((t: number) => number)): this {
    this.span("target", start, end);
    this.chan("target", c, this.outputSize);
    for (let t = start; t < end; t++) {
      this.targets[this.outOffset + t * this.outputSize + c] = typeof value === "number" ? value : value(t);
    }
    return this;
  }

  /** Set the loss mask to `value` on [start, end) for the given channels (default: all outputs). */
  setMask(start: number, end: number, value = 1, channels?: ReadonlyArray<number>): this {
    this.span("mask", start, end);
    const cs = channels ?? Array.from({ length: this.outputSize }, (_, i) => i);
    for (const c of cs) this.chan("mask", c, this.outputSize);
    for (let t = start; t < end; t++) {
      for (const c of cs) this.mask[this.outOffset + t * this.outputSize + c] = value;
    }
    return this;
  }
}

export interface BuildSpec<M extends TrialMeta> {
  readonly task: string;
  /** Steps per trial (shared by the whole batch). */
  readonly time: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly lossScale: number;
  /** One metadata record per trial; the batch size is its length. */
  readonly meta: ReadonlyArray<M>;
  /** Paint trial i. Arrays start at zero (inputs, targets and mask). */
  readonly draw: (canvas: TrialCanvas, meta: M, index: number) => void;
  /** Initial state of every trial (length S), when the task fixes it. */
  readonly h0?: ArrayLike<number>;
}

/** Allocate the batch arrays, paint each trial, and return the `Trials` record. */
export function buildTrials<M extends TrialMeta>(spec: BuildSpec<M>): Trials {
  const { time, inputSize, outputSize } = spec;
  const batch = spec.meta.length;
  if (batch < 1) throw new Error(`${spec.task}: a batch needs at least one trial`);
  if (!(Number.isInteger(time) && time >= 1)) throw new Error(`${spec.task}: trial length must be a positive integer, got ${time}`);
  const inputs = new Float32Array(batch * time * inputSize);
  const targets = new Float32Array(batch * time * outputSize);
  const mask = new Float32Array(batch * time * outputSize);
  const periods: Period[][] = [];
  for (let i = 0; i < batch; i++) {
    const canvas = new TrialCanvas(time, inputSize, outputSize, inputs, targets, mask, i * time * inputSize, i * time * outputSize);
    spec.draw(canvas, spec.meta[i]!, i);
    periods.push(canvas.periods);
  }
  let h0: Float32Array | undefined;
  if (spec.h0) {
    const s = spec.h0.length;
    h0 = new Float32Array(batch * s);
    for (let i = 0; i < batch; i++) for (let j = 0; j < s; j++) h0[i * s + j] = spec.h0[j]!;
  }
  return {
    task: spec.task,
    batch,
    time,
    inputSize,
    outputSize,
    inputs,
    targets,
    mask,
    meta: spec.meta.map((m) => Object.freeze({ ...m })),
    periods,
    ...(h0 ? { h0 } : {}),
    lossScale: spec.lossScale,
  };
}

/** The trials at `indices` (in that order), e.g. a mini-batch of a fixed training set. */
export function sliceTrials(trials: Trials, indices: ReadonlyArray<number>): Trials {
  const { time, inputSize: I, outputSize: O } = trials;
  if (indices.length === 0) throw new Error("sliceTrials: no indices given");
  for (const i of indices) {
    if (!(Number.isInteger(i) && i >= 0 && i < trials.batch)) throw new Error(`sliceTrials: index ${i} not in [0, ${trials.batch})`);
  }
  const n = indices.length;
  const inputs = new Float32Array(n * time * I);
  const targets = new Float32Array(n * time * O);
  const mask = new Float32Array(n * time * O);
  const hs = trials.h0 ? trials.h0.length / trials.batch : 0;
  const h0 = trials.h0 ? new Float32Array(n * hs) : undefined;
  indices.forEach((src, dst) => {
    inputs.set(trials.inputs.subarray(src * time * I, (src + 1) * time * I), dst * time * I);
    targets.set(trials.targets.subarray(src * time * O, (src + 1) * time * O), dst * time * O);
    mask.set(trials.mask.subarray(src * time * O, (src + 1) * time * O), dst * time * O);
    if (h0 && trials.h0) h0.set(trials.h0.subarray(src * hs, (src + 1) * hs), dst * hs);
  });
  return {
    ...trials,
    batch: n,
    inputs,
    targets,
    mask,
    meta: indices.map((i) => trials.meta[i]!),
    periods: indices.map((i) => trials.periods[i]!),
    ...(h0 ? { h0 } : {}),
  };
}

/** Stack batches of one task with the same trial length and sizes. */
export function concatTrials(list: ReadonlyArray<Trials>): Trials {
  if (list.length === 0) throw new Error("concatTrials: nothing to concatenate");
  const first = list[0]!;
  for (const t of list) {
    if (t.task !== first.task || t.time !== first.time || t.inputSize !== first.inputSize || t.outputSize !== first.outputSize) {
      throw new Error(
        `concatTrials: batches differ (${t.task} T=${t.time} I=${t.inputSize} O=${t.outputSize} vs ` +
          `${first.task} T=${first.time} I=${first.inputSize} O=${first.outputSize}); generate them with the same trial length.`,
      );
    }
    if (Boolean(t.h0) !== Boolean(first.h0)) throw new Error("concatTrials: some batches have h0 and some do not");
  }
  const cat = (get: (t: Trials) => Float32Array): Float32Array => {
    const out = new Float32Array(list.reduce((s, t) => s + get(t).length, 0));
    let o = 0;
    for (const t of list) {
      out.set(get(t), o);
      o += get(t).length;
    }
    return out;
  };
  return {
    ...first,
    batch: list.reduce((s, t) => s + t.batch, 0),
    inputs: cat((t) => t.inputs),
    targets: cat((t) => t.targets),
    mask: cat((t) => t.mask),
    meta: list.flatMap((t) => t.meta),
    periods: list.flatMap((t) => t.periods),
    ...(first.h0 ? { h0: cat((t) => t.h0!) } : {}),
  };
}

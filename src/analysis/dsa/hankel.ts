/**
 * Delay (Hankel) embedding of recorded trajectories, the first step of DSA (Ostrow et al. 2023):
 * each embedded state stacks `nDelays` copies of the state, `delayInterval` steps apart,
 *
 *   h(t) = [x(t), x(t + τ), …, x(t + (nDelays − 1)·τ)]      (τ = delayInterval),
 *
 * for every t at which the whole window fits inside one trial. Rows of all trials are stacked
 * (trial-major), and a window never spans two trials, so consecutive rows inside one trial are the
 * only (h(t), h(t + 1)) transitions a dynamics fit may use.
 */
import type { DenseMatrix, MatrixLike } from "../linalg/matrix";

/** States of B trials × T steps × S units, row-major: the layout of `runModel(...).states`. */
export interface TrajectoryTensor {
  readonly data: ArrayLike<number>;
  readonly shape: readonly [number, number, number];
}

/**
 * Anything the DSA functions accept as one network's trajectories:
 * - `[samples, units]` activity (`{rows, cols, data}` or `number[][]`), rows trial-major
 *   (trial b's step t is row b·T + t, as `runModel` states and notebook 07's `hiddenActivity` are laid
 *   out), split into `trials` equal trials (option; default 1, i.e. one long trajectory);
 * - `{data, shape: [trials, steps, units]}`;
 * - nested `[trial][step][unit]` arrays.
 */
export type TrajectoryInput = MatrixLike | TrajectoryTensor | ReadonlyArray<ReadonlyArray<ArrayLike<number>>>;

/** Trajectories as flat trial-major data: `data[(b·steps + t)·units + k]`. */
export interface TrialTrajectories {
  readonly data: Float64Array;
  readonly trials: number;
  readonly steps: number;
  readonly units: number;
}

export interface DelayEmbeddingOptions {
  /** Copies of the state stacked per embedded state (default 1: no delays). */
  nDelays?: number;
  /** Steps between consecutive copies (default 1). */
  delayInterval?: number;
  /**
   * Number of equal trials the rows of a 2-D `[samples, units]` input are split into (default 1).
   * Ignored (must match if given) for 3-D inputs, whose trials are explicit.
   */
  trials?: number;
}

export interface DelayEmbedding {
  /** [trials · rowsPerTrial, nDelays · units], trial-major. */
  readonly matrix: DenseMatrix;
  readonly trials: number;
  /** Embedded states per trial: steps − (nDelays − 1) · delayInterval. */
  readonly rowsPerTrial: number;
  readonly steps: number;
  readonly units: number;
  readonly nDelays: number;
  readonly delayInterval: number;
}

function positiveInt(v: number | undefined, dflt: number, name: string, who: string): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 1) throw new Error(`${who}: ${name} must be a positive integer, got ${v}.`);
  return x;
}

function checkFinite(data: Float64Array, steps: number, units: number, who: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const k = i % units;
      const row = (i - k) / units;
      throw new Error(
        `${who}: trial ${Math.floor(row / steps)}, step ${row % steps}, unit ${k} is ${data[i]}; ` +
          "remove or repair NaN/Inf samples (e.g. a diverged network) before fitting dynamics.",
      );
    }
  }
}

/** Normalises any `TrajectoryInput` to flat trial-major trajectories, checking shape and finiteness. */
export function toTrajectories(input: TrajectoryInput, opts: { trials?: number } = {}, who = "toTrajectories"): TrialTrajectories {
  let data: Float64Array;
  let trials: number;
  let steps: number;
  let units: number;
  const given = opts.trials;
  if (Array.isArray(input)) {
    if (input.length === 0) throw new Error(`${who}: no data (empty array).`);
    const first = input[0] as ArrayLike<unknown>;
    const nested = first.length > 0 && typeof first[0] !== "number";
    if (nested) {
      const arr = input as ReadonlyArray<ReadonlyArray<ArrayLike<number>>>;
      trials = arr.length;
      steps = arr[0].length;
      units = steps > 0 ? arr[0][0].length : 0;
      if (!(steps > 0 && units > 0)) throw new Error(`${who}: trajectories must be [trial][step][unit] with at least one step and one unit.`);
      data = new Float64Array(trials * steps * units);
      arr.forEach((tr, b) => {
        if (tr.length !== steps) throw new Error(`${who}: trial ${b} has ${tr.length} steps, trial 0 has ${steps}; trials must have equal length.`);
        tr.forEach((x, t) => {
          if (x.length !== units) throw new Error(`${who}: trial ${b}, step ${t} has ${x.length} units, expected ${units}.`);
          for (let k = 0; k < units; k++) data[(b * steps + t) * units + k] = x[k];
        });
      });
      if (given !== undefined && given !== trials) throw new Error(`${who}: trials = ${given} given, but the input has ${trials} trials.`);
    } else {
      const rows = input as ReadonlyArray<ArrayLike<number>>;
      units = rows[0].length;
      const n = rows.length;
      data = new Float64Array(n * units);
      rows.forEach((r, i) => {
        if (r.length !== units) throw new Error(`${who}: row ${i} has ${r.length} entries, row 0 has ${units}; rows must have equal length.`);
        for (let k = 0; k < units; k++) data[i * units + k] = r[k];
      });
      trials = positiveInt(given, 1, "trials", who);
      if (n % trials !== 0) throw new Error(`${who}: ${n} samples do not split into ${trials} equal trials; pass trials = the number of trials recorded.`);
      steps = n / trials;
    }
  } else if ("shape" in input && Array.isArray((input as TrajectoryTensor).shape)) {
    const t = input as TrajectoryTensor;
    const [B, T, S] = t.shape;
    if (![B, T, S].every((v) => Number.isInteger(v) && v > 0)) throw new Error(`${who}: shape must be [trials, steps, units] of positive integers, got [${t.shape.join(", ")}].`);
    if (t.data.length !== B * T * S) throw new Error(`${who}: data has ${t.data.length} values but shape [${B}, ${T}, ${S}] needs ${B * T * S}.`);
    if (given !== undefined && given !== B) throw new Error(`${who}: trials = ${given} given, but the input has ${B} trials.`);
    data = Float64Array.from(t.data);
    [trials, steps, units] = [B, T, S];
  } else {
    const m = input as { rows: number; cols: number; data: ArrayLike<number> };
    if (typeof m.rows !== "number" || typeof m.cols !== "number" || !m.data) {
      throw new Error(`${who}: expected a [samples, units] matrix, {data, shape: [trials, steps, units]} or [trial][step][unit] arrays.`);
    }
    if (m.data.length !== m.rows * m.cols) throw new Error(`${who}: data has ${m.data.length} values but ${m.rows}×${m.cols} needs ${m.rows * m.cols}.`);
    units = m.cols;
    trials = positiveInt(given, 1, "trials", who);
    if (m.rows % trials !== 0) throw new Error(`${who}: ${m.rows} samples do not split into ${trials} equal trials; pass trials = the number of trials recorded.`);
    steps = m.rows / trials;
    data = Float64Array.from(m.data);
  }
  if (!(units > 0 && steps > 0)) throw new Error(`${who}: need at least one step and one unit, got ${steps} steps × ${units} units.`);
  checkFinite(data, steps, units, who);
  return { data, trials, steps, units };
}

/**
 * Delay embedding of trajectories. Needs at least one transition per trial after the window, i.e.
 * steps ≥ (nDelays − 1)·delayInterval + 2, so that a dynamics fit has (h(t), h(t + 1)) pairs.
 */
export function delayEmbedding(input: TrajectoryInput | TrialTrajectories, opts: DelayEmbeddingOptions = {}): DelayEmbedding {
  const who = "delayEmbedding";
  const nDelays = positiveInt(opts.nDelays, 1, "nDelays", who);
  const tau = positiveInt(opts.delayInterval, 1, "delayInterval", who);
  const tr = isTrajectories(input) ? input : toTrajectories(input, opts, who);
  const { trials, steps, units, data } = tr;
  if (isTrajectories(input)) {
    if (data.length !== trials * steps * units) throw new Error(`${who}: trajectories hold ${data.length} values, ${trials}×${steps}×${units} needs ${trials * steps * units}.`);
    checkFinite(data, steps, units, who);
  }
  const span = (nDelays - 1) * tau;
  const rowsPerTrial = steps - span;
  if (rowsPerTrial < 2) {
    throw new Error(
      `${who}: trials have ${steps} steps, but nDelays ${nDelays} with delayInterval ${tau} spans ${span + 1} steps and one more ` +
        `is needed for a transition (≥ ${span + 2} steps); lower nDelays or delayInterval, or record longer trials.`,
    );
  }
  const D = nDelays * units;
  const out = new Float64Array(trials * rowsPerTrial * D);
  for (let b = 0; b < trials; b++) {
    for (let t = 0; t < rowsPerTrial; t++) {
      const o = (b * rowsPerTrial + t) * D;
      for (let d = 0; d < nDelays; d++) {
        const src = (b * steps + t + d * tau) * units;
        for (let k = 0; k < units; k++) out[o + d * units + k] = data[src + k];
      }
    }
  }
  return { matrix: { rows: trials * rowsPerTrial, cols: D, data: out }, trials, rowsPerTrial, steps, units, nDelays, delayInterval: tau };
}

function isTrajectories(x: unknown): x is TrialTrajectories {
  const t = x as TrialTrajectories;
  return !!t && t.data instanceof Float64Array && typeof t.trials === "number" && typeof t.steps === "number" && typeof t.units === "number" && !("rows" in t) && !("shape" in t);
}

/**
 * The linear projection every state-space plot draws in: a fitted PCA (or any mean + axes) from
 * src/analysis, applied here to points, trajectories and eigenvector directions. Plots never fit a
 * projection they are given; without one they ask src/analysis for a PCA of what they draw, so
 * pass the same `projection` to every plot that should share axes.
 */
import { fitPca } from "../analysis/projection/pca";

/** Anything with a mean and k × S axes (rows = axes), e.g. a `PcaModel` from `fitPca`. */
export interface Projection {
  readonly mean: ArrayLike<number>;
  readonly components: { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> };
  /** Used only for the axis titles ("PC1 (62%)"). */
  readonly explainedVarianceRatio?: ArrayLike<number>;
}

/** States of B trials × T steps × S units, row-major (the layout of `runModel(...).states`). */
export interface StateTrajectoriesLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly [number, number, number];
}

/** Trajectories as flat data: B trials, T steps, S units. */
export interface FlatTrajectories {
  readonly data: ArrayLike<number>;
  readonly B: number;
  readonly T: number;
  readonly S: number;
}

/** Accepts `{data, shape: [B, T, S]}` or nested `[trial][t][unit]` arrays. */
export function toFlatTrajectories(traj: StateTrajectoriesLike | ReadonlyArray<ReadonlyArray<ArrayLike<number>>>, who: string): FlatTrajectories {
  if (Array.isArray(traj)) {
    const B = traj.length;
    if (B === 0) throw new Error(`${who}: no trajectories (empty array).`);
    const T = (traj[0] as ReadonlyArray<ArrayLike<number>>).length;
    const S = T > 0 ? (traj[0] as ReadonlyArray<ArrayLike<number>>)[0]!.length : 0;
    if (!(T > 0 && S > 0)) throw new Error(`${who}: trajectories must be [trial][t][unit] with at least one step and one unit.`);
    const data = new Float64Array(B * T * S);
    traj.forEach((tr: ReadonlyArray<ArrayLike<number>>, b: number) => {
      if (tr.length !== T) throw new Error(`${who}: trajectory ${b} has ${tr.length} steps, trajectory 0 has ${T}; pad or cut them to one length.`);
      tr.forEach((x, t) => {
        if (x.length !== S) throw new Error(`${who}: trajectory ${b} step ${t} has ${x.length} units, expected ${S}.`);
        for (let i = 0; i < S; i++) data[(b * T + t) * S + i] = x[i]!;
      });
    });
    return { data, B, T, S };
  }
  const t = traj as StateTrajectoriesLike;
  if (!t || !t.data || !Array.isArray(t.shape) || t.shape.length !== 3) {
    throw new Error(`${who}: trajectories must be {data, shape: [B, T, S]} (e.g. {data: run.states, shape: [batch, time, stateSize]}) or [trial][t][unit] arrays.`);
  }
  const [B, T, S] = t.shape;
  if (![B, T, S].every((v) => Number.isInteger(v) && v > 0)) throw new Error(`${who}: shape must be three positive integers, got [${t.shape.join(", ")}].`);
  if (t.data.length !== B * T * S) throw new Error(`${who}: data has ${t.data.length} values but shape [${B}, ${T}, ${S}] needs ${B * T * S}.`);
  return { data: t.data, B, T, S };
}

/** Checks a projection against the state size; returns how many axes are drawn (≤ dims). */
export function checkProjection(p: Projection, S: number, who: string): number {
  if (!p || !p.mean || !p.components) throw new Error(`${who}: projection must have mean and components (e.g. fitPca(states, 3)).`);
  if (p.components.cols !== S || p.mean.length !== S) {
    throw new Error(`${who}: the projection was fitted on ${p.components.cols} features but the states have ${S}; fit it on states of this network.`);
  }
  if (p.components.rows < 1) throw new Error(`${who}: the projection has no axes.`);
  return p.components.rows;
}

/** Projects n rows of S values to [n, dims] (axes beyond the projection's are 0). */
export function projectRows(p: Projection, data: ArrayLike<number>, n: number, S: number, dims: number): Float64Array {
  const k = Math.min(dims, p.components.rows);
  const C = p.components.data;
  const out = new Float64Array(n * dims);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < S; i++) s += (data[r * S + i]! - p.mean[i]!) * C[c * S + i]!;
      out[r * dims + c] = s;
    }
  }
  return out;
}

/** Projects a direction (no mean subtracted) to `dims` values. */
export function projectDirection(p: Projection, v: ArrayLike<number>, S: number, dims: number): Float64Array {
  const out = new Float64Array(dims);
  const k = Math.min(dims, p.components.rows);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < S; i++) s += v[i]! * p.components.data[c * S + i]!;
    out[c] = s;
  }
  return out;
}

/**
 * The default projection when none is passed: a PCA (src/analysis `fitPca`) of the given rows, or
 * the first state coordinates when there are too few rows to fit one.
 */
export function defaultProjection(data: ArrayLike<number>, n: number, S: number, dims = 3): Projection {
  const k = Math.min(dims, S, n);
  if (n >= 2 && k >= 1) {
    const rows: Float64Array[] = [];
    for (let r = 0; r < n; r++) rows.push(Float64Array.from({ length: S }, (_, i) => data[r * S + i]!));
    return fitPca(rows, k);
  }
  const comps = new Float64Array(Math.min(dims, S) * S);
  for (let c = 0; c < Math.min(dims, S); c++) comps[c * S + c] = 1;
  return { mean: new Float64Array(S), components: { rows: Math.min(dims, S), cols: S, data: comps } };
}

/** "PC1 (62%)", or "PC1" without variance ratios. */
export function axisLabels(p: Projection, dims: number): string[] {
  return Array.from({ length: dims }, (_, c) => {
    const r = p.explainedVarianceRatio?.[c];
    return r !== undefined && Number.isFinite(r) ? `PC${c + 1} (${Math.round(r * 100)}%)` : `PC${c + 1}`;
  });
}

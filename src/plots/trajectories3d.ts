/**
 * trajectories3d(states, options): state-space trajectories in a 3-D projection (plotly, via the
 * display layer's `scatter3d`), coloured by time or by a trial variable, with a static 2-D picture
 * on the first two axes.
 *
 *   const pca = fitPca(fromStates(run.states, S), 3);
 *   trajectories3d({ data: run.states, shape: [B, T, S] }, { projection: pca });
 *   trajectories3d(traj, { projection: pca, color: trials.meta.map((m) => m.coherence), colorLabel: "coherence" });
 */
import { Figure } from "../display/figure";
import { scatter3d, scene3d, staticProjectionSubtitle } from "../display/scatter3d";
import {
  FlatTrajectories,
  Projection,
  StateTrajectoriesLike,
  axisLabels,
  checkProjection,
  defaultProjection,
  projectRows,
  toFlatTrajectories,
} from "./projection";
import { sampleIndices } from "../display/format";
import { categoryColors, r4 } from "./style";

export interface Trajectories3dOptions {
  /** Axes to draw in (e.g. `fitPca(states, 3)`); default: a PCA of the drawn states. */
  projection?: Projection;
  /**
   * "time" (default): colour along each trajectory by the step. Or one value per trial (a trial
   * variable): numbers use a continuous scale, strings/booleans a categorical one.
   */
  color?: "time" | ArrayLike<number> | ReadonlyArray<string | number | boolean>;
  /** Colour-bar / legend title (default "t" or "trial variable"). */
  colorLabel?: string;
  /** Draw at most this many trials (the first ones; default 40). */
  maxTrials?: number;
  /** Steps kept per trial (down-sampled evenly): in the 3-D view (default 400) and in the static picture (at most 200). */
  maxSteps?: number;
  title?: string;
  /** Figure height in pixels (default 480). */
  height?: number;
}

/** What the 3-D and static forms of a set of trajectories are built from (shared with fixedPointsView). */
export interface TrajectoryParts {
  readonly traces: Record<string, unknown>[];
  /** Static rows {x, y, trial, k, c?, g?} for vega-lite layers. */
  readonly staticValues: Record<string, unknown>[];
  readonly labels: string[];
  readonly drawnTrials: number;
  readonly totalTrials: number;
  readonly colorKind: "time" | "numeric" | "category";
  readonly colorLabel: string;
  readonly categories: string[];
}

type TrialColor = Trajectories3dOptions["color"];

export function trajectoryParts(flat: FlatTrajectories, proj: Projection, o: Trajectories3dOptions & { uniformColor?: string }, who: string): TrajectoryParts {
  const { B, T, S } = flat;
  const nb = Math.min(B, o.maxTrials ?? 40);
  if (!(nb >= 1)) throw new Error(`${who}: maxTrials must be ≥ 1, got ${o.maxTrials}.`);
  const dims = 3;
  const labels = axisLabels(proj, dims);
  const color: TrialColor = o.color ?? "time";
  let colorKind: TrajectoryParts["colorKind"] = "time";
  let trialValue: (b: number) => number | string = () => 0;
  if (color !== "time") {
    const vals = Array.from(color as ArrayLike<number | string | boolean>);
    if (vals.length !== B) throw new Error(`${who}: color has ${vals.length} values but there are ${B} trials; pass one value per trial or "time".`);
    colorKind = vals.every((v) => typeof v === "number") ? "numeric" : "category";
    trialValue = colorKind === "numeric" ? (b) => vals[b] as number : (b) => String(vals[b]);
  }
  const categories = colorKind === "category" ? [...new Set(Array.from({ length: nb }, (_, b) => trialValue(b) as string))] : [];
  const colorLabel = o.colorLabel ?? (colorKind === "time" ? "t" : "trial variable");

  const pts = projectRows(proj, flat.data, nb * T, S, dims);
  const rows: { x: number; y: number; z: number; trial: number; c: number }[] = [];
  for (let b = 0; b < nb; b++) {
    for (let t = 0; t < T; t++) {
      const r = (b * T + t) * dims;
      rows.push({ x: pts[r]!, y: pts[r + 1]!, z: pts[r + 2]!, trial: b, c: colorKind === "time" ? t : colorKind === "numeric" ? (trialValue(b) as number) : 0 });
    }
  }
  const numericColor = colorKind !== "category" && o.uniformColor === undefined;
  const fig = scatter3d(rows, {
    series: "trial",
    ...(numericColor ? { color: "c" } : {}),
    mode: "lines",
    xLabel: labels[0],
    yLabel: labels[1],
    zLabel: labels[2],
    colorLabel,
    maxPoints: o.maxSteps ?? 400,
  });
  const traces = (fig.plotly!.data as Record<string, unknown>[]).map((tr, b) => {
    const base = { ...tr, name: `trial ${b}`, hoverinfo: "name", showlegend: false };
    if (o.uniformColor !== undefined) return { ...base, line: { width: 2, color: o.uniformColor }, legendgroup: "trajectories" };
    if (colorKind === "category") {
      const cat = trialValue(b) as string;
      const ci = categories.indexOf(cat);
      return { ...base, name: cat, legendgroup: cat, showlegend: b === firstTrialOf(categories, trialValue, ci), line: { width: 3, color: categoryColors(categories.length)[ci]! } };
    }
    return base;
  });
  // Static picture: thin lines per trial, plus dots coloured by time / the trial variable (≤ ~600).
  const staticValues: Record<string, unknown>[] = [];
  const steps = T >= 2 ? sampleIndices(T, Math.min(200, o.maxSteps ?? 200)) : [0];
  const every = Math.max(1, Math.ceil((nb * steps.length) / 600));
  for (let b = 0; b < nb; b++) {
    for (const t of steps) {
      const r = (b * T + t) * dims;
      const row: Record<string, unknown> = { x: r4(pts[r]!), y: r4(pts[r + 1]!), trial: b, k: t };
      if (colorKind === "category") row.g = trialValue(b);
      else row.c = colorKind === "time" ? t : trialValue(b);
      if (staticValues.length % every === 0) row.dot = 1;
      staticValues.push(row);
    }
  }
  return { traces, staticValues, labels, drawnTrials: nb, totalTrials: B, colorKind, colorLabel, categories };
}

function firstTrialOf(categories: string[], value: (b: number) => number | string, ci: number): number {
  for (let b = 0; ; b++) if (value(b) === categories[ci]) return b;
}

/** The vega-lite layers of the static trajectory picture. */
export function trajectoryLayers(p: TrajectoryParts, uniform?: string): Record<string, unknown>[] {
  const x = { field: "x", type: "quantitative", title: p.labels[0], scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: p.labels[1], scale: { zero: false } };
  const data = { values: p.staticValues };
  if (uniform !== undefined) {
    return [{ data, mark: { type: "line", strokeWidth: 1, color: uniform }, encoding: { x, y, detail: { field: "trial" }, order: { field: "k", type: "quantitative" } } }];
  }
  if (p.colorKind === "category") {
    return [
      {
        data,
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          detail: { field: "trial" },
          order: { field: "k", type: "quantitative" },
          color: { field: "g", type: "nominal", title: p.colorLabel, scale: { domain: p.categories, range: categoryColors(p.categories.length) } },
        },
      },
    ];
  }
  return [
    { data, mark: { type: "line", strokeWidth: 1, color: "#c7c7c7" }, encoding: { x, y, detail: { field: "trial" }, order: { field: "k", type: "quantitative" } } },
    {
      data,
      transform: [{ filter: "datum.dot === 1" }],
      mark: { type: "point", filled: true, size: 10 },
      encoding: { x, y, color: { field: "c", type: "quantitative", title: p.colorLabel, scale: { scheme: "viridis" } } },
    },
  ];
}

export function trajectories3d(
  states: StateTrajectoriesLike | ReadonlyArray<ReadonlyArray<ArrayLike<number>>>,
  options: Trajectories3dOptions = {},
): Figure {
  const who = "trajectories3d";
  const flat = toFlatTrajectories(states, who);
  const proj = options.projection ?? defaultProjection(flat.data, Math.min(flat.B, options.maxTrials ?? 40) * flat.T, flat.S);
  checkProjection(proj, flat.S, who);
  const p = trajectoryParts(flat, proj, options, who);
  const layout = {
    title: { text: options.title ?? "State-space trajectories" },
    height: options.height ?? 480,
    margin: { l: 0, r: 0, t: 40, b: 0 },
    showlegend: p.colorKind === "category",
    scene: scene3d(p.labels[0], p.labels[1], p.labels[2]),
  };
  const vegaLite = {
    title: { text: options.title ?? "State-space trajectories", subtitle: staticProjectionSubtitle(p.labels[0], p.labels[1]) },
    width: 420,
    height: 320,
    layer: trajectoryLayers(p),
  };
  const description =
    `Trajectories${options.title ? ` "${options.title}"` : ""}: ${p.drawnTrials}${p.drawnTrials < p.totalTrials ? ` of ${p.totalTrials}` : ""} trials × ${flat.T} steps ` +
    `in (${p.labels.join(", ")}), colour = ${p.colorKind === "time" ? "time step" : p.colorLabel}`;
  return new Figure({ kind: "scatter3d", description, vegaLite, plotly: { data: p.traces, layout } });
}

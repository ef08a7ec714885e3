/**
 * expansionPointsPlot(traj, options): the JSLDS expansion points e_t on the RNN's state-space
 * trajectories, in a 2-D projection (pass the PCA fitted on the states): trajectories as thin lines,
 * e_t as dots coloured by time step, and optionally the fixed points of the standard search as
 * crosses, so one sees whether the expansion points sit on the fixed points.
 *
 *   expansionPointsPlot(jsldsTraj, { projection: pca, fixedPoints: fps, maxTrials: 20 })
 */
import type { FixedPoints } from "../../analysis/fixedPoints/FixedPoints";
import { Figure } from "../../display/figure";
import { axisLabels, checkProjection, projectRows, type Projection } from "../projection";
import { TRAJECTORY_STATIC_COLOR, r4 } from "../style";

/** What the plot reads from a JsldsTrajectories (src/analysis/jslds). */
export interface ExpansionPointsLike {
  readonly B: number;
  readonly T: number;
  readonly N: number;
  readonly states: ArrayLike<number>;
  readonly expansion: ArrayLike<number>;
  readonly hasExpander: boolean;
}

export interface ExpansionPointsOptions {
  /** The projection (e.g. fitPca of the states); its first two axes are drawn. Required. */
  projection: Projection;
  /** Trials drawn (default the first 20). */
  maxTrials?: number;
  /** Only these trials (indices; default 0..maxTrials−1). */
  trials?: readonly number[];
  /** Fixed points of the same RNN to overlay (crosses). */
  fixedPoints?: FixedPoints;
  title?: string;
  width?: number;
  height?: number;
}

export function expansionPointsPlot(traj: ExpansionPointsLike, options: ExpansionPointsOptions): Figure {
  const who = "expansionPointsPlot";
  if (!traj || typeof traj.B !== "number" || !traj.states) throw new Error(`${who}: expected the trajectories of a JSLDS run (result.run(trials)).`);
  if (!traj.hasExpander) throw new Error(`${who}: this network was trained without P (all λ = 0), so there are no expansion points to draw.`);
  if (!options?.projection) throw new Error(`${who}: options.projection is required (e.g. fitPca(fromStates(traj.states, N), 2)).`);
  const { B, T, N } = traj;
  const dims = checkProjection(options.projection, N, who);
  if (dims < 2) throw new Error(`${who}: the projection has ${dims} axis; two are needed.`);
  const trials = options.trials ? [...options.trials] : Array.from({ length: Math.min(B, options.maxTrials ?? 20) }, (_, b) => b);
  for (const b of trials) if (!(Number.isInteger(b) && b >= 0 && b < B)) throw new Error(`${who}: trial ${b} out of range [0, ${B}).`);
  const sel = (src: ArrayLike<number>) => {
    const out = new Float64Array(trials.length * T * N);
    trials.forEach((b, j) => {
      for (let i = 0; i < T * N; i++) out[j * T * N + i] = src[b * T * N + i]!;
    });
    return projectRows(options.projection, out, trials.length * T, N, 2);
  };
  const hs = sel(traj.states);
  const es = sel(traj.expansion);
  const labels = axisLabels(options.projection, 2);
  const lines: Record<string, unknown>[] = [];
  const dots: Record<string, unknown>[] = [];
  trials.forEach((b, j) => {
    for (let t = 0; t < T; t++) {
      const k = j * T + t;
      lines.push({ trial: b, t, x: r4(hs[k * 2]!), y: r4(hs[k * 2 + 1]!) });
      dots.push({ trial: b, t, x: r4(es[k * 2]!), y: r4(es[k * 2 + 1]!) });
    }
  });
  const x = { field: "x", type: "quantitative", title: labels[0], scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: labels[1], scale: { zero: false } };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: lines },
      mark: { type: "line", strokeWidth: 0.8, opacity: 0.6, color: TRAJECTORY_STATIC_COLOR },
      encoding: { x, y, detail: { field: "trial", type: "nominal" }, order: { field: "t", type: "quantitative" } },
    },
    {
      data: { values: dots },
      mark: { type: "point", filled: true, size: 14, opacity: 0.8 },
      encoding: { x, y, color: { field: "t", type: "quantitative", title: "step t of e_t", scale: { scheme: "viridis" } } },
    },
  ];
  const fps = options.fixedPoints;
  if (fps) {
    if (fps.stateSize !== N) throw new Error(`${who}: the fixed points have state size ${fps.stateSize}, the network ${N}.`);
    const fp = projectRows(options.projection, fps.xstar, fps.count, N, 2);
    layers.push({
      data: { values: Array.from({ length: fps.count }, (_, k) => ({ x: r4(fp[k * 2]!), y: r4(fp[k * 2 + 1]!), kind: "fixed point (search)" })) },
      mark: { type: "point", shape: "cross", filled: true, size: 90, color: "#d62728" },
      encoding: { x, y, shape: { field: "kind", type: "nominal", title: "", scale: { range: ["cross"] } } },
    });
  }
  const vegaLite = {
    title: { text: options.title ?? "Expansion points on the trajectories", subtitle: `${trials.length} trials; dots: e_t coloured by step; lines: RNN states` },
    width: options.width ?? 460,
    height: options.height ?? 360,
    layer: layers,
    resolve: { scale: { color: "independent", shape: "independent" } },
  };
  const description =
    `Expansion points${options.title ? ` "${options.title}"` : ""}: ${trials.length} trials × ${T} steps in (${labels.join(", ")})` +
    (fps ? `; ${fps.count} fixed points overlaid` : "");
  return new Figure({ kind: "scatter", description, vegaLite });
}

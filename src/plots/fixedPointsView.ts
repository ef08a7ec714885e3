/**
 * fixedPointsView(fps, options): fixed and slow points in a 3-D projection of state space (plotly)
 * with a static 2-D picture: stable points black, saddles coloured by their number of unstable
 * modes, each unstable mode drawn as a short segment along its eigenvector (half-length `modeScale`
 * in state units, as FixedPointFinder's plot), and the network's trajectories underneath.
 *
 *   const pca = fitPca(fromStates(run.states, S), 3);
 *   fixedPointsView(fps, { projection: pca, trajectories: { data: run.states, shape: [B, T, S] } });
 */
import { FixedPoints } from "../analysis/fixedPoints/FixedPoints";
import { Figure } from "../display/figure";
import { scene3d, staticProjectionSubtitle } from "../display/scatter3d";
import { formatNumber } from "../display/format";
import {
  Projection,
  StateTrajectoriesLike,
  axisLabels,
  checkProjection,
  defaultProjection,
  projectDirection,
  projectRows,
  toFlatTrajectories,
} from "./projection";
import { MODE_COLOR, TRAJECTORY_COLOR, TRAJECTORY_STATIC_COLOR, classScale, pointClass, pointClassColor, r4 } from "./style";
import { TrajectoryParts, trajectoryLayers, trajectoryParts } from "./trajectories3d";

export interface FixedPointsViewOptions {
  /** Axes to draw in (e.g. `fitPca(states, 3)`); default: a PCA of the trajectories, else of the points. */
  projection?: Projection;
  /** The network's trajectories, drawn underneath ({data, shape: [B, T, S]} or [trial][t][unit]). */
  trajectories?: StateTrajectoriesLike | ReadonlyArray<ReadonlyArray<ArrayLike<number>>>;
  /** Trials of `trajectories` drawn (default 20). */
  maxTrials?: number;
  /** Half-length of the eigenvector segments in state units (default 0.25, as FixedPointFinder). */
  modeScale?: number;
  /** "unstable" (default): the unstable modes of unstable points; "none": no segments. */
  modes?: "unstable" | "none";
  /** At most this many modes per point (default 3); a complex pair counts once. */
  maxModesPerPoint?: number;
  /** Marker diameter in pixels in the 3-D view (default 6). */
  markerSize?: number;
  title?: string;
  height?: number;
}

/** One drawn mode: point, mode index, and the segment's projected ends. */
export interface ModeSegment {
  readonly point: number;
  readonly mode: number;
  readonly from: readonly [number, number, number];
  readonly to: readonly [number, number, number];
}

/** Count per class, e.g. "8 stable, 12 index 1". */
export function fixedPointsCounts(fps: FixedPoints): string {
  if (!fps.isDecomposed) return `${fps.count} points (not decomposed)`;
  const counts = new Map<number, number>();
  for (const n of fps.nUnstable) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, c]) => `${c} ${n === 0 ? "stable" : `index ${n}`}`)
    .join(", ");
}

/** The eigenvector segments the view draws (exposed for tests and custom plots). */
export function modeSegments(fps: FixedPoints, proj: Projection, options: Pick<FixedPointsViewOptions, "modeScale" | "modes" | "maxModesPerPoint"> = {}): ModeSegment[] {
  const S = fps.stateSize;
  const scale = options.modeScale ?? 0.25;
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`fixedPointsView: modeScale must be a positive number, got ${options.modeScale}.`);
  const maxModes = options.maxModesPerPoint ?? 3;
  if ((options.modes ?? "unstable") === "none" || !fps.isDecomposed || !fps.rightRe) return [];
  const nU = fps.nUnstable;
  const centres = projectRows(proj, fps.xstar, fps.count, S, 3);
  const out: ModeSegment[] = [];
  const v = new Float64Array(S);
  for (let k = 0; k < fps.count; k++) {
    let drawn = 0;
    // Eigenvalues are stored unstable-first (|λ| or Re λ descending), so modes 0..nU-1 are unstable.
    for (let m = 0; m < nU[k]! && drawn < maxModes; m++) {
      const im = fps.eigIm![k * S + m]!;
      if (im < 0) continue; // the conjugate of a pair already drawn
      let norm = 0;
      for (let i = 0; i < S; i++) {
        v[i] = fps.rightRe[k * S * S + i * S + m]!;
        norm += v[i]! * v[i]!;
      }
      if (norm < 1e-24 && fps.rightIm) {
        norm = 0;
        for (let i = 0; i < S; i++) {
          v[i] = fps.rightIm[k * S * S + i * S + m]!;
          norm += v[i]! * v[i]!;
        }
      }
      if (!(norm > 0)) continue;
      const d = projectDirection(proj, v, S, 3);
      const f = scale / Math.sqrt(norm);
      const c = [centres[k * 3]!, centres[k * 3 + 1]!, centres[k * 3 + 2]!];
      out.push({
        point: k,
        mode: m,
        from: [c[0]! - f * d[0]!, c[1]! - f * d[1]!, c[2]! - f * d[2]!],
        to: [c[0]! + f * d[0]!, c[1]! + f * d[1]!, c[2]! + f * d[2]!],
      });
      drawn++;
    }
  }
  return out;
}

export function fixedPointsView(fps: FixedPoints, options: FixedPointsViewOptions = {}): Figure {
  const who = "fixedPointsView";
  const S = fps.stateSize;
  if (fps.count === 0) throw new Error(`${who}: the record has no points to draw.`);
  const flat = options.trajectories !== undefined ? toFlatTrajectories(options.trajectories, who) : undefined;
  if (flat && flat.S !== S) throw new Error(`${who}: trajectories have ${flat.S} units but the fixed points have ${S}; pass this network's states.`);
  const maxTrials = options.maxTrials ?? 20;
  const proj =
    options.projection ??
    (flat ? defaultProjection(flat.data, Math.min(flat.B, maxTrials) * flat.T, S) : defaultProjection(fps.xstar, fps.count, S));
  checkProjection(proj, S, who);
  const labels = axisLabels(proj, 3);
  const nU = fps.isDecomposed ? Array.from(fps.nUnstable) : Array.from({ length: fps.count }, () => undefined);
  const xyz = projectRows(proj, fps.xstar, fps.count, S, 3);
  const segs = modeSegments(fps, proj, options);

  // --- 3-D (plotly) ---
  let traj: TrajectoryParts | undefined;
  if (flat) traj = trajectoryParts(flat, proj, { maxTrials, uniformColor: TRAJECTORY_COLOR }, who);
  const traces: Record<string, unknown>[] = [];
  if (traj) {
    traj.traces.forEach((t, i) => traces.push({ ...t, name: "trajectories", showlegend: i === 0 }));
  }
  if (segs.length > 0) {
    const xs: (number | null)[] = [];
    const ys: (number | null)[] = [];
    const zs: (number | null)[] = [];
    for (const s of segs) {
      xs.push(r4(s.from[0]), r4(s.to[0]), null);
      ys.push(r4(s.from[1]), r4(s.to[1]), null);
      zs.push(r4(s.from[2]), r4(s.to[2]), null);
    }
    traces.push({ type: "scatter3d", mode: "lines", name: "unstable modes", x: xs, y: ys, z: zs, line: { width: 5, color: MODE_COLOR }, hoverinfo: "name" });
  }
  const classes = [...new Set(nU)].sort((a, b) => (a ?? -1) - (b ?? -1));
  for (const n of classes) {
    const idx = nU.flatMap((v, k) => (v === n ? [k] : []));
    traces.push({
      type: "scatter3d",
      mode: "markers",
      name: pointClass(n),
      x: idx.map((k) => r4(xyz[k * 3]!)),
      y: idx.map((k) => r4(xyz[k * 3 + 1]!)),
      z: idx.map((k) => r4(xyz[k * 3 + 2]!)),
      text: idx.map((k) => `point ${k}: ${pointClass(n)}, q = ${formatNumber(fps.q[k]!)}`),
      hoverinfo: "text",
      marker: { size: options.markerSize ?? 6, color: pointClassColor(n), symbol: n === 0 ? "circle" : "diamond", line: { width: 0 } },
    });
  }
  const layout = {
    title: { text: options.title ?? "Fixed points" },
    height: options.height ?? 520,
    margin: { l: 0, r: 0, t: 40, b: 0 },
    showlegend: true,
    scene: scene3d(labels[0], labels[1], labels[2]),
  };

  // --- static 2-D (vega-lite) ---
  const x = { field: "x", type: "quantitative", title: labels[0], scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: labels[1], scale: { zero: false } };
  const layers: Record<string, unknown>[] = [];
  if (traj) layers.push(...trajectoryLayers(traj, TRAJECTORY_STATIC_COLOR));
  if (segs.length > 0) {
    layers.push({
      data: { values: segs.map((s) => ({ x: r4(s.from[0]), y: r4(s.from[1]), x2: r4(s.to[0]), y2: r4(s.to[1]), point: s.point, mode: s.mode })) },
      mark: { type: "rule", color: MODE_COLOR, strokeWidth: 2 },
      encoding: { x, y, x2: { field: "x2" }, y2: { field: "y2" } },
    });
  }
  const scale = classScale(nU);
  layers.push({
    data: {
      values: nU.map((n, k) => ({ x: r4(xyz[k * 3]!), y: r4(xyz[k * 3 + 1]!), cls: pointClass(n), point: k, q: Number(fps.q[k]!.toPrecision(3)) })),
    },
    mark: { type: "point", filled: true, size: 60, tooltip: true },
    encoding: {
      x,
      y,
      color: { field: "cls", type: "nominal", title: "point", scale },
      shape: { field: "cls", type: "nominal", title: "point", scale: { domain: scale.domain, range: scale.domain.map((d) => (d === "stable" ? "circle" : "diamond")) } },
    },
  });
  const vegaLite = {
    title: { text: options.title ?? "Fixed points", subtitle: staticProjectionSubtitle(labels[0], labels[1]) },
    width: 420,
    height: 340,
    layer: layers,
  };
  const description =
    `Fixed points${options.title ? ` "${options.title}"` : ""}: ${fps.count} (${fixedPointsCounts(fps)}) in (${labels.join(", ")}); ` +
    `${segs.length} unstable-mode segment${segs.length === 1 ? "" : "s"} (half-length ${options.modeScale ?? 0.25})` +
    (traj ? `; ${traj.drawnTrials} trajectories underneath` : "");
  return new Figure({ kind: "scatter3d", description, vegaLite, plotly: { data: traces, layout } });
}

/** A FixedPoints record, also one from another copy of the module (src vs dist). */
export function isFixedPoints(v: unknown): v is FixedPoints {
  if (v instanceof FixedPoints) return true;
  const o = v as Record<string, unknown> | null;
  return (
    o != null &&
    typeof o === "object" &&
    o.constructor?.name === "FixedPoints" &&
    o.xstar instanceof Float64Array &&
    typeof o.stateSize === "number" &&
    typeof o.fixedTolQ === "number"
  );
}

/** One-line summary of a FixedPoints record (its text/plain form). */
export function fixedPointsSummary(fps: FixedPoints): string {
  let qMax = 0;
  for (const q of fps.q) qMax = Math.max(qMax, q);
  const slow = fps.isSlow.filter(Boolean).length;
  return (
    `FixedPoints (${fps.arch}${fps.continuous ? ", continuous time" : ""}, S=${fps.stateSize}): ${fps.count} point${fps.count === 1 ? "" : "s"}` +
    (fps.count > 0 ? ` — ${fixedPointsCounts(fps)}; max q ${qMax.toExponential(1)}${slow ? `, ${slow} slow` : ""}` : "")
  );
}

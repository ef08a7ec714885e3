/**
 * scatter3d(data, options): points or lines in 3-D (state-space trajectories), drawn with plotly,
 * with a static 2-D projection (first two dimensions) as the picture that survives sharing.
 *
 *   scatter3d(trajectories)                          // number[][][]: one line per trajectory [T][3]
 *   scatter3d(rows, { x: "pc1", y: "pc2", z: "pc3", color: "t", mode: "lines+markers" })
 *
 * Call `initPlotly()` once per notebook (its own cell) so the 3-D view can draw offline.
 */
import { Channel, channelLabel, readChannel, readNumbers } from "./channels";
import { Figure } from "./figure";
import { roundSig, sampleIndices } from "./format";

export interface Scatter3dOptions<T = any> {
  /** Coordinate channels (default "x", "y", "z", or tuple indices 0, 1, 2). */
  x?: Channel<T>;
  y?: Channel<T>;
  z?: Channel<T>;
  /** One trace per distinct value (one line per trajectory). Trajectory input sets it to the index. */
  series?: Channel<T>;
  /**
   * Colour points/lines by this numeric value (e.g. coherence); a string value acts as `series`.
   * Trajectory input is always coloured by the time step t.
   */
  color?: Channel<T>;
  /** Default "lines" for trajectory input, else "markers". */
  mode?: "markers" | "lines" | "lines+markers";
  title?: string;
  xLabel?: string;
  yLabel?: string;
  zLabel?: string;
  colorLabel?: string;
  /** Plotly colour scale for `color` (default "Viridis"). */
  colorscale?: string;
  /** Marker diameter in pixels (default 3). */
  markerSize?: number;
  /** Down-samples each trace to at most this many points, keeping both ends (default 1500). */
  maxPoints?: number;
  /** Points per trace in the static 2-D projection (an SVG: each point costs bytes; default 400). */
  maxStaticPoints?: number;
  /** Figure height in pixels (default 480). */
  height?: number;
}

/** A list of trajectories, each [T][≥3]. */
export type Trajectories = readonly (readonly (readonly number[] | ArrayLike<number>)[])[];

function isTrajectories(v: unknown): v is Trajectories {
  return Array.isArray(v) && v.length > 0 && v.every((t) => Array.isArray(t) && (t.length === 0 || (Array.isArray(t[0]) || ArrayBuffer.isView(t[0]))));
}

interface P {
  x: number;
  y: number;
  z: number;
  s: string;
  c?: number;
}

/**
 * Subtitle of the static 2-D picture that stands in for a 3-D view. It is what a reader of a shared
 * notebook sees (GitHub, nbconvert, an untrusted notebook), so it says what the picture is and where
 * the 3-D view is, not which function to call.
 */
/**
 * The 3-D scene of every plotly view: titled axes, seen from a little farther than plotly's default
 * eye (1.25, 1.25, 1.25), which put the cube's near corner and its axis titles past the edge of the
 * plot (08's "PC2 (…)" title was cut off).
 */
export function scene3d(xLabel: string, yLabel: string, zLabel: string): Record<string, unknown> {
  return {
    xaxis: { title: { text: xLabel } },
    yaxis: { title: { text: yLabel } },
    zaxis: { title: { text: zLabel } },
    camera: { eye: { x: 1.5, y: 1.5, z: 1.0 } },
  };
}

export function staticProjectionSubtitle(xLabel: string, yLabel: string): string[] {
  // Two short lines: one long subtitle widened the whole picture to ~1170 px, past a notebook cell.
  return [`static picture: projection on (${xLabel}, ${yLabel})`, "rotatable 3-D view in Jupyter"];
}

export function scatter3d<T = any>(data: readonly T[] | Trajectories, options: Scatter3dOptions<T> = {}): Figure {
  const o = options;
  let points: P[];
  let trajectories = false;
  if (isTrajectories(data)) {
    trajectories = true;
    points = [];
    data.forEach((traj, k) => {
      Array.from(traj).forEach((p, t) => {
        if (p.length < 3) throw new TypeError(`scatter3d: trajectory ${k} point ${t} has ${p.length} coordinates, need 3.`);
        points.push({ x: p[0], y: p[1], z: p[2], s: String(k), c: t });
      });
    });
  } else {
    if (!Array.isArray(data)) throw new TypeError("scatter3d(data): data must be an array of rows, [x, y, z] tuples, or trajectories [traj][t][3].");
    const rows = data as readonly T[];
    const tuple = rows.length > 0 && (Array.isArray(rows[0]) || ArrayBuffer.isView(rows[0]));
    const xs = readNumbers(rows, o.x ?? (tuple ? 0 : "x"), "x");
    const ys = readNumbers(rows, o.y ?? (tuple ? 1 : "y"), "y");
    const zs = readNumbers(rows, o.z ?? (tuple ? 2 : "z"), "z");
    const cs = o.color !== undefined ? readChannel(rows, o.color, "color") : undefined;
    const numericColor = cs !== undefined && cs.every((c) => typeof c === "number");
    const ss = o.series !== undefined ? readChannel(rows, o.series, "series").map(String) : cs && !numericColor ? cs.map(String) : undefined;
    points = rows.map((_, i) => ({ x: xs[i], y: ys[i], z: zs[i], s: ss ? ss[i] : "", ...(numericColor ? { c: cs![i] as number } : {}) }));
  }
  const colorByValue = points.some((p) => p.c !== undefined);
  const mode = o.mode ?? (trajectories ? "lines" : "markers");
  const maxPoints = o.maxPoints ?? 1500;
  const groups = new Map<string, P[]>();
  for (const p of points) {
    if (!groups.has(p.s)) groups.set(p.s, []);
    groups.get(p.s)!.push(p);
  }
  let cmin = Infinity;
  let cmax = -Infinity;
  for (const p of points) if (p.c !== undefined && Number.isFinite(p.c)) (cmin = Math.min(cmin, p.c)), (cmax = Math.max(cmax, p.c));
  const xLabel = o.xLabel ?? channelLabel(o.x, "x");
  const yLabel = o.yLabel ?? channelLabel(o.y, "y");
  const zLabel = o.zLabel ?? channelLabel(o.z, "z");
  const colorLabel = o.colorLabel ?? (trajectories ? "t" : channelLabel(o.color, "color"));
  const traces: Record<string, unknown>[] = [];
  const projected: Record<string, unknown>[] = [];
  let shown = 0;
  let first = true;
  for (const [name, g] of groups) {
    const idx = sampleIndices(g.length, maxPoints);
    const sel = idx.map((i) => g[i]);
    shown += sel.length;
    const col = colorByValue ? sel.map((p) => roundSig(p.c ?? NaN)) : undefined;
    const colorSpec = col
      ? { color: col, colorscale: o.colorscale ?? "Viridis", cmin: roundSig(cmin), cmax: roundSig(cmax) }
      : {};
    const colorbar = col && first ? { showscale: true, colorbar: { title: { text: colorLabel } } } : {};
    traces.push({
      type: "scatter3d",
      mode,
      name: trajectories ? `trajectory ${name}` : name || "points",
      x: sel.map((p) => roundSig(p.x)),
      y: sel.map((p) => roundSig(p.y)),
      z: sel.map((p) => roundSig(p.z)),
      // Colour arrays only where drawn: they are the bulk of the JSON.
      ...(mode !== "lines" ? { marker: { size: o.markerSize ?? 3, ...colorSpec, ...colorbar } } : {}),
      ...(mode !== "markers" ? { line: { width: 4, ...colorSpec, ...(mode === "lines" ? colorbar : {}) } } : {}),
    });
    first = false;
    const staticIdx = sampleIndices(g.length, o.maxStaticPoints ?? 400);
    staticIdx.forEach((i, k) => {
      const p = g[i];
      projected.push({ x: roundSig(p.x), y: roundSig(p.y), s: name, k, ...(p.c !== undefined ? { c: roundSig(p.c) } : {}) });
    });
  }
  const height = o.height ?? 480;
  const layout = {
    title: { text: o.title ?? "3-D view" },
    height,
    margin: { l: 0, r: 0, t: 40, b: 0 },
    // Coloured by a value, the traces share one colour scale: legend swatches would all be the
    // same (black) and sat on the colour bar, so the colour bar is the only key; traces are named
    // on hover.
    showlegend: !colorByValue && groups.size > 1 && groups.size <= 20,
    scene: scene3d(xLabel, yLabel, zLabel),
  };
  // Static 2-D projection on (x, y): lines per series, dots coloured by the value.
  const lines = mode !== "markers";
  const xEnc = { field: "x", type: "quantitative", title: xLabel, scale: { zero: false } };
  const yEnc = { field: "y", type: "quantitative", title: yLabel, scale: { zero: false } };
  const layers: Record<string, unknown>[] = [];
  const bySeries = groups.size > 1 ? { color: { field: "s", type: "nominal", title: "series", legend: groups.size <= 20 ? {} : null } } : {};
  if (lines) {
    layers.push({
      mark: { type: "line", strokeWidth: 1.5 },
      encoding: { x: xEnc, y: yEnc, order: { field: "k", type: "quantitative" }, ...bySeries },
    });
  } else {
    layers.push({
      mark: { type: "point", filled: true, size: 20 },
      encoding: {
        x: xEnc,
        y: yEnc,
        ...(colorByValue ? { color: { field: "c", type: "quantitative", title: colorLabel, scale: { scheme: "viridis" } } } : bySeries),
      },
    });
  }
  const projection = {
    title: { text: o.title ?? "3-D view", subtitle: staticProjectionSubtitle(xLabel, yLabel) },
    width: 420,
    height: 320,
    data: { values: projected },
    layer: layers,
  };
  const desc =
    `3-D ${lines ? "lines" : "scatter"}${o.title ? ` "${o.title}"` : ""}: ${groups.size} trace(s), ${points.length} points` +
    `${shown < points.length ? ` (${shown} shown)` : ""}; axes ${xLabel}, ${yLabel}, ${zLabel}${colorByValue ? `, colour = ${colorLabel}` : ""}`;
  return new Figure({ kind: "scatter3d", description: desc, vegaLite: projection, plotly: { data: traces, layout } });
}

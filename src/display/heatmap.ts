/**
 * heatmap(matrix, options): a colour grid of a matrix (weights, Jacobians, correlation maps).
 *
 *   heatmap(W)                                  // number[][], {data, shape}, or ml-matrix Matrix
 *   heatmap(W, { title: "J", xLabel: "from", yLabel: "to" })
 */
import { Figure } from "./figure";
import { formatNumber, roundSig } from "./format";
import { Grid, gridStats, poolGrid, toGrid } from "./matrix";
import { blockGridToPngDataUri, vegaSchemeColor } from "./raster";

/**
 * Above this many cells the grid is drawn as one PNG inside the chart instead of one rect per cell:
 * a rect costs ~150 bytes of SVG (stored as base64 too), so a 40×40 grid was 0.7 MB of notebook;
 * as a raster it is a few kB. Smaller grids keep rects (a tooltip per cell).
 */
export const HEATMAP_RASTER_CELLS = 400;

export interface HeatmapOptions {
  title?: string;
  /** Axis titles (default "column" and "row"). */
  xLabel?: string;
  yLabel?: string;
  colorLabel?: string;
  /**
   * Vega colour scheme. Default: "blueorange" centred on 0 when the values have both signs,
   * else "viridis".
   */
  colorScheme?: string;
  /** Fixed colour range. */
  colorDomain?: [number, number];
  /** Larger matrices are mean-pooled to at most this many rows and columns (default 60). */
  maxSide?: number;
  /** Plot area in pixels (default: about 8 px per cell, between 120 and 420). */
  width?: number;
  height?: number;
}

export function heatmap(data: unknown, options: HeatmapOptions = {}): Figure {
  const o = options;
  const full: Grid = toGrid(data);
  const maxSide = o.maxSide ?? 60;
  if (!(maxSide >= 1)) throw new RangeError(`heatmap: maxSide must be ≥ 1, got ${maxSide}.`);
  const g = poolGrid(full, maxSide);
  const st = gridStats(full.data);
  const diverging = st.min < 0 && st.max > 0;
  const values: { r: number; c: number; v: number | null }[] = [];
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < g.cols; j++) {
      const x = g.data[i * g.cols + j];
      values.push({ r: i, c: j, v: Number.isFinite(x) ? roundSig(x) : null });
    }
  }
  const px = (n: number) => Math.max(120, Math.min(420, n * 8));
  const showLabels = (n: number) => n <= 30;
  const scale: Record<string, unknown> = { scheme: o.colorScheme ?? (diverging ? "blueorange" : "viridis") };
  if (o.colorDomain) scale.domain = o.colorDomain;
  else if (diverging && !o.colorScheme) {
    const m = Math.max(-st.min, st.max);
    scale.domain = [roundSig(-m), roundSig(m)];
  }
  const width = o.width ?? px(g.cols);
  const height = o.height ?? px(g.rows);
  const colorTitle = o.colorLabel ?? "value";
  if (g.rows * g.cols > HEATMAP_RASTER_CELLS) {
    const shown = gridStats(g.data); // the colours span what is drawn (the pooled grid), as in the rect form
    const spec = rasterSpec(g, { ...o, width, height, colorTitle, scale, diverging, min: shown.min, max: shown.max });
    return new Figure({ kind: "heatmap", description: describe(full, g, o.title, st), vegaLite: spec });
  }
  const spec = {
    ...(o.title ? { title: o.title } : {}),
    width,
    height,
    data: { values },
    mark: { type: "rect", tooltip: true },
    encoding: {
      x: { field: "c", type: "ordinal", title: o.xLabel ?? "column", axis: { labels: showLabels(g.cols), ticks: showLabels(g.cols) } },
      y: { field: "r", type: "ordinal", title: o.yLabel ?? "row", axis: { labels: showLabels(g.rows), ticks: showLabels(g.rows) } },
      color: { field: "v", type: "quantitative", title: colorTitle, scale },
    },
    config: { view: { stroke: null } },
  };
  return new Figure({ kind: "heatmap", description: describe(full, g, o.title, st), vegaLite: spec });
}

function describe(full: Grid, g: Grid, title: string | undefined, st: { min: number; max: number; mean: number }): string {
  const pooled = g !== full ? ` (mean-pooled to ${g.rows}×${g.cols})` : "";
  return `Heatmap${title ? ` "${title}"` : ""}: ${full.rows}×${full.cols}${pooled}, ` + `min ${formatNumber(st.min)}, max ${formatNumber(st.max)}, mean ${formatNumber(st.mean)}`;
}

/**
 * The raster form: one image over cell coordinates (cell centres at integers, row 0 on top, as in
 * the rect form), plus an invisible two-point layer that gives vega the colour scale and its legend.
 */
function rasterSpec(
  g: Grid,
  o: HeatmapOptions & { width: number; height: number; colorTitle: string; scale: Record<string, unknown>; diverging: boolean; min: number; max: number },
): Record<string, unknown> {
  const domain = (o.scale.domain as [number, number] | undefined) ?? [roundSig(o.min), roundSig(o.max)];
  const [lo, hi] = domain;
  const toColor = vegaSchemeColor(String(o.scale.scheme));
  const span = hi > lo ? hi - lo : 1;
  const k = Math.max(1, Math.ceil(Math.max(o.width / g.cols, o.height / g.rows)));
  const url = blockGridToPngDataUri(g.data, g.rows, g.cols, k, (v) => toColor((v - lo) / span));
  const showLabels = (n: number) => n <= 30;
  const axis = (n: number) => ({ values: Array.from({ length: n }, (_, i) => i), labels: showLabels(n), ticks: showLabels(n), grid: false });
  const X = { field: "x", type: "quantitative", title: o.xLabel ?? "column", scale: { domain: [-0.5, g.cols - 0.5], nice: false, zero: false }, axis: axis(g.cols) };
  const Y = { field: "y", type: "quantitative", title: o.yLabel ?? "row", scale: { domain: [-0.5, g.rows - 0.5], nice: false, zero: false, reverse: true }, axis: axis(g.rows) };
  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width,
    height: o.height,
    layer: [
      {
        data: { values: [{ x: -0.5, y: -0.5, url }] },
        mark: { type: "image", width: o.width, height: o.height, align: "left", baseline: "top", aspect: false },
        encoding: { x: X, y: Y, url: { field: "url", type: "nominal" } },
      },
      {
        data: { values: [{ v: lo }, { v: hi }] },
        mark: { type: "point", opacity: 0 },
        encoding: { color: { field: "v", type: "quantitative", title: o.colorTitle, scale: { ...o.scale, domain: [lo, hi] } } },
      },
    ],
    config: { view: { stroke: null } },
  };
}

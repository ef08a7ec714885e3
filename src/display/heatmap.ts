/**
 * heatmap(matrix, options): a colour grid of a matrix (weights, Jacobians, correlation maps).
 *
 *   heatmap(W)                                  // number[][], {data, shape}, or ml-matrix Matrix
 *   heatmap(W, { title: "J", xLabel: "from", yLabel: "to" })
 */
import { Figure } from "./figure";
import { formatNumber, roundSig } from "./format";
import { Grid, gridStats, poolGrid, toGrid } from "./matrix";

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
  const spec = {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? px(g.cols),
    height: o.height ?? px(g.rows),
    data: { values },
    mark: { type: "rect", tooltip: true },
    encoding: {
      x: { field: "c", type: "ordinal", title: o.xLabel ?? "column", axis: { labels: showLabels(g.cols), ticks: showLabels(g.cols) } },
      y: { field: "r", type: "ordinal", title: o.yLabel ?? "row", axis: { labels: showLabels(g.rows), ticks: showLabels(g.rows) } },
      color: { field: "v", type: "quantitative", title: o.colorLabel ?? "value", scale },
    },
    config: { view: { stroke: null } },
  };
  const pooled = g !== full ? ` (mean-pooled to ${g.rows}×${g.cols})` : "";
  const desc =
    `Heatmap${o.title ? ` "${o.title}"` : ""}: ${full.rows}×${full.cols}${pooled}, ` +
    `min ${formatNumber(st.min)}, max ${formatNumber(st.max)}, mean ${formatNumber(st.mean)}`;
  return new Figure({ kind: "heatmap", description: desc, vegaLite: spec });
}

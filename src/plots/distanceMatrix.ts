/**
 * distanceMatrixPlot(D, options): a pairwise distance matrix (from `pairwiseDistances`, SVCCA,
 * Procrustes or topology distances) as a heatmap, with item labels on the axes when it is small.
 *
 *   distanceMatrixPlot(pairwiseDistances(nets, svccaDistance, { labels }))
 */
import type { DistanceMatrix } from "../analysis/projection/distanceMatrix";
import { Figure } from "../display/figure";
import { heatmap } from "../display/heatmap";

export interface DistanceMatrixPlotOptions {
  title?: string;
  /** Colour legend title (default "distance"). */
  colorLabel?: string;
  /** Item labels (default: the matrix's own labels). */
  labels?: readonly string[];
  /** Vega colour scheme (default "viridis"). */
  colorScheme?: string;
  /** Larger matrices are mean-pooled to this many rows/columns (labels are then dropped; default 60). */
  maxSide?: number;
  /** What the rows and columns are, as the axis titles (default "item"). */
  itemLabel?: string;
}

/** Duck test for a DistanceMatrix ({size, data: size² values, labels?}). */
export function isDistanceMatrix(v: unknown): v is DistanceMatrix {
  const o = v as Partial<DistanceMatrix> | null;
  return (
    o != null &&
    typeof o === "object" &&
    typeof o.size === "number" &&
    Number.isInteger(o.size) &&
    o.size > 0 &&
    o.data instanceof Float64Array &&
    o.data.length === o.size * o.size &&
    (o.labels === undefined || (Array.isArray(o.labels) && o.labels.length === o.size))
  );
}

export function distanceMatrixPlot(D: DistanceMatrix, options: DistanceMatrixPlotOptions = {}): Figure {
  if (!isDistanceMatrix(D)) throw new Error("distanceMatrixPlot: expected {size, data: Float64Array of size² values, labels?} (e.g. from pairwiseDistances).");
  const n = D.size;
  const labels = options.labels ?? D.labels;
  if (labels && labels.length !== n) throw new Error(`distanceMatrixPlot: ${labels.length} labels for ${n} items.`);
  const grid = Array.from({ length: n }, (_, i) => Array.from(D.data.subarray(i * n, (i + 1) * n)));
  const maxSide = options.maxSide ?? 60;
  const base = heatmap(grid, {
    title: options.title ?? "Pairwise distances",
    xLabel: options.itemLabel ?? "item",
    yLabel: options.itemLabel ?? "item",
    colorLabel: options.colorLabel ?? "distance",
    colorScheme: options.colorScheme ?? "viridis",
    maxSide,
  });
  let off = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off = Math.max(off, D.data[i * n + j]!);
  const description = `Distance matrix${options.title ? ` "${options.title}"` : ""}: ${n} items, max distance ${Number(off.toPrecision(4))}`;
  if (!labels || n > maxSide) return new Figure({ kind: "heatmap", description, vegaLite: base.vegaLite });
  // Name the rows and columns; `sort: null` keeps the matrix order instead of sorting labels.
  const spec = JSON.parse(JSON.stringify(base.vegaLite)) as Record<string, any>;
  const uniq = labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} (${i})`));
  if (!spec.data) {
    // The raster form (more than HEATMAP_RASTER_CELLS cells): the image's axes are cell indices, named by label.
    const img = spec.layer[0].encoding;
    const named = (axis: Record<string, unknown>, angle?: number) => ({ ...axis, labels: n <= 40, ticks: n <= 40, labelExpr: `${JSON.stringify(uniq)}[datum.value] || ''`, ...(angle !== undefined ? { labelAngle: angle } : {}) });
    img.x = { ...img.x, axis: named(img.x.axis, -45) };
    img.y = { ...img.y, axis: named(img.y.axis) };
    return new Figure({ kind: "heatmap", description, vegaLite: spec });
  }
  spec.data.values = spec.data.values.map((v: { r: number; c: number; v: number | null }) => ({ ...v, r: uniq[v.r], c: uniq[v.c] }));
  spec.encoding.x = { ...spec.encoding.x, sort: null, axis: { labels: n <= 40, ticks: n <= 40, labelAngle: -45 } };
  spec.encoding.y = { ...spec.encoding.y, sort: null, axis: { labels: n <= 40, ticks: n <= 40 } };
  return new Figure({ kind: "heatmap", description, vegaLite: spec });
}

/**
 * discriminationGridPlot(grid): correctness of a discrimination network over an extrapolation grid
 * (intervalDiscriminationGrid / delayedDiscriminationGrid): one cell per (a, b), green correct,
 * red wrong, with the trained region outlined in black. Behaviour and region accuracies in the title.
 *
 *   discriminationGridPlot(intervalDiscriminationGrid(model))
 *
 * Delayed grids code b = f1·100 + f2; the axis shows it as "f1/f2".
 */
import type { DiscriminationGrid } from "../../solutions/extrapolation";
import { Figure } from "../../display/figure";
import { HEATMAP_RASTER_CELLS } from "../../display/heatmap";
import { blockGridToPngDataUri } from "../../display/raster";

const CORRECT: [number, number, number] = [0x54, 0xa2, 0x4b];
const WRONG: [number, number, number] = [0xe4, 0x57, 0x56];

export interface DiscriminationGridPlotOptions {
  title?: string;
  /** Cell size in pixels (default: about 420 px per side, 3 to 24 px per cell). */
  cellSize?: number;
}

export function isDiscriminationGrid(v: unknown): v is DiscriminationGrid {
  const o = v as Record<string, unknown> | null;
  return (
    o != null &&
    typeof o === "object" &&
    (o.kind === "interval-discrimination-grid" || o.kind === "delayed-discrimination-grid") &&
    Array.isArray(o.cells) &&
    Array.isArray(o.axes)
  );
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : "n/a");

export function discriminationGridSummary(g: DiscriminationGrid): string {
  const regions = Object.entries(g.regions)
    .map(([k, r]) => `${k} ${pct(r.accuracy)} (n=${r.n})`)
    .join(", ");
  return `${g.kind === "interval-discrimination-grid" ? "Interval" : "Delayed"} discrimination grid: ${g.behaviour} (${g.reason}); ${regions}`;
}

/** Segments of the boundary of the trained cells, in cell-index coordinates (cells are unit squares centred on integers). */
export function trainedOutline(cells: ReadonlyArray<{ i: number; j: number; trained: boolean }>): { x: number; y: number; x2: number; y2: number }[] {
  const on = new Set(cells.filter((c) => c.trained).map((c) => `${c.i},${c.j}`));
  // grid positions with no cell (e.g. t1 = t2, never asked) inside the trained box count as
  // trained, so the outline does not zigzag around them
  const tr = cells.filter((c) => c.trained);
  if (tr.length) {
    const has = new Set(cells.map((c) => `${c.i},${c.j}`));
    const [i0, i1] = [Math.min(...tr.map((c) => c.i)), Math.max(...tr.map((c) => c.i))];
    const [j0, j1] = [Math.min(...tr.map((c) => c.j)), Math.max(...tr.map((c) => c.j))];
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) if (!has.has(`${i},${j}`)) on.add(`${i},${j}`);
  }
  const inside = [...on].map((k) => k.split(",").map(Number) as [number, number]);
  const segs: { x: number; y: number; x2: number; y2: number }[] = [];
  for (const [i, j] of inside) {
    if (!on.has(`${i - 1},${j}`)) segs.push({ x: i - 0.5, y: j - 0.5, x2: i - 0.5, y2: j + 0.5 });
    if (!on.has(`${i + 1},${j}`)) segs.push({ x: i + 0.5, y: j - 0.5, x2: i + 0.5, y2: j + 0.5 });
    if (!on.has(`${i},${j - 1}`)) segs.push({ x: i - 0.5, y: j - 0.5, x2: i + 0.5, y2: j - 0.5 });
    if (!on.has(`${i},${j + 1}`)) segs.push({ x: i - 0.5, y: j + 0.5, x2: i + 0.5, y2: j + 0.5 });
  }
  return segs;
}

export function discriminationGridPlot(grid: DiscriminationGrid, options: DiscriminationGridPlotOptions = {}): Figure {
  if (!isDiscriminationGrid(grid)) throw new TypeError("discriminationGridPlot: pass the result of intervalDiscriminationGrid(model) or delayedDiscriminationGrid(model).");
  if (grid.cells.length === 0) throw new Error("discriminationGridPlot: the grid has no cells.");
  const delayed = grid.kind === "delayed-discrimination-grid";
  // values with a trained cell first, so the trained region is one block (delayed grids code
  // b = f1·100 + f2, whose plain order interleaves trained and untrained amplitude pairs)
  const trainedA = new Set(grid.cells.filter((c) => c.inTrainedRange).map((c) => c.a));
  const trainedB = new Set(grid.cells.filter((c) => c.inTrainedRange).map((c) => c.b));
  const order = (tr: Set<number>) => (p: number, q: number) => Number(!tr.has(p)) - Number(!tr.has(q)) || p - q;
  const as = [...new Set(grid.cells.map((c) => c.a))].sort(order(trainedA));
  const bs = [...new Set(grid.cells.map((c) => c.b))].sort(order(trainedB));
  const ia = new Map(as.map((v, k) => [v, k]));
  const ib = new Map(bs.map((v, k) => [v, k]));
  const bLabel = (b: number) => (delayed ? `${Math.floor(b / 100)}/${b % 100}` : String(b));
  const rows = grid.cells.map((c) => ({
    i: ia.get(c.a)!,
    j: ib.get(c.b)!,
    a: c.a,
    b: bLabel(c.b),
    response: Math.round(c.response * 1000) / 1000,
    result: c.correct ? "correct" : "wrong",
    trained: c.inTrainedRange,
  }));
  const outline = trainedOutline(rows);
  const side = (n: number) => options.cellSize ?? Math.max(3, Math.min(24, Math.floor(420 / n)));
  const ticks = (n: number) => {
    const step = Math.max(1, Math.ceil(n / 12));
    return Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
  };
  const labelExpr = (vals: string[]) => `${JSON.stringify(vals)}[datum.value] || ''`;
  const [an, bn] = grid.axes;
  const xs = { type: "quantitative", scale: { domain: [-0.5, as.length - 0.5], nice: false, zero: false } };
  const ys = { type: "quantitative", scale: { domain: [-0.5, bs.length - 0.5], nice: false, zero: false } };
  const x = { ...xs, field: "x0", title: an, axis: { values: ticks(as.length), labelExpr: labelExpr(as.map(String)), grid: false } };
  const y = { ...ys, field: "y0", title: delayed ? "f1/f2 (trained pairs first)" : bn, axis: { values: ticks(bs.length), labelExpr: labelExpr(bs.map(bLabel)), grid: false } };
  const regions = Object.entries(grid.regions)
    .map(([k, r]) => `${k} ${pct(r.accuracy)}`)
    .join(" · ");
  const width = side(as.length) * as.length;
  const height = side(bs.length) * bs.length;
  const colour = { field: "result", type: "nominal", title: "answer", scale: { domain: ["correct", "wrong"], range: ["#54a24b", "#e45756"] } };
  // A large grid (the delayed one has thousands of cells) is one PNG, as in heatmap(): a rect per
  // cell made the output 2 MB; an invisible two-row layer keeps the legend. Small grids keep rects
  // (a tooltip per cell).
  const cellsLayer =
    rows.length > HEATMAP_RASTER_CELLS
      ? [
          {
            data: { values: [{ x0: -0.5, y0: bs.length - 0.5, url: rasterOf(rows, as.length, bs.length, Math.max(1, Math.ceil(width / as.length))) }] },
            mark: { type: "image", width, height, align: "left", baseline: "top", aspect: false },
            encoding: { x, y, url: { field: "url", type: "nominal" } },
          },
          {
            data: { values: [{ result: "correct" }, { result: "wrong" }] },
            mark: { type: "square", filled: true, opacity: 0 },
            encoding: { color: { ...colour, legend: { symbolOpacity: 1 } } },
          },
        ]
      : [
          {
            data: { values: rows },
            transform: [
              { calculate: "datum.i - 0.5", as: "x0" },
              { calculate: "datum.i + 0.5", as: "x1" },
              { calculate: "datum.j - 0.5", as: "y0" },
              { calculate: "datum.j + 0.5", as: "y1" },
            ],
            mark: { type: "rect", tooltip: { content: "data" } },
            encoding: { x, x2: { field: "x1" }, y, y2: { field: "y1" }, color: colour },
          },
        ];
  const vegaLite = {
    title: { text: options.title ?? `${delayed ? "Delayed" : "Interval"} discrimination — ${grid.behaviour}`, subtitle: `${regions} (trained region outlined)` },
    width,
    height,
    layer: [
      ...cellsLayer,
      {
        data: { values: outline },
        mark: { type: "rule", color: "#000", strokeWidth: 2 },
        encoding: { x: { ...xs, field: "x" }, y: { ...ys, field: "y" }, x2: { field: "x2" }, y2: { field: "y2" } },
      },
    ],
  };
  return new Figure({ kind: "heatmap", description: discriminationGridSummary(grid), vegaLite });
}

/** The cells as a PNG (row 0 of the image is the top, j = nb − 1; cells with no trial are white). */
function rasterOf(rows: ReadonlyArray<{ i: number; j: number; result: string }>, na: number, nb: number, k: number): string {
  const v = new Float64Array(na * nb).fill(NaN);
  for (const r of rows) v[(nb - 1 - r.j) * na + r.i] = r.result === "correct" ? 1 : 0;
  return blockGridToPngDataUri(v, nb, na, k, (x) => (x === 1 ? CORRECT : WRONG), [255, 255, 255]);
}

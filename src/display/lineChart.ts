/**
 * lineChart(data, options): lines over x, one per series (training curves, activity traces).
 *
 *   lineChart(lossHistory)                                  // numbers: x = step index
 *   lineChart({ train: trainLoss, test: testLoss })         // named series
 *   lineChart(rows, { x: "step", y: "loss", series: "member", yScale: "log" })
 */
import { Channel, channelLabel, isNumberArrayLike, readChannel, readNumbers } from "./channels";
import { Figure } from "./figure";
import { roundSig, sampleIndices } from "./format";

export interface LineChartOptions<T = any> {
  /** x channel for row data (default "x", or tuple index 0; the row index when rows have no x). */
  x?: Channel<T>;
  /** y channel for row data (default "y", or tuple index 1). */
  y?: Channel<T>;
  /** Groups rows into one line per distinct value (coloured, with a legend). */
  series?: Channel<T>;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Legend title for the series (default "series"). */
  seriesLabel?: string;
  /** Plot area in pixels (default 480 × 260). */
  width?: number;
  height?: number;
  /** y scale (default "linear"); "log" requires y > 0. */
  yScale?: "linear" | "log" | "symlog";
  /** Fixed y range. */
  yDomain?: [number, number];
  /** Draw a dot at each point (default false). */
  points?: boolean;
  /** Down-samples each series to at most this many points, keeping both ends (default 2000). */
  maxPoints?: number;
}

export type LineChartData<T> = ArrayLike<number> | Readonly<Record<string, ArrayLike<number>>> | readonly T[];

interface Row {
  x: number;
  y: number;
  series?: string;
}

function rowsFrom<T>(data: LineChartData<T>, o: LineChartOptions<T>): { rows: Row[]; sourceLength: number; named: boolean } {
  if (isNumberArrayLike(data)) {
    const ys = Array.from(data as ArrayLike<number>);
    return { rows: ys.map((y, x) => ({ x, y })), sourceLength: ys.length, named: false };
  }
  if (!Array.isArray(data) && data && typeof data === "object" && !ArrayBuffer.isView(data)) {
    const rows: Row[] = [];
    let n = 0;
    for (const [name, ys] of Object.entries(data as Record<string, ArrayLike<number>>)) {
      if (!isNumberArrayLike(ys)) throw new TypeError(`lineChart: series "${name}" must be an array of numbers.`);
      Array.from(ys).forEach((y, x) => rows.push({ x, y, series: name }));
      n = Math.max(n, ys.length);
    }
    return { rows, sourceLength: n, named: true };
  }
  if (!Array.isArray(data)) {
    throw new TypeError("lineChart(data): data must be numbers, {seriesName: numbers}, or an array of rows.");
  }
  const arr = data as readonly T[];
  const tuple = arr.length > 0 && Array.isArray(arr[0]);
  const hasX = o.x !== undefined || tuple || (arr.length > 0 && typeof arr[0] === "object" && arr[0] !== null && "x" in (arr[0] as object));
  const xs = hasX ? readNumbers(arr, o.x ?? (tuple ? 0 : "x"), "x") : arr.map((_, i) => i);
  const ys = readNumbers(arr, o.y ?? (tuple ? 1 : "y"), "y");
  const ss = o.series !== undefined ? readChannel(arr, o.series, "series").map(String) : undefined;
  return { rows: arr.map((_, i) => ({ x: xs[i], y: ys[i], ...(ss ? { series: ss[i] } : {}) })), sourceLength: arr.length, named: ss !== undefined };
}

export function lineChart<T = any>(data: LineChartData<T>, options: LineChartOptions<T> = {}): Figure {
  const o = options;
  const maxPoints = o.maxPoints ?? 2000;
  const { rows, named } = rowsFrom(data, o);
  if (o.yScale === "log" && rows.some((r) => !(r.y > 0))) {
    throw new RangeError('lineChart: yScale "log" needs every y > 0; use yScale "symlog" for data with zeros or negatives.');
  }
  // Down-sample per series so each line keeps its shape and both ends.
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r.series ?? "";
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const values: Record<string, unknown>[] = [];
  let thinned = false;
  for (const [k, g] of groups) {
    const idx = sampleIndices(g.length, maxPoints);
    thinned ||= idx.length < g.length;
    for (const i of idx) {
      const r = g[i];
      values.push({ x: roundSig(r.x), y: roundSig(r.y), ...(named ? { series: k } : {}) });
    }
  }
  const xLabel = o.xLabel ?? (Array.isArray(data) && !isNumberArrayLike(data) ? channelLabel(o.x, "x") : "step");
  const yLabel = o.yLabel ?? (Array.isArray(data) && !isNumberArrayLike(data) ? channelLabel(o.y, "y") : "value");
  const spec: Record<string, unknown> = {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 480,
    height: o.height ?? 260,
    data: { values },
    mark: { type: "line", point: o.points ?? false, tooltip: true, clip: o.yDomain !== undefined },
    encoding: {
      x: { field: "x", type: "quantitative", title: xLabel, scale: { zero: false } },
      y: {
        field: "y",
        type: "quantitative",
        title: yLabel,
        scale: { type: o.yScale ?? "linear", zero: false, ...(o.yDomain ? { domain: o.yDomain } : {}) },
      },
      ...(named ? { color: { field: "series", type: "nominal", title: o.seriesLabel ?? "series" } } : {}),
    },
  };
  const desc =
    `Line chart${o.title ? ` "${o.title}"` : ""}: ${groups.size} series, ${rows.length} points` +
    `${thinned ? ` (down-sampled to ≤${maxPoints} per series)` : ""}; ${yLabel} vs ${xLabel}`;
  return new Figure({ kind: "line", description: desc, vegaLite: spec });
}

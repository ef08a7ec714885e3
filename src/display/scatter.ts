/**
 * scatter(data, options): points in 2-D, optionally coloured by a value or a category.
 *
 *   scatter(pcs, { x: 0, y: 1 })                              // tuples
 *   scatter(rows, { x: "pc1", y: "pc2", color: "coherence" })
 */
import { Channel, channelLabel, readChannel, readNumbers } from "./channels";
import { Figure } from "./figure";
import { roundSig, sampleIndices } from "./format";

export interface ScatterOptions<T = any> {
  /** x channel (default "x", or tuple index 0). */
  x?: Channel<T>;
  /** y channel (default "y", or tuple index 1). */
  y?: Channel<T>;
  /** Colour by this value: numbers use a continuous scale, anything else a categorical one. */
  color?: Channel<T>;
  /** Point area in square pixels (default 30). */
  size?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  colorLabel?: string;
  /** Plot area in pixels (default 420 × 320). */
  width?: number;
  height?: number;
  /** Continuous colour scheme (vega scheme name, default "viridis"). */
  colorScheme?: string;
  /** Keeps at most this many points, evenly spaced through the data (default 5000). */
  maxPoints?: number;
}

export function scatter<T = any>(data: readonly T[], options: ScatterOptions<T> = {}): Figure {
  const o = options;
  if (!Array.isArray(data)) throw new TypeError("scatter(data): data must be an array of rows or [x, y] tuples.");
  const tuple = data.length > 0 && Array.isArray(data[0]);
  const xs = readNumbers(data, o.x ?? (tuple ? 0 : "x"), "x");
  const ys = readNumbers(data, o.y ?? (tuple ? 1 : "y"), "y");
  const cs = o.color !== undefined ? readChannel(data, o.color, "color") : undefined;
  const numericColor = cs !== undefined && cs.every((c) => typeof c === "number");
  const maxPoints = o.maxPoints ?? 5000;
  const idx = sampleIndices(data.length, maxPoints);
  const values = idx.map((i) => ({
    x: roundSig(xs[i]),
    y: roundSig(ys[i]),
    ...(cs ? { c: numericColor ? roundSig(cs[i] as number) : String(cs[i]) } : {}),
  }));
  const xLabel = o.xLabel ?? channelLabel(o.x, "x");
  const yLabel = o.yLabel ?? channelLabel(o.y, "y");
  const colorLabel = o.colorLabel ?? channelLabel(o.color, "color");
  const spec = {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 420,
    height: o.height ?? 320,
    data: { values },
    mark: { type: "point", filled: true, size: o.size ?? 30, tooltip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: xLabel, scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: yLabel, scale: { zero: false } },
      ...(cs
        ? {
            color: numericColor
              ? { field: "c", type: "quantitative", title: colorLabel, scale: { scheme: o.colorScheme ?? "viridis" } }
              : { field: "c", type: "nominal", title: colorLabel },
          }
        : {}),
    },
  };
  const desc =
    `Scatter${o.title ? ` "${o.title}"` : ""}: ${data.length} points${idx.length < data.length ? ` (${idx.length} shown)` : ""}` +
    `; ${yLabel} vs ${xLabel}${cs ? `, colour = ${colorLabel}` : ""}`;
  return new Figure({ kind: "scatter", description: desc, vegaLite: spec });
}

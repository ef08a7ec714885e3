/**
 * Dense maps (q maps, loss slices, large heatmaps) as one PNG image inside the vega-lite chart: a
 * 150×150 map as rect marks would make multi-megabyte SVGs, a PNG data URI is a few kilobytes.
 */
import { deflateSync } from "node:zlib";
import { crc32 } from "../io/zip";

/** Viridis anchors (matplotlib), interpolated linearly. */
const VIRIDIS = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];
const GREYS = [[250, 250, 250], [20, 20, 20]];

export type Colormap = "viridis" | "greys";

export function colorAt(t: number, map: Colormap = "viridis"): [number, number, number] {
  const a = map === "greys" ? GREYS : VIRIDIS;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (a.length - 1);
  const i = Math.min(a.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(a[i]![k]! * (1 - f) + a[i + 1]![k]! * f)) as [number, number, number];
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGB pixels (row-major, top row first) → PNG bytes. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (3 * width + 1)] = 0;
    raw.set(rgb.subarray(3 * width * y, 3 * width * (y + 1)), y * (3 * width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/**
 * A row-major [rows][cols] grid whose row 0 is the *bottom* (y ascending) as a PNG data URI,
 * coloured over [lo, hi]; `overlay(r, c)` may return a colour that replaces the map's.
 */
export function gridToPngDataUri(
  values: ArrayLike<number>,
  cols: number,
  rows: number,
  lo: number,
  hi: number,
  map: Colormap = "viridis",
  overlay?: (r: number, c: number) => [number, number, number] | null,
): string {
  const rgb = new Uint8Array(3 * cols * rows);
  const span = hi > lo ? hi - lo : 1;
  for (let r = 0; r < rows; r++) {
    const y = rows - 1 - r; // image rows go top-down
    for (let c = 0; c < cols; c++) {
      const col = overlay?.(r, c) ?? colorAt((values[r * cols + c]! - lo) / span, map);
      rgb.set(col, 3 * (y * cols + c));
    }
  }
  return `data:image/png;base64,${encodePng(rgb, cols, rows).toString("base64")}`;
}

/** Finite min and max (for the colour range), ignoring ±Infinity and NaN. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * The colour vega gives t ∈ [0, 1] in one of its continuous schemes ("blueorange", "viridis", …), as
 * RGB: a raster coloured with it matches the gradient legend vega draws for the same scale.
 */
export function vegaSchemeColor(scheme: string): (t: number) => [number, number, number] {
  const vega = require("vega");
  const interp = vega.scheme(scheme);
  if (typeof interp !== "function") throw new Error(`no continuous vega colour scheme named "${scheme}"; use e.g. "viridis" or "blueorange".`);
  return (t: number) => {
    // vega's interpolators return "rgb(r, g, b)" strings.
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(String(interp(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)))));
    if (!m) throw new Error(`vega colour scheme "${scheme}" gave an unexpected colour: ${interp(t)}`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
}

/**
 * A row-major grid (row 0 on top) as a PNG data URI with each cell drawn as a k×k block of pixels:
 * blocks stay sharp in every viewer (no reliance on image smoothing being off) and compress well.
 * Non-finite cells get `missing` (light grey by default).
 */
export function blockGridToPngDataUri(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
  color: (v: number) => [number, number, number],
  missing: [number, number, number] = [230, 230, 230],
): string {
  const w = cols * k, h = rows * k;
  const rgb = new Uint8Array(3 * w * h);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c]!;
      const col: [number, number, number] = Number.isFinite(v) ? color(v) : missing;
      for (let dy = 0; dy < k; dy++) {
        const row = (r * k + dy) * w;
        for (let dx = 0; dx < k; dx++) rgb.set(col, 3 * (row + c * k + dx));
      }
    }
  }
  return `data:image/png;base64,${encodePng(rgb, w, h).toString("base64")}`;
}

/** Normalises the matrix-like values we display (nested arrays, {data, shape}, ml-matrix) to one grid. */
import { isNumberArrayLike, isNumberGrid } from "./channels";

/** A row-major numeric grid. */
export interface Grid {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** `{ data, shape }` with a flat row-major array, as produced by runModel and the io readers. */
export interface ShapedArray {
  data: ArrayLike<number>;
  shape: readonly number[];
}

export function isShapedArray(v: unknown): v is ShapedArray {
  if (v == null || typeof v !== "object") return false;
  const s = (v as any).shape;
  const d = (v as any).data;
  return (
    Array.isArray(s) &&
    s.every((n) => Number.isInteger(n) && n >= 0) &&
    isNumberArrayLike(d) &&
    d.length === s.reduce((a: number, b: number) => a * b, 1)
  );
}

/** ml-matrix Matrix (and look-alikes), detected without loading ml-matrix. */
export function isMatrixLike(v: unknown): v is { rows: number; columns: number; get(i: number, j: number): number; to2DArray(): number[][] } {
  return (
    v != null &&
    typeof v === "object" &&
    typeof (v as any).rows === "number" &&
    typeof (v as any).columns === "number" &&
    typeof (v as any).get === "function" &&
    typeof (v as any).to2DArray === "function"
  );
}

/** Accepts number[][], typed-array rows, {data, shape: [r, c]} or an ml-matrix Matrix. */
export function toGrid(v: unknown, who = "heatmap(data)"): Grid {
  if (isMatrixLike(v)) {
    const out = new Float64Array(v.rows * v.columns);
    for (let i = 0; i < v.rows; i++) for (let j = 0; j < v.columns; j++) out[i * v.columns + j] = v.get(i, j);
    return { rows: v.rows, cols: v.columns, data: out };
  }
  if (isShapedArray(v)) {
    if (v.shape.length !== 2) throw new TypeError(`${who}: shape must be [rows, cols], got [${v.shape.join(", ")}].`);
    return { rows: v.shape[0], cols: v.shape[1], data: Float64Array.from(v.data) };
  }
  if (isNumberGrid(v)) {
    const rows = v.length;
    const cols = v[0].length;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) out.set(Array.from(v[i]), i * cols);
    return { rows, cols, data: out };
  }
  throw new TypeError(`${who}: expected number[][] with equal-length rows, {data, shape: [rows, cols]}, or an ml-matrix Matrix.`);
}

/** Mean-pools a grid so that neither side exceeds `maxSide` (keeps structure, unlike striding). */
export function poolGrid(g: Grid, maxSide: number): Grid {
  const fr = Math.ceil(g.rows / maxSide);
  const fc = Math.ceil(g.cols / maxSide);
  if (fr <= 1 && fc <= 1) return g;
  const rows = Math.ceil(g.rows / fr);
  const cols = Math.ceil(g.cols / fc);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      let n = 0;
      for (let a = i * fr; a < Math.min(g.rows, (i + 1) * fr); a++) {
        for (let b = j * fc; b < Math.min(g.cols, (j + 1) * fc); b++) {
          const x = g.data[a * g.cols + b];
          if (Number.isFinite(x)) {
            s += x;
            n++;
          }
        }
      }
      out[i * cols + j] = n ? s / n : NaN;
    }
  }
  return { rows, cols, data: out };
}

export function gridStats(data: ArrayLike<number>): { min: number; max: number; mean: number; finite: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    finite++;
  }
  return { min, max, mean: finite ? sum / finite : NaN, finite };
}

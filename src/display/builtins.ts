/**
 * Built-in renderers for types rnn-atlas does not own; each returns a Figure. Detection is by duck
 * typing, so nothing heavy (arquero, TF.js, ml-matrix) is loaded to decide; priorities are negative
 * so that user renderers win.
 */
import { Figure } from "./figure";
import { formatNumber } from "./format";
import { escapeHtml } from "./policy";
import { Grid, gridStats, isMatrixLike, isShapedArray, toGrid } from "./matrix";
import { isNumberGrid } from "./channels";
import { heatmap } from "./heatmap";
import { registerRenderer } from "./registry";

/** Rows shown by the table renderer. */
export const TABLE_ROW_LIMIT = 20;

export function isArqueroTable(v: unknown): boolean {
  const t = v as any;
  return (
    t != null &&
    typeof t === "object" &&
    typeof t.toHTML === "function" &&
    typeof t.numRows === "function" &&
    typeof t.numCols === "function" &&
    typeof t.columnNames === "function" &&
    typeof t.objects === "function"
  );
}

export function renderArqueroTable(t: any): Figure {
  const rows: number = t.numRows();
  const cols: number = t.numCols();
  const names: string[] = t.columnNames();
  const shown = Math.min(rows, TABLE_ROW_LIMIT);
  const objs: Record<string, unknown>[] = t.objects({ limit: shown });
  const cell = (v: unknown) => (typeof v === "number" ? formatNumber(v) : v == null ? "" : String(v));
  const widths = names.map((n) => Math.min(24, Math.max(n.length, ...objs.map((o) => cell(o[n]).length))));
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, 24).padStart(widths[i])).join("  ");
  const more = rows > shown ? `\n… ${rows - shown} more rows` : "";
  const text = `Table: ${rows} rows × ${cols} columns\n` + [line(names), ...objs.map((o) => line(names.map((n) => cell(o[n]))))].join("\n") + more;
  const html =
    `<div><div style="font:12px sans-serif;color:#666">${rows} rows × ${cols} columns` +
    `${rows > shown ? ` (first ${shown} shown)` : ""}</div>${t.toHTML({ limit: shown })}</div>`;
  return new Figure({ kind: "table", description: text, html });
}

export function isTfTensor(v: unknown): boolean {
  const t = v as any;
  return (
    t != null &&
    typeof t === "object" &&
    Array.isArray(t.shape) &&
    typeof t.dtype === "string" &&
    typeof t.dataSync === "function" &&
    typeof t.dataId === "object" &&
    typeof t.isDisposed === "boolean"
  );
}

/** Short preview of a flat array laid out with `shape`: at most `edge` items per axis end. */
export function previewArray(data: ArrayLike<number | string>, shape: readonly number[], edge = 3): string {
  const fmt = (v: number | string) => (typeof v === "number" ? formatNumber(v) : JSON.stringify(v));
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const rec = (axis: number, offset: number, indent: string): string => {
    if (shape.length === 0) return fmt(data[0]);
    const n = shape[axis];
    const idx = n <= 2 * edge ? [...Array(n).keys()] : [...Array(edge).keys(), -1, ...Array.from({ length: edge }, (_, k) => n - edge + k)];
    if (axis === shape.length - 1) return "[" + idx.map((i) => (i < 0 ? "…" : fmt(data[offset + i]))).join(", ") + "]";
    const inner = idx.map((i) => (i < 0 ? indent + " …" : indent + " " + rec(axis + 1, offset + i * strides[axis], indent + " ")));
    return "[\n" + inner.join(",\n") + "\n" + indent + "]";
  };
  return rec(0, 0, "");
}

function statsLine(data: ArrayLike<number>): string {
  const s = gridStats(data);
  if (s.finite === 0) return "no finite values";
  const nonFinite = data.length - s.finite;
  return `min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, mean ${formatNumber(s.mean)}${nonFinite ? `, ${nonFinite} non-finite` : ""}`;
}

/**
 * Text + (for 2-D numeric data with at least 2 rows and columns) a heatmap. The heatmap is titled with
 * `title` (kind, dtype and shape): viewers show the picture instead of the text, and a reader should
 * still see what the value is.
 */
function withHeatmap(text: string, grid: Grid | null, title: string): Figure {
  if (!grid || grid.rows < 2 || grid.cols < 2) return preformatted(text);
  return heatmap({ data: grid.data, shape: [grid.rows, grid.cols] }, { title }).withDescription(text);
}

/** Text shown as is, also as <pre> HTML (viewers that prefer HTML keep the layout). */
function preformatted(text: string): Figure {
  return new Figure({ kind: "text", description: text, html: `<pre>${escapeHtml(text)}</pre>` });
}

export function renderTfTensor(t: any): Figure {
  const shape: number[] = t.shape;
  const head = `Tensor ${t.dtype} [${shape.join(", ")}]`;
  if (t.isDisposed) return new Figure({ kind: "text", description: `${head} (disposed)` });
  // dataSync reads values without creating tensors, so displaying never leaks memory.
  const data = t.dataSync() as ArrayLike<number | string>;
  if (t.dtype === "string" || t.dtype === "complex64") {
    const preview = t.dtype === "string" ? previewArray(Array.from(data as ArrayLike<any>, (v) => String(v instanceof Uint8Array ? Buffer.from(v).toString() : v)), shape) : "(complex values not previewed)";
    return new Figure({ kind: "text", description: `${head}\n${preview}` });
  }
  const nums = data as ArrayLike<number>;
  const text = `${head}  ${statsLine(nums)}\n${previewArray(nums, shape)}`;
  return withHeatmap(text, shape.length === 2 ? { rows: shape[0], cols: shape[1], data: Float64Array.from(nums) } : null, head);
}

const TYPED_NAMES = ["Float32Array", "Float64Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint16Array", "Uint32Array", "Uint8ClampedArray"];

export function isNumericTypedArray(v: unknown): boolean {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !Buffer.isBuffer(v) && TYPED_NAMES.includes(v.constructor.name);
}

export function renderTypedArray(a: ArrayLike<number> & { constructor: { name: string } }): Figure {
  return preformatted(`${a.constructor.name}(${a.length})  ${statsLine(a)}\n${previewArray(a, [a.length], 5)}`);
}

/** Matrices: {data, shape}, rectangular number[][] (≥ 2 rows) and ml-matrix Matrix. */
export function isMatrixValue(v: unknown): boolean {
  if (isMatrixLike(v)) return true;
  if (isShapedArray(v)) return true;
  return isNumberGrid(v) && v.length >= 2 && v[0].length >= 1 && Array.from(v).every((r) => Array.from(r).every((x) => typeof x === "number"));
}

export function renderMatrix(v: unknown): Figure {
  if (isShapedArray(v) && v.shape.length !== 2) {
    return preformatted(`Array [${v.shape.join(", ")}]  ${statsLine(v.data)}\n${previewArray(v.data, v.shape)}`);
  }
  const g = toGrid(v, "matrix renderer");
  const kind = isMatrixLike(v) ? "Matrix" : isShapedArray(v) ? "Array" : "number[][]";
  const head = `${kind} ${g.rows}×${g.cols}`;
  const text = `${head}  ${statsLine(g.data)}\n${previewArray(g.data, [g.rows, g.cols])}`;
  return withHeatmap(text, g, head);
}

/** The built-in entries of the registry (kinds "arquero-table", "tfjs-tensor", "matrix", "typed-array"). */
export const BUILTIN_RENDERERS: readonly { kind: string; priority: number; match: (v: unknown) => boolean; render: (v: any) => Figure }[] = [
  { kind: "arquero-table", priority: -10, match: isArqueroTable, render: renderArqueroTable },
  { kind: "tfjs-tensor", priority: -10, match: isTfTensor, render: renderTfTensor },
  { kind: "matrix", priority: -20, match: isMatrixValue, render: renderMatrix },
  { kind: "typed-array", priority: -30, match: isNumericTypedArray, render: renderTypedArray },
];

let installed = false;

/** Registers the built-in renderers once. */
export function registerBuiltinRenderers(): void {
  if (installed) return;
  installed = true;
  for (const r of BUILTIN_RENDERERS) registerRenderer(r);
}

/**
 * confusionMatrixPlot(matrix, labels): a confusion matrix (rows = true class, columns = predicted)
 * normalised per row, each cell showing its share and count.
 *
 *   confusionMatrixPlot([[8, 2], [1, 9]], ["LC", "FP"])
 */
import { Figure } from "../../display/figure";

export interface ConfusionMatrixPlotOptions {
  title?: string;
  /** Axis titles (default "true" and "predicted"). */
  rowLabel?: string;
  colLabel?: string;
  /** Column labels when they differ from the row labels. */
  colLabels?: ReadonlyArray<string>;
}

/** Rows divided by their sums (an empty row stays 0). */
export function rowNormalise(m: ReadonlyArray<ReadonlyArray<number>>): number[][] {
  return m.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s > 0 ? v / s : 0));
  });
}

export function confusionMatrixPlot(matrix: ReadonlyArray<ReadonlyArray<number>>, labels: ReadonlyArray<string>, options: ConfusionMatrixPlotOptions = {}): Figure {
  const who = "confusionMatrixPlot";
  if (!Array.isArray(matrix) || matrix.length === 0 || !matrix.every((r) => Array.isArray(r))) throw new TypeError(`${who}: pass the matrix as number[][] (rows = true class).`);
  const cols = options.colLabels ?? labels;
  if (labels.length !== matrix.length) throw new RangeError(`${who}: ${matrix.length} rows but ${labels.length} labels; pass one label per row.`);
  for (const [i, r] of matrix.entries()) {
    if (r.length !== cols.length) throw new RangeError(`${who}: row ${i} has ${r.length} values but there are ${cols.length} column labels.`);
    for (const v of r) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${who}: counts must be finite and ≥ 0 (row ${i} has ${v}).`);
  }
  const norm = rowNormalise(matrix);
  const rows: { row: string; col: string; count: number; share: number; label: string }[] = [];
  matrix.forEach((r, i) =>
    r.forEach((v: number, j: number) => {
      const s = norm[i]![j]!;
      rows.push({ row: labels[i]!, col: cols[j]!, count: v, share: Math.round(s * 1000) / 1000, label: `${Math.round(s * 100)} %${Number.isInteger(v) ? ` (${v})` : ""}` });
    }),
  );
  let diag = 0;
  let total = 0;
  matrix.forEach((r, i) => r.forEach((v: number, j: number) => ((total += v), cols[j] === labels[i] && (diag += v))));
  const acc = total > 0 ? diag / total : NaN;
  const side = Math.max(160, Math.min(480, 60 * Math.max(labels.length, cols.length)));
  const x = { field: "col", type: "nominal", sort: [...cols], title: options.colLabel ?? "predicted" };
  const y = { field: "row", type: "nominal", sort: [...labels], title: options.rowLabel ?? "true" };
  const vegaLite = {
    title: { text: options.title ?? "Confusion matrix (row-normalised)", subtitle: Number.isFinite(acc) ? `accuracy ${(acc * 100).toFixed(1)} % of ${total}` : "" },
    width: side,
    height: side,
    data: { values: rows },
    encoding: { x, y },
    layer: [
      { mark: { type: "rect", tooltip: true }, encoding: { color: { field: "share", type: "quantitative", title: "row share", scale: { scheme: "blues", domain: [0, 1] } } } },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: { text: { field: "label" }, color: { condition: { test: "datum.share > 0.5", value: "white" }, value: "black" } },
      },
    ],
  };
  return new Figure({ kind: "heatmap", description: `Confusion matrix ${labels.length}×${cols.length}: accuracy ${Number.isFinite(acc) ? (acc * 100).toFixed(1) + " %" : "n/a"} of ${total}`, vegaLite });
}

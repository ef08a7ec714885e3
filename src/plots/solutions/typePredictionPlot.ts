/**
 * typePredictionPlot(result): the row-normalised confusion matrix of a TypePrediction, averaged over
 * its splits (the paper's figure), titled with κ̄ ± SD over the splits and the permutation baseline
 * when there is one. Cells show the mean share of a true type's test networks given each prediction.
 */
import type { TypePrediction } from "../../solutions/typePrediction";
import { Figure } from "../../display/figure";

/** Duck test (also matches a TypePrediction from another copy of the module). */
export function isTypePrediction(v: unknown): v is TypePrediction {
  const o = v as Partial<TypePrediction> | null;
  return o != null && typeof o === "object" && o.constructor?.name === "TypePrediction" && Array.isArray(o.kappas) && Array.isArray(o.confusion) && Array.isArray(o.classes);
}

export function typePredictionPlot(r: TypePrediction, options: { title?: string } = {}): Figure {
  if (!isTypePrediction(r)) throw new TypeError("typePredictionPlot: pass a predictTypes(...) result.");
  const labels = r.classes.map((c, i) => `${c} (${r.classCounts[i]})`);
  const rows = r.confusion.flatMap((row, i) =>
    row.map((v, j) => ({ true: labels[i]!, predicted: r.classes[j]!, share: Math.round(v * 1000) / 1000, label: `${Math.round(v * 100)} %` })),
  );
  const base = r.nullKappas.length ? `; chance κ̄ ${r.nullMeanKappa.toFixed(2)}, p = ${r.pValue.toPrecision(2)} (${r.nullKappas.length} permutations)` : "";
  const side = Math.max(160, Math.min(480, 60 * labels.length));
  const vegaLite = {
    title: {
      text: options.title ?? `Type from neural features: κ̄ = ${r.meanKappa.toFixed(2)} ± ${r.sdKappa.toFixed(2)}`,
      subtitle: `${r.kappas.length} stratified splits (${Math.round(r.options.testFraction * 100)} % test), ${r.used}/${r.total} networks in types ≥ ${r.options.minClassSize}${base}`,
    },
    width: side,
    height: side,
    data: { values: rows },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: r.classes, title: "predicted type" },
      y: { field: "true", type: "nominal", sort: labels, title: "true type (networks)" },
    },
    layer: [
      { mark: { type: "rect", tooltip: true }, encoding: { color: { field: "share", type: "quantitative", title: "mean row share", scale: { scheme: "greys", domain: [0, 1] } } } },
      { mark: { type: "text", fontSize: 11 }, encoding: { text: { field: "label" }, color: { condition: { test: "datum.share > 0.5", value: "white" }, value: "black" } } },
    ],
  };
  return new Figure({ kind: "heatmap", description: String(r), vegaLite });
}

/**
 * typePredictionPlot(result): the mean row-normalised confusion matrix of a TypePrediction, titled
 * with κ̄ ± SD over the splits (and the permutation baseline when there is one).
 */
import type { TypePrediction } from "../../solutions/typePrediction";
import type { Figure } from "../../display/figure";
import { confusionMatrixPlot } from "./confusionMatrixPlot";

/** Duck test (also matches a TypePrediction from another copy of the module). */
export function isTypePrediction(v: unknown): v is TypePrediction {
  const o = v as Partial<TypePrediction> | null;
  return o != null && typeof o === "object" && o.constructor?.name === "TypePrediction" && Array.isArray(o.kappas) && Array.isArray(o.confusion) && Array.isArray(o.classes);
}

export function typePredictionPlot(r: TypePrediction, options: { title?: string } = {}): Figure {
  if (!isTypePrediction(r)) throw new TypeError("typePredictionPlot: pass a predictTypes(...) result.");
  const base = r.nullKappas.length ? `, chance ${r.nullMeanKappa.toFixed(2)} (p = ${r.pValue.toPrecision(2)})` : "";
  const labels = r.classes.map((c, i) => `${c} (${r.classCounts[i]})`);
  return confusionMatrixPlot(r.confusion, labels, {
    title: options.title ?? `Type from neural features: κ̄ = ${r.meanKappa.toFixed(2)} ± ${r.sdKappa.toFixed(2)} (${r.kappas.length} splits${base})`,
    rowLabel: "true type (networks)",
    colLabel: "predicted type",
  });
}

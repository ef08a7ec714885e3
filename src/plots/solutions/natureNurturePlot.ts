/**
 * natureNurturePlot(result): the two contingency tables of a nature-vs-nurture experiment side by
 * side — type × initial weights and type × training data — with I(type; group) and its
 * permutation p-value in each title.
 */
import type { ContingencyTable, NatureNurture } from "../../solutions/natureNurture";
import { Figure } from "../../display/figure";

export function isNatureNurture(v: unknown): v is NatureNurture {
  const o = v as Partial<NatureNurture> | null;
  return o != null && typeof o === "object" && o.constructor?.name === "NatureNurture" && o.byInit != null && o.byData != null;
}

function panel(t: ContingencyTable, group: string): Record<string, unknown> {
  const values = t.rows.flatMap((r, i) => t.cols.map((c, j) => ({ group: r, type: c, count: t.counts[i]![j]! })));
  const x = { field: "type", type: "nominal", sort: t.cols, title: "solution type" };
  const y = { field: "group", type: "nominal", sort: t.rows, title: group };
  return {
    title: `type × ${group}: I = ${t.mi.toFixed(2)} bits (chance ${t.nullMeanMi.toFixed(2)}, p = ${t.pValue.toPrecision(2)})`,
    data: { values },
    width: Math.max(120, 40 * t.cols.length),
    height: Math.max(80, 24 * t.rows.length),
    encoding: { x, y },
    layer: [
      { mark: { type: "rect", tooltip: true }, encoding: { color: { field: "count", type: "quantitative", scale: { scheme: "greys" }, title: "networks" } } },
      { mark: { type: "text", fontSize: 11 }, encoding: { text: { field: "count" }, color: { condition: { test: "datum.count > 1", value: "white" }, value: "black" } } },
    ],
  };
}

export function natureNurturePlot(r: NatureNurture, options: { title?: string } = {}): Figure {
  if (!isNatureNurture(r)) throw new TypeError("natureNurturePlot: pass a natureNurture(...) result.");
  const vegaLite = {
    title: { text: options.title ?? "Nature vs nurture: does the type follow the init or the data?", subtitle: `${r.networks} networks, H(type) = ${r.typeEntropy.toFixed(2)} bits, ${r.permutations} permutations` },
    hconcat: [panel(r.byInit, "initial weights"), panel(r.byData, "training data")],
  };
  return new Figure({ kind: "heatmap", description: String(r), vegaLite });
}

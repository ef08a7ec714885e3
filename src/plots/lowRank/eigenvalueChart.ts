/** Eigenvalues of W0 and W in the complex plane, with the circle of radius g and the line Re λ = 1. */
import type { EigenSpectra } from "../../analysis/lowRank/eigenSpectra";
import { lowRankChart, MATRIX_COLORS, r4, type LowRankChart } from "./chart";

export function eigenvalueChart(e: EigenSpectra, opts: { title?: string; showDelta?: boolean } = {}): LowRankChart {
  const values: Record<string, unknown>[] = [];
  const add = (name: string, v: { re: Float64Array; im: Float64Array }) => {
    for (let i = 0; i < v.re.length; i++) values.push({ matrix: name, re: r4(v.re[i]!), im: r4(v.im[i]!) });
  };
  add("W0", e.w0);
  add("W", e.w);
  if (opts.showDelta) add("ΔW", e.delta);
  const layers: Record<string, unknown>[] = [];
  if (e.g !== undefined) {
    const circle = Array.from({ length: 121 }, (_, k) => ({ t: k, re: r4(e.g! * Math.cos((2 * Math.PI * k) / 120)), im: r4(e.g! * Math.sin((2 * Math.PI * k) / 120)) }));
    layers.push({
      data: { values: circle },
      mark: { type: "line", color: "#999", strokeDash: [3, 3] },
      encoding: { x: { field: "re", type: "quantitative" }, y: { field: "im", type: "quantitative" }, order: { field: "t" } },
    });
  }
  layers.push({
    data: { values: [{ x: 1 }] },
    mark: { type: "rule", color: "#444", strokeDash: [6, 3] },
    encoding: { x: { field: "x", type: "quantitative" } },
  });
  layers.push({
    data: { values },
    mark: { type: "point", filled: true, size: 14, opacity: 0.7 },
    encoding: {
      x: { field: "re", type: "quantitative", title: "Re λ" },
      y: { field: "im", type: "quantitative", title: "Im λ" },
      color: { field: "matrix", type: "nominal", scale: MATRIX_COLORS },
    },
  });
  const spec = { title: opts.title ?? e.label ?? "eigenvalues", width: 260, height: 260, layer: layers };
  const maxRe = (v: Float64Array) => Math.max(...Array.from(v));
  return lowRankChart(
    spec,
    `EigenSpectra${e.label ? ` (${e.label})` : ""}: ${e.w.re.length} eigenvalues; max Re λ of W0 ${maxRe(e.w0.re).toFixed(3)}, of W ${maxRe(e.w.re).toFixed(3)}${e.g !== undefined ? `; g = ${e.g}` : ""}`,
  );
}

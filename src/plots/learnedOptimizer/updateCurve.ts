/**
 * updateCurvePlot(curves): the learned optimizer's update Δx against the gradient g for one step from
 * a fixed state (updateVsGradient), one line per curve, with the linear response −lr_eff·g drawn where
 * it stays within the plot: clipping shows as the curve levelling off while the line goes on.
 *
 *   updateCurvePlot(updateVsGradient(opt, { state: fp.state }))
 *   updateCurvePlot([{ label: "learned", curve: a }, { label: "clipped SGD", curve: b }])
 */
import type { Figure } from "../../display/figure";
import { lineChart } from "../../display/lineChart";
import { UPDATE_CURVE_KIND, type UpdateCurve } from "../../analysis/learnedOptimizer/updateCurve";

export function isUpdateCurve(v: unknown): v is UpdateCurve {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === UPDATE_CURVE_KIND;
}

export function updateCurvePlot(curves: UpdateCurve | readonly { label: string; curve: UpdateCurve }[], options: { title?: string; linear?: boolean } = {}): Figure {
  const list = Array.isArray(curves) ? (curves as readonly { label: string; curve: UpdateCurve }[]) : [{ label: "update", curve: curves as UpdateCurve }];
  if (list.length === 0 || list.some((c) => !isUpdateCurve(c.curve))) throw new Error("updateCurvePlot: expected an UpdateCurve (updateVsGradient(...)) or a list of { label, curve }.");
  const rows: { gradient: number; update: number; series: string }[] = [];
  let ymax = 0;
  for (const { curve } of list) for (const u of curve.updates) ymax = Math.max(ymax, Math.abs(u));
  for (const { label, curve } of list) {
    curve.gradients.forEach((g, k) => rows.push({ gradient: g, update: curve.updates[k]!, series: label }));
    if (options.linear ?? true) {
      for (const g of curve.gradients) if (Math.abs(curve.slope0 * g) <= 1.2 * ymax) rows.push({ gradient: g, update: -curve.slope0 * g, series: `${label}: linear −lr_eff·g` });
    }
  }
  const c0 = list[0]!.curve;
  return lineChart(rows, { x: "gradient", y: "update", series: "series", title: options.title ?? "Update vs gradient (one step from the optimizer state)", xLabel: "gradient g", yLabel: "update Δx", seriesLabel: "curve" }).withDescription(
    `Update vs gradient: ${list.length} curve${list.length === 1 ? "" : "s"}; first: lr_eff ${c0.slope0.toPrecision(3)} at g = 0, |Δx| ${c0.saturation.toPrecision(3)} at the largest |g| (${(100 * c0.linearity).toFixed(1)} % of the linear response)`,
  );
}

/**
 * lrAdaptationPlot(a): effective learning rate after a drive of gradients of scale s against s
 * (lrAdaptation), log–log, with dots.
 */
import type { Figure } from "../../display/figure";
import { lineChart } from "../../display/lineChart";
import { LR_ADAPTATION_KIND, type LrAdaptation } from "../../analysis/learnedOptimizer/adaptation";

export function isLrAdaptation(v: unknown): v is LrAdaptation {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === LR_ADAPTATION_KIND;
}

export function lrAdaptationPlot(a: LrAdaptation, options: { title?: string } = {}): Figure {
  if (!isLrAdaptation(a)) throw new Error("lrAdaptationPlot: expected the result of lrAdaptation(...).");
  const rows = Array.from(a.scales, (s, k) => ({ scale: Math.log10(s), lr: a.lr[k]! }));
  const log = rows.every((r) => r.lr > 0);
  return lineChart(rows, { x: "scale", y: "lr", points: true, yScale: log ? "log" : "linear", title: options.title ?? `Learning-rate adaptation (${a.steps} steps of ±s gradients, ${a.samples} drives)`, xLabel: "log10 gradient scale s", yLabel: "lr_eff after the drive" });
}

/** Shared pieces of the low-rank charts: a composite vega-lite chart as a Figure, rounding, colours. */
import { Figure } from "../../display/figure";
import type { VegaLiteSpec } from "../../display/vega";

/** A composite vega-lite chart (layers, panels) as a Figure. */
export function lowRankChart(spec: VegaLiteSpec, description: string): Figure {
  return new Figure({ kind: "chart", description, vegaLite: spec });
}

/** Rounds to 4 significant digits to keep notebooks small. */
export function r4(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : null;
}

export const MATRIX_COLORS = { domain: ["W0", "W", "ΔW"], range: ["#888888", "#1f77b4", "#d62728"] };

/**
 * A vega-lite chart as a displayable value: shows itself in tslab (spec + static SVG), keeps the spec
 * for tests and export.
 */
import { JUPYTER_DISPLAY, type MimeBundle, type MaybePromise } from "../../display/mime";
import { vegaLiteBundleMaybeSync, type VegaLiteSpec } from "../../display/vega";

export interface LowRankChart {
  readonly spec: VegaLiteSpec;
  readonly text: string;
  [JUPYTER_DISPLAY](): MaybePromise<MimeBundle>;
}

export function lowRankChart(spec: VegaLiteSpec, text: string): LowRankChart {
  return {
    spec,
    text,
    [JUPYTER_DISPLAY]: () => vegaLiteBundleMaybeSync(spec, text),
  };
}

/** Rounds to 4 significant digits to keep notebooks small. */
export function r4(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : null;
}

export const MATRIX_COLORS = { domain: ["W0", "W", "ΔW"], range: ["#888888", "#1f77b4", "#d62728"] };

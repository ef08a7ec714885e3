/**
 * linearisationErrorPlot(comparison, options): how well the linearisation around a fixed point
 * predicts the network, against time: ‖x_true(t) − x_lin(t)‖ and the distance ‖x_true(t) − x*‖
 * (both from `lineariseAndCompare`), on a log scale.
 *
 *   linearisationErrorPlot(lineariseAndCompare(model, fps, 0, { steps: 40 }))
 *   linearisationErrorPlot({ "stable 0": cmpA, "saddle 3": cmpB }, { relative: true })
 */
import type { LinearisationComparison } from "../analysis/fixedPoints/linearise";
import { Figure } from "../display/figure";
import { lineChart } from "../display/lineChart";

export interface LinearisationErrorOptions {
  /** Divide by ‖δ₀‖ (the initial offset), so runs with different offsets compare. Default false. */
  relative?: boolean;
  /** Also draw the distance from the fixed point (default true). */
  showDistance?: boolean;
  title?: string;
  width?: number;
  height?: number;
}

/** Duck test for a `lineariseAndCompare` result. */
export function isLinearisationComparison(v: unknown): v is LinearisationComparison {
  const o = v as Partial<LinearisationComparison> | null;
  return (
    o != null &&
    typeof o === "object" &&
    typeof o.steps === "number" &&
    o.error instanceof Float64Array &&
    o.relativeError instanceof Float64Array &&
    o.distance instanceof Float64Array &&
    o.trueStates instanceof Float64Array &&
    o.linearStates instanceof Float64Array
  );
}

export function linearisationErrorPlot(
  comparison: LinearisationComparison | Readonly<Record<string, LinearisationComparison>>,
  options: LinearisationErrorOptions = {},
): Figure {
  const entries: [string, LinearisationComparison][] = isLinearisationComparison(comparison)
    ? [["", comparison]]
    : Object.entries(comparison as Record<string, LinearisationComparison>);
  if (entries.length === 0) throw new Error("linearisationErrorPlot: no comparisons given.");
  const rows: { t: number; v: number; s: string }[] = [];
  for (const [name, c] of entries) {
    if (!isLinearisationComparison(c)) {
      throw new Error(`linearisationErrorPlot: "${name}" is not a lineariseAndCompare(...) result.`);
    }
    const rel = options.relative ?? false;
    // ‖δ₀‖ is error/relativeError at any step with error > 0; 1 when nothing differs.
    const k = Array.from(c.error).findIndex((e, i) => e > 0 && c.relativeError[i]! > 0);
    const d0 = k >= 0 ? c.error[k]! / c.relativeError[k]! : 1;
    const prefix = name ? `${name}: ` : "";
    // Log scale: zeros are left out, and so is t = 0, where the error is zero up to rounding.
    for (let t = 1; t <= c.steps; t++) {
      const e = rel ? c.relativeError[t]! : c.error[t]!;
      if (e > 0 && Number.isFinite(e)) rows.push({ t, v: e, s: `${prefix}‖x − x_lin‖` });
    }
    if (options.showDistance ?? true) {
      for (let t = 0; t <= c.steps; t++) {
        const d = rel ? c.distance[t]! / d0 : c.distance[t]!;
        if (d > 0 && Number.isFinite(d)) rows.push({ t, v: d, s: `${prefix}‖x − x*‖` });
      }
    }
  }
  if (rows.length === 0) throw new Error("linearisationErrorPlot: every value is zero or non-finite; nothing to draw on a log scale.");
  return lineChart(rows, {
    x: "t",
    y: "v",
    series: "s",
    yScale: "log",
    title: options.title ?? "Linearisation error vs time",
    xLabel: "step",
    yLabel: options.relative ? "relative to ‖δ₀‖" : "distance (state units)",
    seriesLabel: "",
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
  });
}

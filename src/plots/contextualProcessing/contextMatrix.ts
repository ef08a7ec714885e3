/**
 * contextMatrixPlot(effects): the contextual-effect matrix of `contextualEffects` (tokens × lag) as a
 * heatmap of the effect gain − 1, diverging around 0 (no effect): "not" shows −2 over its span,
 * an intensifier a positive band, ordinary words nothing.
 */
import type { ContextualEffects } from "../../analysis/contextualProcessing/contextualEffects";
import { Figure } from "../../display/figure";
import { heatmap } from "../../display/heatmap";

export interface ContextMatrixPlotOptions {
  title?: string;
  /** Plot the gain instead of the effect (gain − 1). */
  gain?: boolean;
}

/** Duck test for a ContextualEffects record. */
export function isContextualEffects(v: unknown): v is ContextualEffects {
  const o = v as Partial<ContextualEffects> | null;
  return o != null && typeof o === "object" && Array.isArray(o.tokens) && Array.isArray(o.names) && Array.isArray(o.lags) &&
    Array.isArray(o.gain) && Array.isArray(o.effect) && o.effect.length === o.tokens.length && o.names.length === o.tokens.length &&
    o.effect.every((row) => Array.isArray(row) && row.length === o.lags!.length);
}

export function contextMatrixPlot(e: ContextualEffects, options: ContextMatrixPlotOptions = {}): Figure {
  if (!isContextualEffects(e)) throw new Error("contextMatrixPlot: expected a ContextualEffects record {tokens, names, lags, gain, effect} (from contextualEffects).");
  const grid = options.gain ? e.gain : e.effect;
  const base = heatmap(grid, {
    title: options.title ?? "Contextual effect of each token on the words that follow",
    xLabel: "lag (words after the token)", yLabel: "token", colorLabel: options.gain ? "gain" : "effect (gain − 1)",
  });
  const spec = JSON.parse(JSON.stringify(base.vegaLite)) as Record<string, any>;
  const peak = Math.max(...grid.flat().map(Math.abs));
  const description = `Contextual-effect matrix: ${e.tokens.length} tokens × ${e.lags.length} lags, largest |${options.gain ? "gain" : "effect"}| ${Number(peak.toPrecision(3))}`;
  if (!spec.data) return new Figure({ kind: "heatmap", description, vegaLite: spec });
  // Name the rows by token and the columns by lag; `sort: null` keeps the given order.
  spec.data.values = spec.data.values.map((v: { r: number; c: number; v: number | null }) => ({ ...v, r: e.names[v.r], c: e.lags[v.c] }));
  spec.encoding.x = { ...spec.encoding.x, sort: null, axis: { labelAngle: 0 } };
  spec.encoding.y = { ...spec.encoding.y, sort: null };
  return new Figure({ kind: "heatmap", description, vegaLite: spec });
}

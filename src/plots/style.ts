/** Colours, rounding and small spec pieces shared by the plots (drawing only, no analysis). */
import { roundSig } from "../display/format";

export { roundSig };

/** Vega's "tableau10": categorical colours, identical in the plotly and vega-lite forms. */
export const CATEGORY_COLORS = [
  "#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
] as const;

/** vega's tableau20: for categories beyond 10, where CATEGORY_COLORS would repeat a colour in one legend. */
export const CATEGORY_COLORS_20 = [
  "#4c78a8", "#9ecae9", "#f58518", "#ffbf79", "#54a24b", "#88d27a", "#b79a20", "#f2cf5b", "#439894", "#83bcb6",
  "#e45756", "#ff9d98", "#79706e", "#bab0ac", "#d67195", "#fcbfd2", "#b279a2", "#d6a5c9", "#9e765f", "#d8b5a5",
] as const;

/** Colours for n categories in order: the 10-colour set while it suffices, else the 20-colour one. */
export function categoryColors(n: number): string[] {
  const palette: readonly string[] = n <= CATEGORY_COLORS.length ? CATEGORY_COLORS : CATEGORY_COLORS_20;
  return Array.from({ length: n }, (_, i) => palette[i % palette.length]!);
}

/** Fixed-point classes: stable points black, saddles coloured by their number of unstable modes. */
export const STABLE_COLOR = "#000000";
export const UNSTABLE_COLORS = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b"] as const;
export const UNDECOMPOSED_COLOR = "#7f7f7f";
// Solid colours: plotly's WebGL lines wash out semi-transparent colours.
export const TRAJECTORY_COLOR = "#6baed6";
export const TRAJECTORY_STATIC_COLOR = "#9ecae1";
export const MODE_COLOR = "#d62728";

/** Class label of a point with n unstable modes (undefined: not decomposed). */
export function pointClass(n: number | undefined): string {
  if (n === undefined) return "not decomposed";
  if (n === 0) return "stable";
  return n >= UNSTABLE_COLORS.length ? `index ≥${UNSTABLE_COLORS.length}` : `index ${n}`;
}

export function pointClassColor(n: number | undefined): string {
  if (n === undefined) return UNDECOMPOSED_COLOR;
  if (n === 0) return STABLE_COLOR;
  return UNSTABLE_COLORS[Math.min(n, UNSTABLE_COLORS.length) - 1]!;
}

/** Class labels and colours present, in a fixed order (vega-lite scale domain/range). */
export function classScale(indices: ReadonlyArray<number | undefined>): { domain: string[]; range: string[] } {
  const present = new Map<string, string>();
  const sorted = [...indices].sort((a, b) => (a ?? -1) - (b ?? -1));
  for (const n of sorted) present.set(pointClass(n), pointClassColor(n));
  return { domain: [...present.keys()], range: [...present.values()] };
}

/** Rounds for output size; keeps null for gaps. */
export function r4(x: number): number | null {
  return Number.isFinite(x) ? roundSig(x) : null;
}

/**
 * rnn-atlas display: results that show themselves in tslab notebooks.
 *
 * - `display(x, { id? })`: one multi-MIME output anywhere in a cell; the same `id` again updates
 *   it in place (live training curves).
 * - A cell's last value that is displayable shows richly by itself (no `display()` needed).
 * - Displayable = has `[JUPYTER_DISPLAY]()` (Deno's protocol; may be async; every `Figure` has it)
 *   or matches a renderer from `registerRenderer({ kind, match, render, priority })` (the one
 *   registry, keyed by kind: ./registry.ts). Built-ins: arquero tables, TF.js tensors, typed
 *   arrays, matrices ({data, shape}, number[][], ml-matrix).
 * - Charts (data-first, Observable-Plot style): `lineChart`, `scatter`, `heatmap` (vega-lite + SVG)
 *   and `scatter3d` (plotly + a static projection). Call `initPlotly()` once (own cell) for 3-D.
 * - Own result objects: implement `[JUPYTER_DISPLAY]() { return vegaLiteBundle(spec, text) }` or
 *   `svgBundle(svg, text)`.
 * - `setDisplayPolicy("interactive" | "static" | "both")` or env RNN_ATLAS_DISPLAY picks the forms.
 *
 * Importing this module only registers the built-in renderers; it does not touch the kernel. The
 * kernel hooks are installed by `installKernelHooks()` (./kernel), which the rnn-atlas kernel calls
 * at start; in a stock tslab kernel call it once in the first cell.
 */
import { registerBuiltinRenderers } from "./builtins";

export { JUPYTER_DISPLAY, MIME, isDisplayable } from "./mime";
export type { MimeBundle, Displayable, MaybePromise } from "./mime";
export { display } from "./display";
export type { DisplayOptions } from "./display";
export { registerRenderer, listRenderers, toMimeBundle } from "./registry";
export type { Renderer, LegacyRenderer } from "./registry";
export { setDisplayPolicy, getDisplayPolicy, svgImgHtml } from "./policy";
export type { DisplayPolicy } from "./policy";
export { vegaLiteBundle, svgBundle, renderVegaLiteSvg } from "./vega";
export type { VegaLiteSpec } from "./vega";
export { initPlotly } from "./plotly";
export type { PlotlyFigure } from "./plotly";
export { Figure, isFigure } from "./figure";
export type { FigureKind, FigureParts } from "./figure";
export type { Channel } from "./channels";
export { lineChart } from "./lineChart";
export type { LineChartOptions, LineChartData } from "./lineChart";
export { scatter } from "./scatter";
export type { ScatterOptions } from "./scatter";
export { heatmap } from "./heatmap";
export type { HeatmapOptions } from "./heatmap";
export { scatter3d } from "./scatter3d";
export type { Scatter3dOptions, Trajectories } from "./scatter3d";
export { installKernelHooks, kernelHooksInstalled } from "./kernel/hooks";
export type { KernelTslab } from "./kernel/hooks";

registerBuiltinRenderers();

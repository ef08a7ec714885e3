/**
 * rnn-atlas display: results that show themselves in tslab notebooks.
 *
 * - `display(x, { id? })`: one multi-MIME output anywhere in a cell; the same `id` again updates
 *   it in place (live training curves).
 * - A cell's last value that is displayable shows richly by itself (no `display()` needed).
 * - Displayable = has `[JUPYTER_DISPLAY]()` (Deno's protocol; may be async) or matches a renderer
 *   from `registerRenderer({ id, match, render, priority })`. Built-ins: arquero tables, TF.js
 *   tensors, typed arrays, matrices ({data, shape}, number[][], ml-matrix).
 * - Charts (data-first, Observable-Plot style): `lineChart`, `scatter`, `heatmap` (vega-lite + SVG)
 *   and `scatter3d` (plotly + a static projection). Call `initPlotly()` once (own cell) for 3-D.
 * - Own result objects: implement `[JUPYTER_DISPLAY]() { return vegaLiteBundle(spec, text) }` or
 *   `svgBundle(svg, text)`.
 * - `setDisplayPolicy("interactive" | "static" | "both")` or env RNN_ATLAS_DISPLAY picks the forms.
 *
 * Importing this module inside tslab installs the kernel hooks (once); in plain Node it has no
 * side effects beyond registering the built-in renderers.
 */
import { registerBuiltinRenderers } from "./builtins";
import { installTslabExtension } from "../../kernel-helpers/extension";

export { JUPYTER_DISPLAY, MIME, isDisplayable } from "./mime";
export type { MimeBundle, Displayable, MaybePromise } from "./mime";
export { display } from "./display";
export type { DisplayOptions } from "./display";
export { registerRenderer, listRenderers, toMimeBundle } from "./registry";
export type { Renderer } from "./registry";
export { setDisplayPolicy, getDisplayPolicy, svgImgHtml } from "./policy";
export type { DisplayPolicy } from "./policy";
export { vegaLiteBundle, svgBundle, renderVegaLiteSvg } from "./vega";
export type { VegaLiteSpec } from "./vega";
export { initPlotly } from "./plotly";
export type { PlotlyFigure } from "./plotly";
export { Figure } from "./figure";
export type { FigureKind } from "./figure";
export type { Channel } from "./channels";
export { lineChart } from "./lineChart";
export type { LineChartOptions, LineChartData } from "./lineChart";
export { scatter } from "./scatter";
export type { ScatterOptions } from "./scatter";
export { heatmap } from "./heatmap";
export type { HeatmapOptions } from "./heatmap";
export { scatter3d } from "./scatter3d";
export type { Scatter3dOptions, Trajectories } from "./scatter3d";
export { installTslabExtension } from "../../kernel-helpers/extension";

registerBuiltinRenderers();
if (process.env.RNN_ATLAS_DISPLAY_HOOKS !== "off") installTslabExtension();

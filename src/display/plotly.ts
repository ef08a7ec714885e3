/**
 * Offline plotly: `initPlotly()` embeds plotly.js (gl3d build, read as text from the npm package,
 * never required: it is a browser bundle) in one output; figures then draw with window.Plotly.
 */
import { readFileSync } from "node:fs";
import { JUPYTER_DISPLAY, MIME, MimeBundle } from "./mime";

/** A plotly figure as sent in application/vnd.plotly.v1+json. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

const PLOTLY_PACKAGE = "plotly.js-gl3d-dist-min";

/** Makes text safe inside a <script> element: no "</script" or "<!--" can end or confuse it. */
export function escapeScriptText(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** JSON for inline <script>: "<" and the JS line separators escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

let cachedLib: { version: string; code: string } | undefined;

/** Reads the plotly.js bundle as text (cached). */
export function plotlyLibrary(): { version: string; code: string } {
  if (!cachedLib) {
    let pkgPath: string;
    try {
      pkgPath = require.resolve(`${PLOTLY_PACKAGE}/package.json`);
    } catch {
      throw new Error(`initPlotly(): the npm package ${PLOTLY_PACKAGE} is not installed; run \`npm install ${PLOTLY_PACKAGE}@^4.1\`.`);
    }
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    const main = require("node:path").join(require("node:path").dirname(pkgPath), "plotly-gl3d.min.js");
    cachedLib = { version: String(pkg.version), code: readFileSync(main, "utf8") };
  }
  return cachedLib;
}

/**
 * The displayable that loads plotly.js into the page. Safe to re-run: the script does nothing
 * when window.Plotly exists, and each run re-emits the library so the saved notebook keeps it.
 */
export function initPlotly(): { [JUPYTER_DISPLAY](): MimeBundle } {
  const { version, code } = plotlyLibrary();
  const text = `plotly.js ${version} (gl3d) embedded for offline 3-D figures (${(code.length / 1e6).toFixed(1)} MB)`;
  return {
    [JUPYTER_DISPLAY]: () => ({
      [MIME.text]: text,
      // `module`, `exports` and `define` are shadowed so the bundle always sets window.Plotly,
      // also in pages that load require.js or CommonJS shims.
      [MIME.html]:
        `<script type="text/javascript">if (!window.Plotly) { (function (module, exports, define) {\n` +
        escapeScriptText(code) +
        `\n}).call(window); }</script><div style="font:12px sans-serif;color:#666">${text}</div>`,
    }),
  };
}

let counter = 0;

/** HTML that draws `fig` once window.Plotly is there, showing `fallbackHtml` (an <img>) until then. */
export function plotlyHtml(fig: PlotlyFigure, fallbackHtml: string): string {
  const id = `rnn-atlas-plotly-${process.pid.toString(36)}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 480;
  return (
    `<div id="${id}" style="width:100%;min-height:${height}px">${fallbackHtml}</div>` +
    `<script type="text/javascript">(function () { var f = ${scriptJson(fig)}; var n = 0;` +
    ` function go() { var el = document.getElementById(${JSON.stringify(id)}); if (!el) return;` +
    ` if (window.Plotly) { el.innerHTML = ""; window.Plotly.newPlot(el, f.data, f.layout, { responsive: true }); }` +
    ` else if (n++ < 600) { setTimeout(go, 50); } } go(); })();</script>`
  );
}

/**
 * Offline plotly: `initPlotly()` loads plotly.js (gl3d build, read as text from the npm package,
 * never required: it is a browser bundle) into the page; figures then draw with window.Plotly.
 */
import { readFileSync } from "node:fs";
import { display, displaysToNotebook } from "./display";
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
    const main = plotlyLibraryPath();
    if (!main) throw new Error(`initPlotly(): the npm package ${PLOTLY_PACKAGE} is not installed; run \`npm install ${PLOTLY_PACKAGE}@^4.1\`.`);
    const pkg = JSON.parse(readFileSync(require("node:path").join(require("node:path").dirname(main), "package.json"), "utf8"));
    cachedLib = { version: String(pkg.version), code: readFileSync(main, "utf8") };
  }
  return cachedLib;
}

/** Where the plotly.js bundle is on disk (the HTML export embeds it once), or null when not installed. */
export function plotlyLibraryPath(): string | null {
  try {
    const pkgPath = require.resolve(`${PLOTLY_PACKAGE}/package.json`);
    return require("node:path").join(require("node:path").dirname(pkgPath), "plotly-gl3d.min.js");
  } catch {
    return null;
  }
}

/** The display id of initPlotly's output (one per notebook: a rerun replaces it everywhere). */
export const PLOTLY_LIBRARY_DISPLAY_ID = "rnn-atlas-plotly-library";

/**
 * Loads plotly.js into the notebook page for the 3-D views of this session. The 1.8 MB bundle is
 * sent once and at once replaced in place by a one-line note (update_display_data): the page keeps
 * window.Plotly, the saved notebook keeps only the note. A reopened notebook shows each 3-D view
 * as its static picture until initPlotly() runs again; the HTML export carries plotly.js once.
 * Safe to re-run: the script does nothing when window.Plotly exists.
 */
export function initPlotly(): void {
  const { version, code } = plotlyLibrary();
  const note = `plotly.js ${version} (gl3d, ${(code.length / 1e6).toFixed(1)} MB) loaded for this session's 3-D views; not stored in the notebook`;
  const div = `<div style="font:12px sans-serif;color:#666">${note}</div>`;
  const library: MimeBundle = {
    [MIME.text]: note,
    // `module`, `exports` and `define` are shadowed so the bundle always sets window.Plotly,
    // also in pages that load require.js or CommonJS shims.
    [MIME.html]: `<script type="text/javascript">if (!window.Plotly) { (function (module, exports, define) {\n` + escapeScriptText(code) + `\n}).call(window); }</script>` + div,
  };
  if (!displaysToNotebook()) {
    void display({ [JUPYTER_DISPLAY]: () => ({ [MIME.text]: note }) }); // plain Node: no page to load it into
    return;
  }
  void display({ [JUPYTER_DISPLAY]: () => library }, { id: PLOTLY_LIBRARY_DISPLAY_ID });
  void display({ [JUPYTER_DISPLAY]: () => ({ [MIME.text]: note, [MIME.html]: div }) }, { id: PLOTLY_LIBRARY_DISPLAY_ID });
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

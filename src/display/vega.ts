/**
 * Vega-lite specs to MIME bundles: the spec itself (interactive), an SVG rendered in Node with
 * vega's headless renderer (static), and an `<img>` of that SVG as text/html.
 * vega and vega-lite are loaded on first use only.
 */
import { MIME, MimeBundle } from "./mime";
import { compactSvg } from "./compactSvg";
import { withHouseStyle } from "./houseStyle";
import { svgImgHtml } from "./policy";

/** A vega-lite v5 top-level spec (kept loose: vega-lite's own types are heavy). */
export type VegaLiteSpec = Record<string, unknown>;

export const VL_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

function libs(): { vega: any; vl: any } {
  // Required lazily so that importing rnn-atlas does not load vega (0.3 s).
  return { vega: require("vega"), vl: require("vega-lite") };
}

function newView(spec: VegaLiteSpec): any {
  const { vega, vl } = libs();
  const full = { $schema: VL_SCHEMA, ...withHouseStyle(spec) };
  // Errors only: vega-lite's warnings ("zero dropped for log scale") would clutter cell stderr.
  const logger = vega.logger(vega.Error);
  return new vega.View(vega.parse(vl.compile(full as any, { logger }).spec), { renderer: "none", logLevel: vega.Error });
}

/**
 * Renders synchronously when the dataflow needs no asynchronous step (inline data: always for
 * our charts), else returns null. Synchronous rendering lets a chart show in the same cell that
 * first loads the kernel extension, where nothing can delay the cell's end.
 * Uses the same geometry vega's own `toSVG()` computes (checked equal in the tests).
 */
export function renderVegaLiteSvgSync(spec: VegaLiteSpec): string | null {
  const { vega } = libs();
  const view = newView(spec);
  if (view._pending) return null;
  const run = view.runAsync();
  run.catch(() => {}); // errors surface below through the missing scenegraph; async path reports them
  if (view._pending || view._pulse || view._touched?.length) return null;
  const Renderer = vega.renderModule("svg")?.headless;
  if (!Renderer) return null;
  const p = view.padding();
  const w = Math.max(0, view._viewWidth + p.left + p.right);
  const h = Math.max(0, view._viewHeight + p.top + p.bottom);
  const r = new Renderer(view.loader());
  r.initialize(null, w, h, [p.left + view._origin[0], p.top + view._origin[1]], 1).background(view.background());
  const root = view.scenegraph().root;
  primeInlineImages(root);
  r.render(root);
  const svg: string = r.svg();
  view.finalize();
  return svg && svg.includes("<svg") ? compactSvg(svg) : null;
}

/**
 * vega loads an image mark's URL asynchronously and renders `href=""` until it has, so a synchronous
 * render would leave every raster layer blank. Inline `data:` URLs need no loading: hand them to the
 * renderer as already-loaded images (the same record vega's loader builds in Node, where it has no
 * Image class). Other URLs are left to the async path.
 */
function primeInlineImages(node: any): void {
  if (!node || typeof node !== "object") return;
  if (node.marktype === "image" && Array.isArray(node.items)) {
    for (const item of node.items) {
      const url = item?.url;
      if (typeof url === "string" && url.startsWith("data:") && !(item.image && item.image.url === url)) {
        item.image = { complete: false, width: 0, height: 0, src: url, url };
      }
    }
    return;
  }
  if (Array.isArray(node.items)) for (const child of node.items) primeInlineImages(child);
}

/** Renders a vega-lite spec to an SVG string with vega's headless renderer. */
export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  const view = newView(spec);
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Builds the bundle from a rendered SVG. */
export function vegaLiteBundleFromSvg(spec: VegaLiteSpec, svg: string, text: string): MimeBundle {
  return {
    [MIME.text]: text,
    [MIME.vegaLite]: { $schema: VL_SCHEMA, ...withHouseStyle(spec) },
    [MIME.svg]: svg,
    [MIME.html]: svgImgHtml(svg, text),
  };
}

/** The width of a notebook's output area (classic Notebook and nbconvert's templates, ~980 px). */
export const CELL_WIDTH = 980;

/** The pixel width of a rendered SVG (its root width attribute). */
export function svgWidth(svg: string): number {
  const m = /<svg\b[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : NaN;
}

/**
 * Side-by-side panels that came out wider than a notebook cell, wrapped into rows (vega-lite's
 * `concat` with `columns`), as many per row as fit: a viewer would shrink the picture to the cell
 * (the 3-panel phase portraits were 1,270 px) or the classic template would cut it off. Null when
 * the chart fits or has no panels to wrap.
 */
export function wrappedToCell(spec: VegaLiteSpec, width: number): VegaLiteSpec | null {
  const panels = spec.hconcat;
  if (!Array.isArray(panels) || panels.length < 2 || !(width > CELL_WIDTH)) return null;
  const columns = Math.max(1, Math.floor((panels.length * CELL_WIDTH) / width));
  const { hconcat: _h, ...rest } = spec;
  return { ...rest, concat: panels, columns };
}

/** Sync when possible (see renderVegaLiteSvgSync), else a promise. */
export function vegaLiteBundleMaybeSync(spec: VegaLiteSpec, text: string): MimeBundle | Promise<MimeBundle> {
  let svg: string | null = null;
  try {
    svg = renderVegaLiteSvgSync(spec);
  } catch {
    svg = null; // the async path below gives the real error message
  }
  if (svg != null) {
    const w = wrappedToCell(spec, svgWidth(svg));
    const wsvg = w ? renderVegaLiteSvgSync(w) : null;
    return w && wsvg ? vegaLiteBundleFromSvg(w, wsvg, text) : vegaLiteBundleFromSvg(spec, svg, text);
  }
  return renderVegaLiteSvg(spec).then(async (s) => {
    const w = wrappedToCell(spec, svgWidth(s));
    return w ? vegaLiteBundleFromSvg(w, await renderVegaLiteSvg(w), text) : vegaLiteBundleFromSvg(spec, s, text);
  });
}

/**
 * A full bundle for a vega-lite v5 spec: text/plain, the spec (interactive), its SVG and an <img>.
 * Use it in `[JUPYTER_DISPLAY]()` of your own result objects.
 */
export async function vegaLiteBundle(spec: VegaLiteSpec, text: string): Promise<MimeBundle> {
  return vegaLiteBundleMaybeSync(spec, text);
}

/** A bundle for an SVG drawing you made yourself: text/plain, image/svg+xml and an <img>. */
export async function svgBundle(svg: string, text: string): Promise<MimeBundle> {
  return svgBundleSync(svg, text);
}

export function svgBundleSync(svg: string, text: string): MimeBundle {
  if (typeof svg !== "string" || !svg.includes("<svg")) {
    throw new TypeError("svgBundle(svg, text): svg must be an SVG document string starting with <svg ...>.");
  }
  return { [MIME.text]: text, [MIME.svg]: svg, [MIME.html]: svgImgHtml(svg, text) };
}

/**
 * Checks on the static pictures of an executed notebook: what a reader sees on GitHub, nbviewer or
 * nbconvert with JavaScript off. A raster layer whose <image> has no data is a blank figure there.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { joined, type Notebook } from "./helpers";

/** Every SVG an output stores: image/svg+xml, and SVGs inlined as base64 <img> in text/html. */
export function staticSvgs(nb: Notebook): { cell: number; svg: string }[] {
  const out: { cell: number; svg: string }[] = [];
  nb.cells.forEach((c, cell) => {
    for (const o of c.outputs ?? []) {
      const data = o.data;
      if (!data) continue;
      const svg = joined(data["image/svg+xml"] as string | string[] | undefined);
      if (svg) out.push({ cell, svg });
      const html = joined(data["text/html"] as string | string[] | undefined);
      for (const m of html.matchAll(/src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)) {
        out.push({ cell, svg: Buffer.from(m[1]!, "base64").toString("utf8") });
      }
    }
  });
  return out;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Problems with the <image> elements of one SVG: empty href, or data that is not a decodable PNG/JPEG/SVG. */
export function imageProblems(svg: string): string[] {
  const problems: string[] = [];
  for (const m of svg.matchAll(/<image\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\s(?:xlink:)?href="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (href === "") {
      problems.push(`<image> with an empty href: ${tag.slice(0, 120)}…`);
      continue;
    }
    const d = /^data:image\/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=]+)$/.exec(href);
    if (!d) {
      problems.push(`<image> whose href is not an inline base64 image (a shared notebook cannot fetch it): ${href.slice(0, 80)}`);
      continue;
    }
    const bytes = Buffer.from(d[2]!, "base64");
    if (d[1] === "png" && !(bytes.length > 60 && bytes.subarray(0, 8).equals(PNG_MAGIC))) problems.push(`<image> PNG data does not decode (${bytes.length} bytes)`);
  }
  return problems;
}

/**
 * The size budget of a shared notebook (the sharing issue): an executed quick-mode notebook at most
 * 1.5 MB, its self-contained HTML export (which carries plotly.js, 1.8 MB, once when it has 3-D
 * views, and JupyterLab's 0.54 MB stylesheet) at most 3 MB. Returns the line to print and the
 * problems found.
 */
export const IPYNB_BUDGET = 1.5e6;
export const HTML_BUDGET = 3e6;
export function sizeBudget(ipynb: string, html: string): { line: string; problems: string[] } {
  const a = fs.statSync(ipynb).size, b = fs.statSync(html).size;
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  const problems: string[] = [];
  if (a > IPYNB_BUDGET) problems.push(`${ipynb}: ${mb(a)} > ${mb(IPYNB_BUDGET)}`);
  if (b > HTML_BUDGET) problems.push(`${html}: ${mb(b)} > ${mb(HTML_BUDGET)}`);
  return { line: `size: ${path.basename(ipynb)} ${mb(a)}, HTML export ${mb(b)} (budget ${mb(IPYNB_BUDGET)} / ${mb(HTML_BUDGET)})`, problems };
}

/** The width of the notebook output area a picture must fit (classic Notebook / nbconvert templates). */
export const CELL_WIDTH_PX = 980;

/**
 * Style problems of one static chart picture (vega's, recognised by its "marks" root class): wider
 * than a cell, no title, an axis without a title, a legend label cut with "…", a legend that gives
 * two entries the same colour. Hand-drawn SVGs (graph drawings) are checked for width only.
 */
export function figureStyleProblems(svg: string): string[] {
  const problems: string[] = [];
  const width = Number(/<svg\b[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? NaN);
  if (width > CELL_WIDTH_PX) problems.push(`${width} px wide (cell ${CELL_WIDTH_PX} px)`);
  if (!/<svg\b[^>]*class="marks"/.test(svg)) return problems;
  const title = /aria-label="Title text '([^']*)'/.exec(svg)?.[1];
  if (!title) problems.push("no title");
  const what = title ? `"${title}"` : "untitled chart";
  for (const m of svg.matchAll(/aria-label="([XY])-axis (titled '[^']*' )?for/g)) if (!m[2]) problems.push(`${what}: a ${m[1]} axis without a title`);
  const legends = svg.split(/class="mark-group role-legend"/).slice(1);
  for (const legend of legends) {
    const labels = [...legend.matchAll(/role-legend-label[^>]*>(?:<[^>]*>)*?<text[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]!);
    for (const l of labels) if (l.endsWith("…")) problems.push(`${what}: legend label cut: "${l}"`);
    // An entry is told apart by its colour, dash or shape: two entries alike in all three cannot be.
    const look = (tag: string) => ["fill", "stroke", "stroke-dasharray", "d", "xlink:href"].map((a) => new RegExp(`\\s${a}="([^"]*)"`).exec(tag)?.[1] ?? "").join("|");
    const keys = [...legend.matchAll(/role-legend-symbol[^>]*>(<(?:path|use)[^>]*>)/g)].map((x) => look(x[1]!));
    if (new Set(keys).size < keys.length) problems.push(`${what}: two legend entries look the same (${keys.length} entries, ${new Set(keys).size} looks)`);
  }
  return problems;
}

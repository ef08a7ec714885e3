/**
 * Smaller static pictures. vega writes every coordinate at full double precision
 * ("translate(29.773333333333326,226.20444444444445)") and an aria-label per drawn item; a trajectory
 * plot was 217 kB, 30 % of it coordinates' digits past the second decimal and 33 % per-item ARIA text.
 * - Coordinates keep 2 decimals: 0.01 px, far below what any screen or print shows.
 * - Per-item ARIA attributes go from the leaf marks (path, rect, line, image, text elements); the
 *   picture is shown as an <img>, where a screen reader reads the <img>'s alt text and never the SVG
 *   inside. Groups keep theirs (axes, legends, titles: they name what the chart shows).
 */
import { createHash } from "node:crypto";

const COORD_ATTRS = /(\s(?:d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height|points)=")([^"]*)"/g;
const LONG_DECIMAL = /(-?\d+\.\d\d)\d+/g;
const LEAF_ARIA = /<(path|rect|line|image|text|circle)\b([^>]*)>/g;
const ARIA_ATTR = /\s(?:aria-label|aria-roledescription|role)="[^"]*"/g;

export function compactSvg(svg: string): string {
  const small = svg
    .replace(COORD_ATTRS, (_m, head: string, value: string) => `${head}${value.replace(LONG_DECIMAL, (_d, kept: string) => kept.replace(/\.?0+$/, ""))}"`)
    .replace(LEAF_ARIA, (_m, tag: string, attrs: string) => `<${tag}${attrs.replace(ARIA_ATTR, "")}>`);
  return sharedShapes(small);
}

const LEAF_PATH = /<path\b([^>]*?)\sd="([^"]{24,})"([^>]*?)\/>/g;

/**
 * Scatter points are one <path> each with the same symbol outline ("M2.24,0A2.24,2.24,0,1,1,…"),
 * placed by a transform: the outline is written once in <defs> and each point becomes a <use> of it,
 * which carries the point's own transform, fill and opacity (a <use>'s attributes are inherited by
 * the shape it shows, which sets none). Outlines used fewer than 3 times are left as they are. The
 * ids carry a digest of the picture, so two pictures inlined in one page cannot collide.
 */
function sharedShapes(svg: string): string {
  const counts = new Map<string, number>();
  for (const m of svg.matchAll(LEAF_PATH)) counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + 1);
  const shared = [...counts].filter(([, n]) => n >= 3).map(([d]) => d);
  if (shared.length === 0) return svg;
  const tag = createHash("sha1").update(svg).digest("hex").slice(0, 8);
  const ids = new Map(shared.map((d, k) => [d, `s${tag}-${k}`]));
  const body = svg.replace(LEAF_PATH, (m, pre: string, d: string, post: string) => {
    const id = ids.get(d);
    if (!id) return m;
    // A stroke width without a stroke draws nothing (vega writes both for every point).
    const attrs = `${pre}${post}`;
    return `<use xlink:href="#${id}"${/\sstroke="/.test(attrs) ? attrs : attrs.replace(/\sstroke-width="[^"]*"/, "")}/>`;
  });
  const defs = `<defs>${shared.map((d) => `<path id="${ids.get(d)}" d="${d}"/>`).join("")}</defs>`;
  const withNs = /<svg\b[^>]*xmlns:xlink=/.test(body) ? body : body.replace(/<svg\b/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  return withNs.replace(/(<svg\b[^>]*>)/, `$1${defs}`);
}

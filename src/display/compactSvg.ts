/**
 * Smaller static pictures. vega writes every coordinate at full double precision
 * ("translate(29.773333333333326,226.20444444444445)") and an aria-label per drawn item; a trajectory
 * plot was 217 kB, 30 % of it coordinates' digits past the second decimal and 33 % per-item ARIA text.
 * - Coordinates keep 2 decimals: 0.01 px, far below what any screen or print shows.
 * - Per-item ARIA attributes go from the leaf marks (path, rect, line, image, text elements); the
 *   picture is shown as an <img>, where a screen reader reads the <img>'s alt text and never the SVG
 *   inside. Groups keep theirs (axes, legends, titles: they name what the chart shows).
 */
const COORD_ATTRS = /(\s(?:d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height|points)=")([^"]*)"/g;
const LONG_DECIMAL = /(-?\d+\.\d\d)\d+/g;
const LEAF_ARIA = /<(path|rect|line|image|text|circle)\b([^>]*)>/g;
const ARIA_ATTR = /\s(?:aria-label|aria-roledescription|role)="[^"]*"/g;

export function compactSvg(svg: string): string {
  return svg
    .replace(COORD_ATTRS, (_m, head: string, value: string) => `${head}${value.replace(LONG_DECIMAL, (_d, kept: string) => kept.replace(/\.?0+$/, ""))}"`)
    .replace(LEAF_ARIA, (_m, tag: string, attrs: string) => `<${tag}${attrs.replace(ARIA_ATTR, "")}>`);
}

/**
 * The project's chart style, applied to every vega-lite spec before it is rendered or stored, so
 * the static picture and the interactive chart agree and no renderer has to remember it:
 * - legend labels are never truncated (vega cuts them at 160 px with "…", which hid the part of
 *   "saddle 0: ‖x − x_lin‖" that told the lines apart);
 * - a nominal colour with more than 10 values gets a 20-colour scheme instead of cycling the
 *   default 10 (two entries of a legend with one colour cannot be told apart);
 * - a long title or subtitle is broken into lines at spaces: vega widens the whole picture to one
 *   line of title (a 180 px chart with a long subtitle came out 1,046 px wide, past the cell).
 */
import type { VegaLiteSpec } from "./vega";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Distinct values a nominal colour field takes in the inline data visible at this level. */
function distinctValues(values: unknown[] | undefined, field: string): number {
  if (!values) return 0;
  const seen = new Set<string>();
  for (const row of values) if (isObj(row) && row[field] !== undefined) seen.add(String(row[field]));
  return seen.size;
}

function styleNode(node: Obj, inherited: unknown[] | undefined): Obj {
  const data = isObj(node.data) && Array.isArray(node.data.values) ? (node.data.values as unknown[]) : inherited;
  let out: Obj = node;
  const enc = node.encoding;
  if (isObj(enc) && isObj(enc.color)) {
    const c = enc.color;
    if (c.type === "nominal" && typeof c.field === "string" && c.scale === undefined && distinctValues(data, c.field) > 10) {
      out = { ...out, encoding: { ...enc, color: { ...c, scale: { scheme: "tableau20" } } } };
    }
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
    const parts = node[key];
    if (Array.isArray(parts)) out = { ...out, [key]: parts.map((p) => (isObj(p) ? styleNode(p, data) : p)) };
  }
  if (isObj(node.spec)) out = { ...out, spec: styleNode(node.spec, data) };
  return out;
}

/** Longest title / subtitle line, in characters (~560 px at vega's 13 px bold / 12 px fonts). */
const TITLE_LINE = 75;
const SUBTITLE_LINE = 90;

/** Text broken at spaces into lines of at most `max` characters (a longer word stays whole). */
export function breakLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > max) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

function wrapped(v: unknown, max: number): unknown {
  if (typeof v === "string" && v.length > max) return breakLines(v, max);
  if (Array.isArray(v)) return v.flatMap((line) => (typeof line === "string" && line.length > max ? breakLines(line, max) : [line]));
  return v;
}

function wrapTitle(title: unknown): unknown {
  if (typeof title === "string" || Array.isArray(title)) return wrapped(title, TITLE_LINE);
  if (!isObj(title)) return title;
  return { ...title, ...(title.text !== undefined ? { text: wrapped(title.text, TITLE_LINE) } : {}), ...(title.subtitle !== undefined ? { subtitle: wrapped(title.subtitle, SUBTITLE_LINE) } : {}) };
}

export function withHouseStyle(spec: VegaLiteSpec): VegaLiteSpec {
  const config = isObj(spec.config) ? spec.config : {};
  const legend = isObj(config.legend) ? config.legend : {};
  const styled = styleNode(spec, undefined);
  return { ...styled, ...(styled.title !== undefined ? { title: wrapTitle(styled.title) } : {}), config: { ...config, legend: { labelLimit: 0, ...legend } } };
}

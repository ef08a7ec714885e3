/**
 * reducedGraphPlot(graph, options): a reduced-dynamics graph (Turner et al. 2021 §5.3) drawn as a
 * directed graph. Layout by @dagrejs/dagre (layered, left to right); the SVG is written by hand
 * because vega's force layout does not run headless.
 *
 *   reducedGraphPlot(buildReducedGraph(model, "rsg"))
 *   reducedGraphPlot(ReducedGraph.fromJSON(json.compact_graph), { title: "fixture i100" })
 *
 * Drawing: node fill = discretised output, edge colour = input type (grey = autonomous flow),
 * node 0 (the start) has a double ring and a "start" tag, self-loops are arcs above their node,
 * every edge ends in an arrowhead, legends list the output labels and the edge types present.
 * Returns a Figure (kind "graph") with the hand-drawn SVG as its picture, a vega-lite spec of the
 * same laid-out graph as the interactive form (tooltips), and the layout in `data`.
 */
import { ReducedGraph, type ReducedNode, type ReducedEdge } from "../../solutions/graph/reducedGraph";
import { Figure } from "../../display/figure";
import type { VegaLiteSpec } from "../../display/vega";
import { edgeTypeColor, edgeTypeName, outputColor, xmlEscape } from "./palette";

export interface ReducedGraphPlotOptions {
  /** Title (default "Reduced graph" + the task). The type key is always shown under it. */
  title?: string;
  /** Layout direction (default "LR": left to right). */
  rankdir?: "LR" | "TB";
  /** Node radius in pixels (default 18). */
  nodeRadius?: number;
  /** Legend names of input types, e.g. {2: "Set"} (default: from the task's probe conventions). */
  edgeTypeNames?: Readonly<Record<number, string>>;
  /** Longest type key shown in full (default 90 characters; longer ones are cut, the full key is the tooltip). */
  maxKeyLength?: number;
}

/** A laid-out node: centre in SVG pixels. */
export interface LaidOutNode extends ReducedNode {
  readonly x: number;
  readonly y: number;
}

/** A laid-out edge: the polyline it is drawn along (self-loops: the loop's control points). */
export interface LaidOutEdge extends ReducedEdge {
  readonly points: ReadonlyArray<{ x: number; y: number }>;
  readonly selfLoop: boolean;
}

/** What a reduced-graph figure carries besides its picture: the layout (node centres, edge polylines). */
export interface ReducedGraphLayout {
  readonly nodes: ReadonlyArray<LaidOutNode>;
  readonly edges: ReadonlyArray<LaidOutEdge>;
}

/** A ReducedGraph, also one from another copy of the module (src vs dist). */
export function isReducedGraph(v: unknown): v is ReducedGraph {
  if (v instanceof ReducedGraph) return true;
  const o = v as Record<string, unknown> | null;
  return (
    o != null &&
    typeof o === "object" &&
    o.constructor?.name === "ReducedGraph" &&
    Array.isArray(o.nodes) &&
    Array.isArray(o.edges) &&
    typeof o.typeKey === "function" &&
    typeof o.counts === "function"
  );
}

/** Minimal view of dagre's graph API (its bundled types need "exports" resolution). */
interface DagreGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(f: () => Record<string, unknown>): void;
  setNode(id: string, label: Record<string, unknown>): void;
  setEdge(from: string, to: string, label: Record<string, unknown>, name?: string): void;
  node(id: string): { x: number; y: number; width: number; height: number };
  edge(from: string, to: string, name?: string): { points: { x: number; y: number }[] };
  graph(): { width?: number; height?: number };
}

function dagreLib(): { layout(g: DagreGraph): void; graphlib: { Graph: new (opts?: Record<string, unknown>) => DagreGraph } } {
  // Loaded on first use (2.4 MB): importing rnn-atlas should not pay for it.
  return require("@dagrejs/dagre");
}

/** One-line summary of a reduced graph (its text/plain form). */
export function reducedGraphSummary(graph: ReducedGraph): string {
  const c = graph.counts();
  const types = Object.entries(c.edgeTypes)
    .map(([t, n]) => `${t}:${n}`)
    .join(", ");
  return (
    `ReducedGraph${graph.task ? ` (${graph.task})` : ""}: ${c.nodes} node${c.nodes === 1 ? "" : "s"}, ${c.edges} edge${c.edges === 1 ? "" : "s"}` +
    ` (${c.selfLoops} self-loop${c.selfLoops === 1 ? "" : "s"}); edge types {${types}}; type key ${graph.typeKey()}`
  );
}

const f1 = (x: number) => Math.round(x * 10) / 10;

function checkGraph(graph: unknown): asserts graph is ReducedGraph {
  const g = graph as ReducedGraph | null;
  if (!g || !Array.isArray(g.nodes) || !Array.isArray(g.edges) || typeof g.typeKey !== "function") {
    throw new TypeError("reducedGraphPlot: pass a ReducedGraph (from buildReducedGraph(model, task) or ReducedGraph.fromJSON(json)).");
  }
}

export function reducedGraphPlot(graph: ReducedGraph, options: ReducedGraphPlotOptions = {}): Figure<ReducedGraphLayout> {
  checkGraph(graph);
  if (graph.nodes.length === 0) throw new Error("reducedGraphPlot: the graph has no nodes; nothing to draw.");
  const r = options.nodeRadius ?? 18;
  if (!(r > 0)) throw new RangeError(`reducedGraphPlot: nodeRadius must be > 0, got ${r}.`);
  const dagre = dagreLib();
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.rankdir ?? "LR", nodesep: 40, ranksep: 70, edgesep: 20, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  // room for the labels under each node and the loop above it
  for (const n of graph.nodes) g.setNode(String(n.id), { width: 2 * r + 16, height: 2 * r + 28 });
  graph.edges.forEach((e, i) => {
    if (e.from !== e.to) g.setEdge(String(e.from), String(e.to), { weight: e.type === 0 ? 2 : 1, minlen: 1 }, `e${i}`);
  });
  dagre.layout(g);

  const top = 64; // title, subtitle and "start" tag space
  const left = 56; // room for the start tag left of node 0
  const nodes: LaidOutNode[] = graph.nodes.map((n) => {
    const p = g.node(String(n.id));
    return { ...n, x: f1(p.x + left), y: f1(p.y + top) };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const loopsAt = new Map<number, number>();
  // node 0 carries an outer ring: edges end on it
  const ringOf = (id: number) => (id === 0 ? r + 4 : r);
  const edges: LaidOutEdge[] = graph.edges.map((e, i) => {
    const a = at.get(e.from)!;
    if (e.from === e.to) {
      const k = loopsAt.get(e.from) ?? 0;
      loopsAt.set(e.from, k + 1);
      // a loop leaving the top-left of the node and returning top-right; later loops are larger
      const ra = ringOf(a.id) + 1;
      const h = ra + 1.6 * r + 12 * k;
      const w = 0.9 * r + 6 * k;
      const pts = [
        { x: f1(a.x - 0.55 * ra), y: f1(a.y - 0.83 * ra) },
        { x: f1(a.x - w), y: f1(a.y - h) },
        { x: f1(a.x + w), y: f1(a.y - h) },
        { x: f1(a.x + 0.55 * ra), y: f1(a.y - 0.83 * ra) },
      ];
      return { ...e, points: pts, selfLoop: true };
    }
    const b = at.get(e.to)!;
    const raw = g.edge(String(e.from), String(e.to), `e${i}`).points.map((p) => ({ x: p.x + left, y: p.y + top }));
    // dagre clips at the node's box; clip at the circle (plus the arrowhead's length) instead
    const inner = raw.slice(1, -1);
    const first = inner[0] ?? { x: b.x, y: b.y };
    const last = inner[inner.length - 1] ?? { x: a.x, y: a.y };
    const towards = (c: { x: number; y: number }, p: { x: number; y: number }, d: number) => {
      const dx = p.x - c.x;
      const dy = p.y - c.y;
      const L = Math.hypot(dx, dy) || 1;
      return { x: c.x + (dx / L) * d, y: c.y + (dy / L) * d };
    };
    const pts = [towards(a, first, ringOf(a.id)), ...inner, towards(b, last, ringOf(b.id) + 2)].map((p) => ({ x: f1(p.x), y: f1(p.y) }));
    return { ...e, points: pts, selfLoop: false };
  });

  const types = [...new Set(graph.edges.map((e) => e.type))].sort((x, y) => x - y);
  const outputs = [...new Set(graph.nodes.map((n) => n.output))].sort((x, y) => x - y);
  const typeName = (t: number) => options.edgeTypeNames?.[t] ?? edgeTypeName(t, graph.task);

  let maxX = 0;
  let maxY = 0;
  let minY = Infinity;
  for (const n of nodes) (maxX = Math.max(maxX, n.x + r + 30)), (maxY = Math.max(maxY, n.y + r + 28)), (minY = Math.min(minY, n.y - r));
  for (const e of edges) for (const p of e.points) (maxX = Math.max(maxX, p.x + 10)), (maxY = Math.max(maxY, p.y + 10)), (minY = Math.min(minY, p.y));
  // loops and the start tag must stay below the title block
  const shift = Math.max(0, top - 10 - (minY - 18));
  const legendX = maxX + 20;
  const legendRows = types.length + outputs.length + 2;
  const title = options.title ?? `Reduced graph${graph.task ? ` — ${graph.task}` : ""}`;
  const key = graph.typeKey();
  const maxKey = options.maxKeyLength ?? 90;
  const shownKey = key.length > maxKey ? key.slice(0, maxKey - 1) + "…" : key;
  const legendChars = Math.max(14, ...types.map((t) => `${t}: ${typeName(t)}`.length));
  const width = Math.ceil(Math.max(legendX + 36 + 6.6 * legendChars, 7 * Math.max(title.length, shownKey.length + 10) + 20));
  const height = Math.ceil(Math.max(maxY + shift + 10, top + 22 * legendRows + 10));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    "<defs>",
  );
  for (const t of types) {
    out.push(
      `<marker id="arrow-t${t}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" markerUnits="userSpaceOnUse">` +
        `<path d="M0,0 L10,5 L0,10 z" fill="${edgeTypeColor(t)}"/></marker>`,
    );
  }
  out.push("</defs>");
  out.push(`<text class="title" x="10" y="20" font-size="15" font-weight="bold">${xmlEscape(title)}</text>`);
  out.push(
    `<text class="type-key" x="10" y="38" font-size="11" fill="#555"><title>${xmlEscape(key)}</title>type key: ${xmlEscape(shownKey)}</text>`,
  );
  const c = graph.counts();
  out.push(`<text x="10" y="53" font-size="11" fill="#555">${c.nodes} nodes, ${c.edges} edges (${c.selfLoops} self-loops)</text>`);
  out.push(`<g transform="translate(0,${f1(shift)})">`);
  // edges first so nodes cover their ends
  out.push('<g class="edges" fill="none">');
  for (const e of edges) {
    const col = edgeTypeColor(e.type);
    const p = e.points;
    const d = e.selfLoop
      ? `M${p[0]!.x},${p[0]!.y} C${p[1]!.x},${p[1]!.y} ${p[2]!.x},${p[2]!.y} ${p[3]!.x},${p[3]!.y}`
      : smoothPath(p);
    out.push(
      `<path class="edge${e.selfLoop ? " self-loop" : ""}" data-from="${e.from}" data-to="${e.to}" data-type="${e.type}" d="${d}" stroke="${col}" stroke-width="${e.type === 0 ? 1.6 : 2.2}" marker-end="url(#arrow-t${e.type})"><title>${e.from} → ${e.to}: ${xmlEscape(typeName(e.type))}</title></path>`,
    );
  }
  out.push("</g>");
  out.push('<g class="nodes">');
  for (const n of nodes) {
    const start = n.id === 0;
    const fill = outputColor(n.output);
    out.push(`<g class="node${start ? " start" : ""}" data-id="${n.id}" data-output="${n.output}">`);
    out.push(`<title>node ${n.id}: output ${n.output}, skip ${n.skip}, contracted ${n.contracted}${start ? " (start)" : ""}</title>`);
    if (start) out.push(`<circle class="start-ring" cx="${n.x}" cy="${n.y}" r="${r + 4}" fill="none" stroke="#222" stroke-width="1.5"/>`);
    out.push(`<circle cx="${n.x}" cy="${n.y}" r="${r}" fill="${fill}" stroke="#222" stroke-width="1.5"/>`);
    out.push(`<text x="${n.x}" y="${f1(n.y + 4.5)}" font-size="13" text-anchor="middle" font-weight="bold">${n.id}</text>`);
    out.push(`<text x="${n.x}" y="${f1(n.y + r + 14)}" font-size="10" text-anchor="middle" fill="#444">skip ${n.skip} · ×${n.contracted}</text>`);
    if (start) out.push(`<text class="start-label" x="${f1(n.x - r - 6)}" y="${f1(n.y - r - 4)}" font-size="11" text-anchor="end" font-style="italic">start</text>`);
    out.push("</g>");
  }
  out.push("</g></g>");
  // legends: node colours, then edge types
  let y = top;
  out.push(`<g class="legend" font-size="11" transform="translate(${legendX},0)">`);
  out.push(`<text x="0" y="${y}" font-weight="bold">node = output</text>`);
  for (const o of outputs) {
    y += 20;
    out.push(`<g class="legend-output" data-output="${o}"><circle cx="8" cy="${y - 4}" r="7" fill="${outputColor(o)}" stroke="#222"/><text x="22" y="${y}">output ${o}</text></g>`);
  }
  y += 28;
  out.push(`<text x="0" y="${y}" font-weight="bold">edge = input</text>`);
  for (const t of types) {
    y += 20;
    out.push(
      `<g class="legend-edge" data-type="${t}"><line x1="0" y1="${y - 4}" x2="18" y2="${y - 4}" stroke="${edgeTypeColor(t)}" stroke-width="2.2" marker-end="url(#arrow-t${t})"/>` +
        `<text x="26" y="${y}">${t}: ${xmlEscape(typeName(t))}</text></g>`,
    );
  }
  out.push("</g></svg>");
  const svg = out.join("\n");

  const description = reducedGraphSummary(graph);
  const vegaLite = graphVegaLite(nodes, edges, types, typeName, title, shownKey, width, height);
  return new Figure({ kind: "graph", description, svg, vegaLite, data: { nodes, edges } });
}

/** Polyline through dagre's points, smoothed with quadratic curves through the midpoints. */
function smoothPath(p: ReadonlyArray<{ x: number; y: number }>): string {
  if (p.length <= 2) return `M${p[0]!.x},${p[0]!.y} L${p[p.length - 1]!.x},${p[p.length - 1]!.y}`;
  let d = `M${p[0]!.x},${p[0]!.y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const m = { x: f1((p[i]!.x + p[i + 1]!.x) / 2), y: f1((p[i]!.y + p[i + 1]!.y) / 2) };
    d += i === p.length - 2 ? ` Q${p[i]!.x},${p[i]!.y} ${p[i + 1]!.x},${p[i + 1]!.y}` : ` Q${p[i]!.x},${p[i]!.y} ${m.x},${m.y}`;
  }
  return d;
}

/** The same layout as a vega-lite spec: segments per edge, points per node, tooltips. */
function graphVegaLite(
  nodes: ReadonlyArray<LaidOutNode>,
  edges: ReadonlyArray<LaidOutEdge>,
  types: number[],
  typeName: (t: number) => string,
  title: string,
  key: string,
  width: number,
  height: number,
): VegaLiteSpec {
  const segs: Record<string, unknown>[] = [];
  edges.forEach((e, i) => {
    for (let k = 0; k + 1 < e.points.length; k++) {
      const a = e.points[k]!;
      const b = e.points[k + 1]!;
      segs.push({ edge: i, from: e.from, to: e.to, type: `${e.type}: ${typeName(e.type)}`, x: a.x, y: a.y, x2: b.x, y2: b.y });
    }
  });
  const x = { field: "x", type: "quantitative", axis: null, scale: { domain: [0, width], nice: false } };
  const y = { field: "y", type: "quantitative", axis: null, scale: { domain: [0, height], nice: false, reverse: true } };
  const outs = [...new Set(nodes.map((n) => n.output))].sort((a, b) => a - b);
  const colour = { field: "type", type: "nominal", title: "edge = input", scale: { domain: types.map((t) => `${t}: ${typeName(t)}`), range: types.map(edgeTypeColor) } };
  return {
    title: { text: title, subtitle: `type key: ${key}` },
    width: Math.min(width, 700),
    height: Math.min(height, 500),
    layer: [
      {
        data: { values: segs },
        mark: { type: "rule", strokeWidth: 2, tooltip: true },
        encoding: { x, y, x2: { field: "x2" }, y2: { field: "y2" }, color: colour },
      },
      {
        data: { values: nodes.map((n) => ({ id: n.id, output: n.output, skip: n.skip, contracted: n.contracted, start: n.id === 0, x: n.x, y: n.y })) },
        layer: [
          {
            mark: { type: "point", filled: true, size: 600, stroke: "#222", strokeWidth: 1.5, opacity: 1, tooltip: true },
            encoding: {
              x,
              y,
              fill: { field: "output", type: "ordinal", title: "node = output", scale: { domain: outs, range: outs.map(outputColor) } },
              strokeWidth: { condition: { test: "datum.start", value: 4 }, value: 1.5 },
            },
          },
          { mark: { type: "text", fontWeight: "bold" }, encoding: { x, y, text: { field: "id" } } },
        ],
      },
    ],
  };
}

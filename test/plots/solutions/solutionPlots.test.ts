import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../../src/io";
import { ReducedGraph, rsgExtrapolation, intervalDiscriminationGrid, delayedDiscriminationGrid } from "../../../src/solutions";
import type { RsgExtrapolationResult, DiscriminationGrid } from "../../../src/solutions";
import { findRenderer, listRenderers } from "../../../src/display/registry";
import { PLOT_RENDERER_KINDS } from "../../../src/plots";
import { JUPYTER_DISPLAY, MimeBundle } from "../../../src/display/mime";
import {
  confusionMatrixPlot,
  discriminationGridPlot,
  edgeTypeColor,
  isReducedGraph,
  outputColor,
  reducedGraphPlot,
  rowNormalise,
  tpTsPlot,
  typeCounts,
  typeHistogram,
} from "../../../src/plots/solutions";
import { parseXml } from "../../display/xml";
import { VL, bundleOf, marks, staticPicture } from "../helpers";

const FIX = join("..", "shared", "fixtures", "turner2021");
const SVG = "image/svg+xml";

function fixtureGraphs(): { name: string; json: any; graph: ReducedGraph }[] {
  return readdirSync(FIX)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ name: f, json: JSON.parse(readFileSync(join(FIX, f), "utf8")) }))
    .filter((x) => x.json.compact_graph && x.json.compact_graph.nodes?.length > 0)
    .map((x) => ({ ...x, graph: ReducedGraph.fromJSON({ ...x.json.compact_graph, task: x.json.task }) }));
}

const byClass = (svg: string, cls: string) => parseXml(svg).elements.filter((e) => (e.attrs.class ?? "").split(/\s+/).includes(cls));

test("renderers are registered once each", () => {
  const kinds = listRenderers().map((r) => r.kind);
  for (const k of PLOT_RENDERER_KINDS) assert.equal(kinds.filter((i) => i === k).length, 1, k);
});

test("reduced graph of every fixture: well-formed SVG, one node per node, one edge path per edge, start marked, legend per edge type", () => {
  const fixtures = fixtureGraphs();
  assert.ok(fixtures.length >= 10, `fixtures with compact graphs found (${fixtures.length})`);
  let loops = 0;
  for (const { name, graph } of fixtures) {
    const fig = reducedGraphPlot(graph);
    const svg = fig.svg!;
    const x = parseXml(svg);
    assert.equal(x.root, "svg", name);
    const nodes = byClass(svg, "node");
    assert.equal(nodes.length, graph.nodes.length, `${name}: nodes`);
    assert.deepEqual(nodes.map((n) => Number(n.attrs["data-id"])).sort((a, b) => a - b), graph.nodes.map((n) => n.id).sort((a, b) => a - b), name);
    const edges = byClass(svg, "edge");
    assert.equal(edges.length, graph.edges.length, `${name}: edges`);
    assert.ok(edges.every((e) => e.name === "path" && /^url\(#arrow-t\d+\)$/.test(e.attrs["marker-end"] ?? "")), `${name}: every edge has an arrowhead`);
    const edgeKeys = (es: ReadonlyArray<{ from: number; to: number; type: number }>) => es.map((e) => `${e.from}>${e.to}:${e.type}`).sort();
    assert.deepEqual(edgeKeys(edges.map((e) => ({ from: Number(e.attrs["data-from"]), to: Number(e.attrs["data-to"]), type: Number(e.attrs["data-type"]) }))), edgeKeys(graph.edges), name);
    // self-loops drawn as paths of their own
    const selfLoops = graph.edges.filter((e) => e.from === e.to).length;
    assert.equal(byClass(svg, "self-loop").length, selfLoops, name);
    loops += selfLoops;
    // edge colour = input type
    for (const e of edges) assert.equal(e.attrs.stroke, edgeTypeColor(Number(e.attrs["data-type"])), name);
    // node 0 marked: the only start node, with an outer ring and a "start" tag
    const start = byClass(svg, "start");
    assert.equal(start.length, 1, name);
    assert.equal(start[0]!.attrs["data-id"], "0", name);
    assert.equal(byClass(svg, "start-ring").length, 1, name);
    assert.match(svg, /class="start-label"[^>]*>start<\/text>/);
    // node fill = output colour
    for (const n of graph.nodes) {
      const re = new RegExp(`data-id="${n.id}"[\\s\\S]*?<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="([^"]+)"`);
      assert.equal(re.exec(svg)?.[1], outputColor(n.output), `${name}: node ${n.id} fill`);
    }
    // one legend entry per edge type present, and per output label present
    const types = [...new Set(graph.edges.map((e) => e.type))].sort((a, b) => a - b);
    assert.deepEqual(byClass(svg, "legend-edge").map((e) => Number(e.attrs["data-type"])), types, name);
    assert.equal(byClass(svg, "legend-output").length, new Set(graph.nodes.map((n) => n.output)).size, name);
    // title carries the type key (shown in full in the tooltip)
    assert.ok(svg.includes(`<title>${graph.typeKey().replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</title>`), name);
    // layout inside the picture
    const w = Number(x.elements[0]!.attrs.width);
    const h = Number(x.elements[0]!.attrs.height);
    for (const n of fig.data.nodes) assert.ok(n.x > 0 && n.x < w && n.y > 0 && n.y < h, `${name}: node ${n.id} inside`);
  }
  assert.ok(loops > 0, "some fixture graph has a self-loop");
});

test("reduced graph bundle: text, svg, <img> html and an interactive vega-lite layout; renderer matches ReducedGraph", async () => {
  const { graph } = fixtureGraphs().find((f) => f.graph.edges.some((e) => e.from === e.to && e.from === 0)) ?? fixtureGraphs()[0]!;
  assert.ok(isReducedGraph(graph));
  assert.equal(findRenderer(graph)?.kind, "rnn-atlas/reduced-graph");
  const b = await bundleOf(graph);
  assert.deepEqual(Object.keys(b).sort(), [VL, SVG, "text/html", "text/plain"]);
  staticPicture(b);
  assert.match(b["text/plain"] as string, new RegExp(`${graph.nodes.length} nodes, ${graph.edges.length} edges`));
  const spec = b[VL] as any;
  const nodeLayer = spec.layer[1].data.values;
  assert.equal(nodeLayer.length, graph.nodes.length);
  assert.equal(new Set(spec.layer[0].data.values.map((s: any) => s.edge)).size, graph.edges.length);
  // the same record built by hand (plain ReducedGraph) also matches; non-graphs do not
  assert.equal(isReducedGraph({ nodes: [], edges: [] }), false);
  const empty = new ReducedGraph([], []);
  assert.notEqual(findRenderer(empty)?.kind, "rnn-atlas/reduced-graph", "an empty graph falls back to text");
  assert.throws(() => reducedGraphPlot(empty), /no nodes/);
});

test("t_p–t_s plot of a fixture RSG network: identity line, shaded trained range, behaviour in the title", async () => {
  const model = await loadModel(join(FIX, "interval_reproduction_50_vanilla_20_i100.npz"));
  const r: RsgExtrapolationResult = rsgExtrapolation(model, { tsValues: [20, 30, 40, 50, 70, 90] });
  assert.equal(findRenderer(r)?.kind, "rnn-atlas/rsg-extrapolation");
  const b = await bundleOf(r);
  assert.deepEqual(Object.keys(b).sort(), [VL, SVG, "text/html", "text/plain"]);
  const x = staticPicture(b);
  const spec = b[VL] as any;
  assert.ok(spec.title.text.includes(r.behaviour));
  assert.deepEqual(spec.layer[0].data.values.map((v: any) => [v.lo, v.hi]), [[20, 50]]);
  assert.equal(spec.layer[0].mark.type, "rect");
  const id = spec.layer[1].data.values;
  assert.deepEqual([id[0].ts, id[1].ts], [id[0].tp, id[1].tp], "identity line");
  assert.equal(spec.layer[2].data.values.length, r.points.filter((p) => p.tp !== null).length);
  assert.equal(marks(x, "rect"), 1, "one shaded band drawn");
  assert.equal(marks(x, "symbol"), r.points.filter((p) => p.tp !== null).length);
  assert.match(b["text/plain"] as string, new RegExp(r.behaviour));
  assert.throws(() => tpTsPlot({ kind: "other" } as any), /rsgExtrapolation/);
});

test("discrimination grids: one cell per (a, b), trained region outlined, behaviour in the title", async () => {
  const id = intervalDiscriminationGrid(await loadModel(join(FIX, "interval_discrimination_130_vanilla_20_i100.npz")), { intervals: [10, 15, 20, 25, 30, 45, 60] });
  const dd = delayedDiscriminationGrid(await loadModel(join(FIX, "delayed_discrimination_60_vanilla_20_i100.npz")), { delays: [0, 10, 19, 40], amplitudes: [2, 6, 10, 14] });
  for (const g of [id, dd] as DiscriminationGrid[]) {
    assert.equal(findRenderer(g)?.kind, "rnn-atlas/discrimination-grid");
    const b = await bundleOf(g);
    assert.deepEqual(Object.keys(b).sort(), [VL, SVG, "text/html", "text/plain"]);
    const x = staticPicture(b);
    assert.equal(marks(x, "rect"), g.cells.length, `${g.kind}: one rect per cell`);
    const spec = b[VL] as any;
    assert.ok(spec.title.text.includes(g.behaviour));
    const outline: { x: number; y: number; x2: number; y2: number }[] = spec.layer[1].data.values;
    assert.ok(outline.length >= 4 && marks(x, "rule") === outline.length, `${g.kind}: outline drawn`);
    const cells = spec.layer[0].data.values as { i: number; j: number; trained: boolean }[];
    // each outline segment separates a trained cell from a non-trained (or missing) one
    // (grid positions without a cell, like t1 = t2, may lie on either side)
    const state = new Map(cells.map((c) => [`${c.i},${c.j}`, c.trained ? "T" : "N"]));
    let trainedSides = 0;
    for (const s of outline) {
      const mid = { x: (s.x + s.x2) / 2, y: (s.y + s.y2) / 2 };
      const side = (s.x === s.x2 ? [`${mid.x - 0.5},${mid.y}`, `${mid.x + 0.5},${mid.y}`] : [`${mid.x},${mid.y - 0.5}`, `${mid.x},${mid.y + 0.5}`]).map((k) => state.get(k) ?? "M");
      assert.ok(!(side[0] === "T" && side[1] === "T") && !(side[0] === "N" && side[1] === "N"), `${g.kind}: segment on the boundary (${side})`);
      trainedSides += side.filter((v) => v === "T").length;
    }
    assert.ok(trainedSides > 0);
    // every trained cell lies inside the outline: no trained cell borders a non-trained one without a segment
    for (const c of cells.filter((c) => c.trained)) {
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        if (state.get(`${c.i + di},${c.j + dj}`) !== "N") continue;
        const seg = di ? { x: c.i + di / 2, y: c.j - 0.5, x2: c.i + di / 2, y2: c.j + 0.5 } : { x: c.i - 0.5, y: c.j + dj / 2, x2: c.i + 0.5, y2: c.j + dj / 2 };
        assert.ok(outline.some((s) => s.x === seg.x && s.y === seg.y && s.x2 === seg.x2 && s.y2 === seg.y2), `${g.kind}: boundary of cell ${c.i},${c.j}`);
      }
    }
  }
  assert.throws(() => discriminationGridPlot({ kind: "x" } as any), /intervalDiscriminationGrid/);
});

test("a discrimination grid of more than 400 cells is one PNG (green correct, red wrong, white where no trial), with its legend and outline", async () => {
  const { decodePng } = await import("../../browser/png");
  const dd = delayedDiscriminationGrid(await loadModel(join(FIX, "delayed_discrimination_60_vanilla_20_i100.npz")), { delays: [0, 5, 10, 15, 19, 25, 30, 40], amplitudes: [2, 4, 6, 8, 10, 12, 14, 16] });
  assert.ok(dd.cells.length > 400, `${dd.cells.length} cells`);
  const fig = discriminationGridPlot(dd);
  const spec = fig.vegaLite as any;
  assert.equal(spec.layer[0].mark.type, "image");
  const b = await bundleOf(fig);
  const svg = b[SVG] as string;
  const png = /<image\b[^>]*href="data:image\/png;base64,([^"]+)"/.exec(svg);
  assert.ok(png, "no raster in the static picture");
  assert.equal(marks(staticPicture(b), "rect"), 0, "no rect per cell");
  assert.match(svg, /role-legend/);
  const outline = spec.layer[spec.layer.length - 1].data.values as unknown[];
  assert.ok(outline.length >= 4 && marks(staticPicture(b), "rule") === outline.length, "outline drawn");
  // Pixel colours: count cells drawn correct/wrong against the grid's own counts.
  const img = decodePng(Buffer.from(png![1]!, "base64"));
  const as = new Set(dd.cells.map((c) => c.a)).size, bs = new Set(dd.cells.map((c) => c.b)).size;
  const k = img.width / as;
  assert.ok(Number.isInteger(k) && img.height === bs * k, `cells are k×k blocks (${img.width}×${img.height} for ${as}×${bs})`);
  let green = 0, red = 0;
  for (let r = 0; r < bs; r++) for (let c = 0; c < as; c++) {
    const o = 4 * (r * k * img.width + c * k);
    const rgb = [img.data[o], img.data[o + 1], img.data[o + 2]].join(",");
    if (rgb === "84,162,75") green++;
    else if (rgb === "228,87,86") red++;
  }
  assert.equal(green, dd.cells.filter((c) => c.correct).length);
  assert.equal(red, dd.cells.filter((c) => !c.correct).length);
});

test("type histogram: counts most frequent first, coverage in the title", async () => {
  const labels = ["A", "B", "A", "C", "A", "B", "A", "D"];
  assert.deepEqual(typeCounts(labels), [["A", 4], ["B", 2], ["C", 1], ["D", 1]]);
  const fig = typeHistogram(labels);
  const b = (await fig.bundle()) as MimeBundle;
  const spec = b[VL] as any;
  assert.match(spec.title.text, /main type cover 50\.0 %/);
  assert.deepEqual(spec.data.values.map((r: any) => r.count), [4, 2, 1, 1]);
  assert.equal(marks(staticPicture(b), "rect"), 4);
  const two = typeHistogram(new Map([["x", 3], ["y", 1]]), { mainTypes: 2 });
  assert.match((two.vegaLite as any).title.text, /main types cover 100\.0 %/);
  const given = typeHistogram({ p: 9, q: 1 }, { mainTypeCoverage: 0.875 });
  assert.match((given.vegaLite as any).title.text, /87\.5 %/);
  assert.throws(() => typeHistogram([]), /no networks/);
  assert.throws(() => typeHistogram({ a: 1 }, { mainTypeCoverage: 2 }), /\[0, 1\]/);
});

test("confusion matrix: row-normalised cells with their values", async () => {
  const m = [
    [8, 2],
    [1, 9],
  ];
  assert.deepEqual(rowNormalise([[1, 3], [0, 0]]), [[0.25, 0.75], [0, 0]]);
  const fig = confusionMatrixPlot(m, ["LC", "FP"]);
  const b = fig[JUPYTER_DISPLAY]() as MimeBundle;
  const x = staticPicture(b);
  assert.equal(marks(x, "rect"), 4);
  const values = (b[VL] as any).data.values;
  assert.deepEqual(values.map((v: any) => v.share), [0.8, 0.2, 0.1, 0.9]);
  assert.deepEqual(values.map((v: any) => v.label), ["80 % (8)", "20 % (2)", "10 % (1)", "90 % (9)"]);
  assert.ok((b[SVG] as string).includes("90 % (9)"), "values written in the cells");
  assert.match(b["text/plain"] as string, /accuracy 85\.0 % of 20/);
  assert.throws(() => confusionMatrixPlot(m, ["only one"]), /labels/);
});

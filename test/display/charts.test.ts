import { test } from "node:test";
import assert from "node:assert/strict";
import { Figure, JUPYTER_DISPLAY, MimeBundle, heatmap, lineChart, scatter, scatter3d, toMimeBundle } from "../../src/display";
import { renderVegaLiteSvg, renderVegaLiteSvgSync } from "../../src/display/vega";
import { checkStaticPicture, countMarks } from "./helpers";

const VL = "application/vnd.vegalite.v5+json";
const PLOTLY = "application/vnd.plotly.v1+json";

async function bundleOf(f: Figure): Promise<MimeBundle> {
  const b = await toMimeBundle(f);
  assert.ok(b, "figure gives a bundle");
  return b!;
}

test("lineChart: named series → vega-lite + SVG with one line per series + <img> + text", async () => {
  const f = lineChart({ train: [1, 0.5, 0.25, 0.2], test: [1.2, 0.7, 0.4, 0.35] }, { title: "loss", yScale: "log" });
  const b = await bundleOf(f);
  assert.deepEqual(Object.keys(b).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/html", "text/plain"]);
  const x = checkStaticPicture(b);
  assert.equal(countMarks(x, "line"), 2);
  assert.match(b["text/plain"] as string, /2 series, 8 points/);
  const spec = b[VL] as any;
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.equal(spec.encoding.y.scale.type, "log");
  assert.deepEqual(new Set(spec.data.values.map((v: any) => v.series)), new Set(["train", "test"]));
});

test("lineChart: plain numbers, rows with accessors, down-sampling and rounding", async () => {
  const n = 10_000;
  const ys = Array.from({ length: n }, (_, i) => Math.sin(i / 100) + 1 / 3);
  const f = lineChart(ys, { maxPoints: 500 });
  const values = (f.vegaLite as any).data.values as { x: number; y: number }[];
  assert.equal(values.length, 500);
  assert.equal(values[0].x, 0);
  assert.equal(values[values.length - 1].x, n - 1, "keeps the last point");
  for (const v of values) assert.ok(String(Math.abs(v.y)).replace(/^0\.0*|\./g, "").length <= 4, `rounded: ${v.y}`);
  assert.match(f.description, /down-sampled/);
  const rows = [{ step: 1, l: 3, m: "a" }, { step: 2, l: 2, m: "a" }, { step: 1, l: 4, m: "b" }];
  const g = lineChart(rows, { x: "step", y: (d) => d.l * 2, series: "m" });
  const gv = (g.vegaLite as any).data.values;
  assert.deepEqual(gv[0], { x: 1, y: 6, series: "a" });
  assert.equal((g.vegaLite as any).encoding.x.title, "step");
  checkStaticPicture(await bundleOf(g));
});

test("lineChart: bad input gets a clear error", () => {
  assert.throws(() => lineChart([1, -1], { yScale: "log" }), /needs every y > 0/);
  assert.throws(() => lineChart([{ x: 1, y: "a" }] as any), /expected a number/);
  assert.throws(() => lineChart({ a: "nope" } as any), /series "a" must be an array of numbers/);
});

test("scatter: tuples and rows, colour by value, points drawn", async () => {
  const pts = Array.from({ length: 50 }, (_, i) => [Math.cos(i), Math.sin(i), i] as [number, number, number]);
  const f = scatter(pts, { color: 2, title: "circle" });
  const b = await bundleOf(f);
  const x = checkStaticPicture(b);
  assert.equal(countMarks(x, "symbol"), 50);
  assert.equal((b[VL] as any).encoding.color.type, "quantitative");
  const g = scatter([{ a: 1, b: 2, k: "u" }, { a: 2, b: 1, k: "v" }], { x: "a", y: "b", color: "k" });
  assert.equal((g.vegaLite as any).encoding.color.type, "nominal");
  assert.equal(countMarks(checkStaticPicture(await bundleOf(g)), "symbol"), 2);
  assert.equal((scatter(pts, { maxPoints: 10 }).vegaLite as any).data.values.length, 10);
});

test("heatmap: one rect per cell, diverging scale centred on 0, pooling of large matrices", async () => {
  const m = [[1, -2, 3], [4, 5, -6]];
  const b = await bundleOf(heatmap(m, { title: "W" }));
  const x = checkStaticPicture(b);
  assert.equal(countMarks(x, "rect"), 6);
  const scale = (b[VL] as any).encoding.color.scale;
  assert.equal(scale.scheme, "blueorange");
  assert.deepEqual(scale.domain, [-6, 6]);
  assert.match(b["text/plain"] as string, /2×3/);
  const big = { data: Float64Array.from({ length: 200 * 100 }, (_, i) => i % 7), shape: [200, 100] };
  const f = heatmap(big, { maxSide: 20 });
  const vals = (f.vegaLite as any).data.values;
  assert.equal(vals.length, 20 * 20, "pooled 10×5 blocks: 200/10 rows, 100/5 columns");
  assert.match(f.description, /mean-pooled to 20×20/);
  // Block means: the first pooled cell averages rows 0-9, columns 0-4 of i % 7.
  const first = Array.from({ length: 10 }, (_, r) => [0, 1, 2, 3, 4].map((c) => (r * 100 + c) % 7)).flat();
  assert.equal(vals[0].v, Number((first.reduce((a, b) => a + b) / first.length).toPrecision(4)));
  assert.throws(() => heatmap([[1, 2], [3]]), /equal-length rows/);
});

test("heatmap: a grid of more than 400 cells is one sharp PNG inside the SVG, coloured as vega's legend, not a rect per cell", async () => {
  const { decodePng } = await import("../browser/png");
  const { vegaSchemeColor } = await import("../../src/display/raster");
  const n = 40;
  const m = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === 0 && c === n - 1 ? 1 : r === n - 1 && c === 0 ? -1 : 0.5 * Math.sin(r + c))));
  const b = await bundleOf(heatmap(m, { title: "big" }));
  const svg = b["image/svg+xml"] as string;
  assert.equal(countMarks(checkStaticPicture(b), "rect"), 0, "no rect per cell");
  const hrefs = [...svg.matchAll(/<image\b[^>]*href="data:image\/png;base64,([^"]+)"/g)].map((x) => x[1]!);
  assert.equal(hrefs.length, 1, "one raster image");
  assert.ok(svg.length < 40_000, `the static picture stays small (${svg.length} chars; a rect per cell was ~240 000)`);
  assert.match(svg, /role-legend/, "the colour legend is drawn");
  const img = decodePng(Buffer.from(hrefs[0]!, "base64"));
  const k = img.width / n;
  assert.ok(Number.isInteger(k) && k >= 1 && img.height === n * k, `each cell is a k×k block (${img.width}×${img.height})`);
  // Row 0 on top, as in the rect form: the top-right cell holds the maximum (+1 on a domain of ±1).
  const px = (r: number, c: number) => Array.from(img.data.subarray(4 * ((r * k) * img.width + c * k), 4 * ((r * k) * img.width + c * k) + 3));
  assert.deepEqual(px(0, n - 1), vegaSchemeColor("blueorange")(1));
  assert.deepEqual(px(n - 1, 0), vegaSchemeColor("blueorange")(0));
});

test("scatter3d: plotly traces + live HTML with <img> fallback + static projection", async () => {
  const traj = Array.from({ length: 3 }, (_, k) => Array.from({ length: 5000 }, (_, t) => [Math.cos(t / 50 + k), Math.sin(t / 50), t / 5000]));
  const f = scatter3d(traj, { title: "orbits" });
  const b = await bundleOf(f);
  assert.deepEqual(Object.keys(b).sort(), [PLOTLY, "image/svg+xml", "text/html", "text/plain"].sort());
  const fig = b[PLOTLY] as any;
  assert.equal(fig.data.length, 3);
  assert.equal(fig.data[0].type, "scatter3d");
  assert.equal(fig.data[0].mode, "lines");
  assert.equal(fig.data[0].x.length, 1500, "down-sampled to the default cap");
  assert.equal(fig.data[0].z[1499], 0.9998, "last point kept, rounded to 4 significant digits");
  // Coloured by time, every trace shares the colour bar: no legend of identical swatches on top of it.
  assert.ok(fig.data[0].line.color, "coloured by a value");
  assert.equal(fig.layout.showlegend, false);
  // Seen from farther than plotly's default eye (1.25): the default cut off axis titles at the plot's edge.
  assert.ok(fig.layout.scene.camera.eye.x > 1.25 && fig.layout.scene.xaxis.title.text, "scene camera / axis titles");
  const html = b["text/html"] as string;
  assert.match(html, /window\.Plotly\.newPlot/);
  assert.match(html, /setTimeout\(go, 50\)/, "polls until plotly is loaded");
  assert.equal(html.match(/<\/script>/g)!.length, 1);
  const svg = b["image/svg+xml"] as string;
  const img = /<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
  assert.ok(img, "fallback <img> inside the html");
  assert.equal(Buffer.from(img![1], "base64").toString(), svg);
  const { parseXml } = await import("./xml");
  const x = parseXml(svg);
  assert.equal(countMarks(x, "line"), 3);
  assert.ok(JSON.stringify(b).length < 400_000, `output stays small (${JSON.stringify(b).length} bytes)`);
  const pts = scatter3d([{ a: 1, b: 2, c: 3, g: "p" }, { a: 2, b: 1, c: 0, g: "q" }], { x: "a", y: "b", z: "c", series: "g" });
  const pb = await bundleOf(pts);
  assert.equal((pb[PLOTLY] as any).data.length, 2);
  assert.equal((pb[PLOTLY] as any).data[0].mode, "markers");
  assert.equal((pb[PLOTLY] as any).layout.showlegend, true, "series in their own colours keep their legend");
  assert.equal(countMarks(parseXml(pb["image/svg+xml"] as string), "symbol"), 2);
  // Untitled, the 3-D view still has a title, and the static picture's caption speaks to a reader
  // of a shared notebook (which function to call means nothing to them).
  assert.equal((pb[PLOTLY] as any).layout.title.text, "3-D view");
  const sub = ((pts.vegaLite as any).title.subtitle as string[]).join("\n");
  assert.match(sub, /projection on \(a, b\)/);
  assert.doesNotMatch(sub, /initPlotly/);
});

test("synchronous SVG rendering equals vega's own async toSVG for every chart kind", async () => {
  const figs = [
    lineChart({ a: [1, 2, 3], b: [2, 1, 0] }),
    scatter([[1, 2], [3, 4]], { color: 0 }),
    heatmap([[1, 2], [3, -4]]),
    scatter3d([[[0, 0, 0], [1, 1, 1]]]),
  ];
  for (const f of figs) {
    const sync = renderVegaLiteSvgSync(f.vegaLite!);
    assert.ok(sync, `${f.kind} renders synchronously`);
    // Gradient ids come from a process-wide counter in vega; everything else must match.
    const norm = (svg: string) => svg.replace(/gradient_\d+/g, "gradient_N");
    assert.equal(norm(sync!), norm(await renderVegaLiteSvg(f.vegaLite!)));
    // The display method returns a finished bundle, not a promise, for inline data.
    assert.ok(!(f[JUPYTER_DISPLAY]() instanceof Promise));
  }
});

test("raster layers: an inline PNG in an image mark lands in the static SVG's href (sync and async render)", async () => {
  // 2×2 RGB PNG from the encoder the two-neuron maps use.
  const { encodePng } = await import("../../src/display/raster");
  const png = `data:image/png;base64,${encodePng(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), 2, 2).toString("base64")}`;
  const spec = {
    width: 50, height: 50,
    data: { values: [{ x: 0, y: 1, url: png }] },
    mark: { type: "image", width: 50, height: 50, align: "left", baseline: "top", aspect: false },
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, url: { field: "url", type: "nominal" } },
  };
  const { imageProblems } = await import("../integration/staticPictures");
  const sync = renderVegaLiteSvgSync(spec);
  assert.ok(sync, "renders synchronously");
  for (const svg of [sync!, await renderVegaLiteSvg(spec)]) {
    assert.equal((svg.match(/<image\b/g) ?? []).length, 1, "one image element");
    assert.deepEqual(imageProblems(svg), []);
    assert.ok(svg.includes(png), "the PNG itself is the href");
  }
});

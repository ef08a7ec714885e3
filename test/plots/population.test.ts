import { test } from "node:test";
import assert from "node:assert/strict";
import { classicalMds } from "../../src/analysis/projection/mds";
import { pairwiseDistances } from "../../src/analysis/projection/distanceMatrix";
import { findRenderer, listRenderers } from "../../src/display/registry";
import { PLOT_RENDERER_KINDS, distanceMatrixPlot, mdsMap } from "../../src/plots";
import { VL, bundleOf, marks, staticPicture, textMarks } from "./helpers";

// Six "networks" as points on a line: distances |a − b|, two architectures.
const pos = [0, 1, 2, 10, 11, 12];
const arch = ["vanilla", "vanilla", "vanilla", "gru", "gru", "gru"];
const labels = pos.map((p, i) => `${arch[i]}-${i}`);
const D = pairwiseDistances(pos, (a, b) => Math.abs(a - b), { labels });

test("renderers are registered once for each science object", () => {
  const kinds = listRenderers().map((r) => r.kind);
  for (const k of PLOT_RENDERER_KINDS) assert.equal(kinds.filter((i) => i === k).length, 1, k);
});

test("distance matrix: heatmap with one cell per pair, labelled axes, self-displaying", async () => {
  assert.equal(findRenderer(D)?.kind, "rnn-atlas/distance-matrix");
  const b = await bundleOf(D);
  assert.deepEqual(Object.keys(b).sort(), [VL, "image/svg+xml", "text/html", "text/plain"]);
  const spec = b[VL] as any;
  assert.equal(spec.data.values.length, 36);
  const { r, c, v } = spec.data.values[1];
  assert.deepEqual({ r, c, v }, { r: "vanilla-0", c: "vanilla-1", v: 1 });
  assert.equal(spec.encoding.x.sort, null, "matrix order kept");
  assert.equal(marks(staticPicture(b), "rect"), 36);
  assert.match(b["text/plain"] as string, /6 items, max distance 12/);
  // unlabelled, and a bad matrix
  const plain = distanceMatrixPlot({ size: 2, data: Float64Array.from([0, 1, 1, 0]) });
  assert.equal((plain.vegaLite as any).data.values[1].c, 1);
  assert.throws(() => distanceMatrixPlot({ size: 3, data: new Float64Array(4) } as any), /size² values/);
});

test("distance matrix of 25 labelled items (a raster): the axes are titled and name the items", async () => {
  const n = 25;
  const big = pairwiseDistances(Array.from({ length: n }, (_, i) => i), (a, b) => Math.abs(a - b), { labels: Array.from({ length: n }, (_, i) => `net-${i}`) });
  const fig = distanceMatrixPlot(big, { itemLabel: "network" });
  const spec = fig.vegaLite as any;
  assert.equal(spec.layer[0].mark.type, "image");
  assert.match(spec.layer[0].encoding.x.axis.labelExpr, /"net-0","net-1"/);
  const svg = (await bundleOf(fig))["image/svg+xml"] as string;
  assert.match(svg, /X-axis titled 'network'/);
  assert.ok(svg.includes(">net-24<"), "the last item is named on an axis");
});

test("MDS map: one dot per item, coloured by architecture, labels; the two groups separate", async () => {
  const mds = classicalMds(D, 2);
  assert.equal(findRenderer(mds)?.kind, "rnn-atlas/mds");
  const fig = mdsMap(mds, { category: arch, categoryLabel: "architecture" });
  const b = await bundleOf(fig);
  const spec = b[VL] as any;
  assert.deepEqual(spec.layer[0].encoding.color.scale.domain, ["vanilla", "gru"]);
  const x = staticPicture(b);
  assert.equal(marks(x, "symbol"), 6);
  assert.equal(textMarks(b["image/svg+xml"] as string), 6, "labels written next to the dots");
  // the plot draws the analysis' coordinates: groups on opposite sides of MDS 1
  const xs = spec.data.values.map((v: any) => v.x);
  assert.ok(Math.sign(xs[0]) === Math.sign(xs[2]) && Math.sign(xs[0]) === -Math.sign(xs[4]));
  assert.match(fig.description, /6 items, colour = architecture \(vanilla, gru\)/);
  assert.throws(() => mdsMap(mds, { category: ["a"] }), /1 categories for 6 items/);
  // the default display (no categories) still works
  assert.equal(marks(staticPicture(await bundleOf(mds)), "symbol"), 6);
});

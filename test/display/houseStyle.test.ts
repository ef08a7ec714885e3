// The house style every chart gets: legend labels are not truncated, and a legend never repeats a colour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lineChart } from "../../src/display/lineChart";
import { scatter } from "../../src/display/scatter";
import { renderVegaLiteSvgSync } from "../../src/display/vega";

function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/role-legend-label[^>]*>(?:<[^>]*>)*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}
function legendSwatchFills(svg: string): string[] {
  return [...svg.matchAll(/role-legend-symbol[^>]*><(?:path|use)[^>]*fill="([^"]+)"/g)].map((m) => m[1]!);
}

test("legend labels are shown whole, not cut at 160 px with an ellipsis", () => {
  const long = "saddle 0: ‖x − x_lin‖ / ‖δ₀‖ along the unstable mode, relative";
  const f = lineChart([{ t: 0, v: 1, s: long }, { t: 1, v: 2, s: long }, { t: 0, v: 2, s: "short" }, { t: 1, v: 3, s: "short" }], { x: "t", y: "v", series: "s" });
  const svg = renderVegaLiteSvgSync(f.vegaLite!)!;
  const labels = legendLabels(svg);
  assert.ok(labels.includes(long), `legend labels: ${JSON.stringify(labels)}`);
  assert.ok(!labels.some((l) => l.endsWith("…")), `a truncated legend label: ${JSON.stringify(labels)}`);
});

test("a nominal colour with 19 values gets 19 different legend colours (the default scheme has 10)", () => {
  const rows = Array.from({ length: 19 }, (_, k) => ({ x: k, y: k * k, point: `point ${k}` }));
  const svg = renderVegaLiteSvgSync(scatter(rows, { x: "x", y: "y", color: "point" }).vegaLite!)!;
  const fills = legendSwatchFills(svg);
  assert.equal(fills.length, 19, `expected 19 legend swatches, found ${fills.length}`);
  assert.equal(new Set(fills).size, 19, `legend colours repeat: ${fills.join(" ")}`);
  // Ten values or fewer keep the default scheme.
  const few = renderVegaLiteSvgSync(scatter(rows.slice(0, 4), { x: "x", y: "y", color: "point" }).vegaLite!)!;
  assert.equal(legendSwatchFills(few)[0], "#4c78a8");
});

test("side-by-side panels wider than a notebook cell wrap into rows that fit (picture and stored spec alike)", async () => {
  const { vegaLiteBundleMaybeSync, svgWidth, CELL_WIDTH } = await import("../../src/display/vega");
  const panel = (k: number) => ({ width: 380, height: 200, title: `panel ${k}`, data: { values: [{ x: 0, y: k }, { x: 1, y: k + 1 }] }, mark: "line", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
  const spec = { hconcat: [panel(0), panel(1), panel(2)] };
  assert.ok(svgWidth(renderVegaLiteSvgSync(spec)!) > CELL_WIDTH, "the test chart must start wider than a cell");
  const b = (await vegaLiteBundleMaybeSync(spec, "three panels")) as Record<string, any>;
  const stored = b["application/vnd.vegalite.v5+json"];
  assert.equal(stored.hconcat, undefined);
  assert.equal(stored.concat.length, 3);
  assert.equal(stored.columns, 2);
  assert.ok(svgWidth(b["image/svg+xml"]) <= CELL_WIDTH, `wrapped picture is ${svgWidth(b["image/svg+xml"])} px wide`);
  // A chart that fits is left as it is.
  const narrow = (await vegaLiteBundleMaybeSync({ hconcat: [panel(0), panel(1)] }, "two")) as Record<string, any>;
  assert.equal(narrow["application/vnd.vegalite.v5+json"].hconcat.length, 2);
});

test("a long subtitle is broken into lines instead of widening the picture past the cell", async () => {
  const { svgWidth, CELL_WIDTH } = await import("../../src/display/vega");
  const long = "50 stratified splits (25 % test), 61/80 networks in types ≥ 5; chance κ̄ 0.02, p = 0.0099 (100 permutations), and some more words to make it longer than any cell";
  const f = scatter([{ x: 0, y: 1 }, { x: 1, y: 0 }], { x: "x", y: "y", width: 180 });
  const spec = { ...f.vegaLite, title: { text: "Type from neural features", subtitle: long } };
  const svg = renderVegaLiteSvgSync(spec)!;
  assert.ok(svgWidth(svg) <= CELL_WIDTH, `${svgWidth(svg)} px wide`);
  assert.ok(svg.includes("stratified"), "the subtitle is still drawn");
});

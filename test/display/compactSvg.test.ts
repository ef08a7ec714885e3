// Static pictures drop digits no screen shows and the per-item ARIA text an <img> never exposes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compactSvg } from "../../src/display/compactSvg";
import { scatter } from "../../src/display/scatter";
import { renderVegaLiteSvgSync } from "../../src/display/vega";

test("compactSvg: coordinates to 2 decimals, leaf marks lose ARIA, groups, text and image data are kept", () => {
  const svg =
    `<svg width="10.123456" height="20"><g class="role-axis" role="graphics-symbol" aria-label="Y-axis titled 'loss'">` +
    `<path aria-label="x: 1.23456789; y: 2" role="graphics-symbol" aria-roledescription="point" transform="translate(29.773333333333326,226.20444444444445)" d="M1.5811388,0A1.5811388,1.5811388,0,1,1,-1.5811388,0"/>` +
    `<text x="3.14159">π ≈ 3.14159265</text><image href="data:image/png;base64,iVBORw0KGgo1.23456" x="0.333333"/></g></svg>`;
  const out = compactSvg(svg);
  assert.match(out, /transform="translate\(29\.77,226\.2\)"/);
  assert.match(out, /d="M1\.58,0A1\.58,1\.58,0,1,1,-1\.58,0"/);
  assert.match(out, /width="10\.12"/);
  assert.ok(out.includes(`<g class="role-axis" role="graphics-symbol" aria-label="Y-axis titled 'loss'">`), "group ARIA kept");
  assert.doesNotMatch(out, /aria-label="x: 1\.23456789/, "leaf ARIA dropped");
  assert.ok(out.includes(">π ≈ 3.14159265</text>"), "text content untouched");
  assert.ok(out.includes(`href="data:image/png;base64,iVBORw0KGgo1.23456"`), "image data untouched");
});

test("a rendered chart's picture is compact: at most 2 decimals in coordinates, no per-point ARIA", () => {
  const rows = Array.from({ length: 300 }, (_, k) => ({ x: Math.sin(k / 7) / 3, y: Math.cos(k / 11) / 7 }));
  const svg = renderVegaLiteSvgSync(scatter(rows, { x: "x", y: "y", title: "compact" }).vegaLite!)!;
  assert.doesNotMatch(svg, /(?:d|transform)="[^"]*\d\.\d{3}/, "a coordinate with 3 or more decimals");
  assert.doesNotMatch(svg, /<path[^>]*aria-label/, "per-point ARIA text");
  assert.match(svg, /aria-label="Y-axis titled 'y'/, "axes still name themselves");
});

test("repeated point outlines are written once and drawn with <use>: same picture in Chromium-free terms (same count, transforms, fills)", () => {
  const rows = Array.from({ length: 50 }, (_, k) => ({ x: k, y: (k * 7) % 13, g: k % 2 ? "a" : "b" }));
  const svg = renderVegaLiteSvgSync(scatter(rows, { x: "x", y: "y", color: "g" }).vegaLite!)!;
  const uses = [...svg.matchAll(/<use xlink:href="#(s[0-9a-f]{8}-\d+)"([^>]*)\/>/g)];
  assert.ok(uses.length >= 50, `expected a <use> per point, found ${uses.length}`);
  for (const [, id, attrs] of uses) {
    assert.ok(svg.includes(`<path id="${id}" d="`), `no shared outline ${id}`);
    assert.match(attrs!, /transform="translate\(/);
    assert.match(attrs!, /fill="/);
  }
  assert.match(svg, /^<svg[^>]*xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink"/);
});

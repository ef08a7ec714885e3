import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { connectivityChange, eigenSpectra, truncationLoss, changeOverlaps } from "../../../src/analysis/lowRank";
import { linearExperiment } from "../../../src/experiments";
import { spectrumChart, truncationChart, linearScalingChart, linearLearningChart } from "../../../src/plots/lowRank";
import { eigenvaluePlot } from "../../../src/plots/eigenvalues";
import { toMimeBundle } from "../../../src/display/registry";
import type { DenseMatrix } from "../../../src/analysis/linalg/matrix";

function change(n = 16) {
  const rng = new Rng(1);
  const w0 = Float64Array.from({ length: n * n }, () => rng.normal(0, 0.8 / Math.sqrt(n)));
  const w = Float64Array.from(w0);
  for (let i = 0; i < n; i++) w[i * n + ((i + 1) % n)] += 0.3; // a structured (full-rank) change
  return connectivityChange({ rows: n, cols: n, data: w0 }, { rows: n, cols: n, data: w }, { label: "test net" });
}

async function svgOf(x: unknown): Promise<string> {
  const b = await toMimeBundle(x);
  assert.ok(b, "value has no rich display");
  assert.equal(typeof b!["text/plain"], "string");
  const svg = b!["image/svg+xml"];
  assert.equal(typeof svg, "string", `no SVG in bundle: ${Object.keys(b!).join(", ")}`);
  return svg as string;
}

test("result records display themselves through the registered renderers (SVG + text)", async () => {
  const c = change();
  const svg = await svgOf(c);
  assert.match(svg, /<svg/);
  assert.match((await toMimeBundle(c))!["text/plain"] as string, /‖ΔW‖/);
  const tl = truncationLoss(c, (ws: ReadonlyArray<DenseMatrix>) => ws.map((w, k) => 1 / (1 + k) + w.rows * 0), { maxRank: 4, initialLoss: 1 });
  assert.match(await svgOf(tl), /<svg/);
  assert.match(await svgOf(eigenSpectra(c, { g: 0.8 })), /<svg/);
  const o = changeOverlaps(c, { inputs: { rows: 16, cols: 1, data: new Float64Array(16).fill(1) }, readout: { rows: 1, cols: 16, data: new Float64Array(16).fill(1) } }, { k: 2 });
  const ob = await toMimeBundle(o);
  assert.match(ob!["text/html"] as string, /<table>/);
});

test("chart specs carry the data they plot", () => {
  const c = change();
  const sc = spectrumChart(c, { top: 5 });
  const vals = (sc.vegaLite as any).data.values as any[];
  assert.equal(vals.length, 15);
  assert.ok(vals.every((v) => v.s > 0), "log-scale values must be positive");
  const ec = eigenvaluePlot(eigenSpectra(c, { g: 0.8 }));
  const layers = (ec.vegaLite as any).layer as any[];
  const circle = layers[0].data.values as any[];
  for (const p of circle) assert.ok(Math.abs(Math.hypot(p.re, p.im) - 0.8) < 1e-3);
  const tc = truncationChart(truncationLoss(c, (ws) => ws.map(() => 1), { maxRank: 2 }));
  assert.equal(((tc.vegaLite as any).layer[0].data.values as any[]).length, 3);
});

test("linear charts render with theory overlays", async () => {
  const exp = linearExperiment({ n: 24, gs: [0, 0.5], targets: [{ target: 0.5, lr0: 0.015 }], seeds: [1], epochs: 40, recordEvery: 10 });
  assert.match(await svgOf(exp), /<svg/);
  const ls = linearScalingChart(exp);
  const theory = (ls.vegaLite as any).hconcat[0].layer[0].data.values as any[];
  const last = theory[theory.length - 1];
  assert.ok(Math.abs(last.y - (1 - last.g ** 2) ** 2) < 1e-3);
  assert.match(await svgOf(linearLearningChart(exp)), /<svg/);
  // Each axis shows the title declared for it: vega-lite joins differing layer titles ("…, lo").
  const titles = (svg: string, axis: "X" | "Y") => [...svg.matchAll(new RegExp(`${axis}-axis titled '([^']*)'`, "g"))].map((m) => m[1]);
  assert.deepEqual(titles(await svgOf(ls), "Y"), ["τ_c / τ_c(g=0)   vs (1−g²)²", "normalised   vs 1−g²", "normalised   vs 1/(1−g²)", "loss / L0   vs g⁴(2−g²)²"]);
  assert.deepEqual(titles(await svgOf(ls), "X"), ["g", "g", "g", "g"]);
  assert.deepEqual(titles(await svgOf(linearLearningChart(exp)), "Y"), ["loss", "β·s_k(ΔW)"]);
});

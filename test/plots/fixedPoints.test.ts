import { test } from "node:test";
import assert from "node:assert/strict";
import { FixedPoints } from "../../src/analysis/fixedPoints/FixedPoints";
import { findFixedPoints } from "../../src/analysis/fixedPoints/findFixedPoints";
import { lineariseAndCompare } from "../../src/analysis/fixedPoints/linearise";
import { fitPca } from "../../src/analysis/projection/pca";
import { findRenderer } from "../../src/display/registry";
import { Rng } from "../../src/core/random";
import { runModel } from "../../src/models";
import {
  eigenvaluePlot,
  fixedPointsView,
  linearisationErrorPlot,
  modeSegments,
  trajectories3d,
} from "../../src/plots";
import { IDENTITY3, PLOTLY, VL, bundleOf, cubeModel, marks, nullSeparatedSegments, staticPicture, syntheticFixedPoints } from "./helpers";

test("fixedPointsView: one marker per point, one segment per drawn unstable mode, along the eigenvector", async () => {
  const fps = syntheticFixedPoints();
  assert.deepEqual(Array.from(fps.nUnstable), [0, 1, 2]);
  const fig = fixedPointsView(fps, { projection: IDENTITY3, modeScale: 0.25 });
  const b = await bundleOf(fig);
  assert.deepEqual(Object.keys(b).sort(), [PLOTLY, "image/svg+xml", "text/html", "text/plain"]);
  assert.match(b["text/html"] as string, /Plotly\.newPlot/);
  assert.equal((b[PLOTLY] as any).layout.title.text, "Fixed points", "the 3-D view is titled without a title option");
  const traces = (b[PLOTLY] as any).data as any[];
  const markerTraces = traces.filter((t) => t.mode === "markers");
  assert.equal(markerTraces.reduce((s, t) => s + t.x.length, 0), 3, "one marker per point");
  assert.deepEqual(markerTraces.map((t) => t.name), ["stable", "index 1", "index 2"]);
  assert.equal(markerTraces[0].marker.color, "#000000");
  // point 1 (index 1) draws its one mode; point 2's complex pair counts once → 2 segments
  const seg = traces.find((t) => t.name === "unstable modes");
  assert.equal(nullSeparatedSegments(seg.x), 2);
  const segs = modeSegments(fps, IDENTITY3, { modeScale: 0.25 });
  assert.equal(segs.length, 2);
  assert.deepEqual(segs[0]!.from, [0.75, 0, 0]);
  assert.deepEqual(segs[0]!.to, [1.25, 0, 0]);
  assert.deepEqual(segs[1]!.from.map((v) => Math.round(v * 1e9) / 1e9), [-0.25, 2, 0], "Re part of the complex eigenvector, normalised");
  // static picture: 3 symbols, 2 rules
  const x = staticPicture(b);
  assert.equal(marks(x, "symbol"), 3);
  assert.equal(marks(x, "rule"), 2);
  const ruleLayer = ((b["image/svg+xml"] && (fig.vegaLite as any).layer) as any[]).find((l) => l.mark.type === "rule");
  assert.equal(ruleLayer.data.values.length, 2);
  assert.match(b["text/plain"] as string, /3 \(1 stable, 1 index 1, 1 index 2\).*2 unstable-mode segments/);
  // options: no modes, and at most one mode per point
  assert.equal(modeSegments(fps, IDENTITY3, { modes: "none" }).length, 0);
  assert.throws(() => fixedPointsView(fps, { projection: IDENTITY3, modeScale: -1 }), /modeScale must be a positive number/);
  // a projection of another network is refused with a clear message
  const wrong = { mean: new Float64Array(5), components: { rows: 3, cols: 5, data: new Float64Array(15) } };
  assert.throws(() => fixedPointsView(fps, { projection: wrong }), /fitted on 5 features but the states have 3/);
});

test("FixedPoints of a real search display themselves; counts and segments match the record (cube net)", async () => {
  const model = cubeModel(3, 2);
  const rng = new Rng(3);
  const inits = Float64Array.from({ length: 400 * 3 }, () => rng.uniform(-2.5, 2.5));
  const fps = findFixedPoints(model, { inits, inputs: [0, 0, 0], maxIters: 3000 });
  // W = 2I: 3^3 fixed points (per unit 0 or ±r): 8 stable corners, 12 edges, 6 faces, 1 centre
  const nU = Array.from(fps.nUnstable);
  const hist = [0, 1, 2, 3].map((n) => nU.filter((v) => v === n).length);
  assert.deepEqual(hist, [8, 12, 6, 1], `indices ${JSON.stringify(hist)}`);
  const r = findRenderer(fps);
  assert.equal(r?.kind, "rnn-atlas/fixed-points", "FixedPoints matched by the fixed-point renderer");
  const b = await bundleOf(fps);
  assert.ok(b[PLOTLY] && b["image/svg+xml"] && b["text/html"]);
  assert.match(b["text/plain"] as string, /^FixedPoints \(vanilla, S=3\): 27 points — 8 stable, 12 index 1, 6 index 2, 1 index 3/);
  const traces = (b[PLOTLY] as any).data as any[];
  assert.equal(traces.filter((t) => t.mode === "markers").reduce((s, t) => s + t.x.length, 0), 27);
  // drawn modes: min(nUnstable, 3) per point (all eigenvalues real here) = 12 + 12 + 3
  const seg = traces.find((t) => t.name === "unstable modes");
  assert.equal(nullSeparatedSegments(seg.x), 12 * 1 + 6 * 2 + 1 * 3);
  assert.equal(marks(staticPicture(b), "symbol"), 27);

  // with trajectories underneath, in a projection fitted on them
  const T = 30;
  const B = 6;
  const inputs = new Float32Array(B * T * 3);
  for (let b2 = 0; b2 < B; b2++) for (let c = 0; c < 3; c++) inputs[b2 * T * 3 + c] = b2 % 2 ? 1 : -1;
  const run = runModel(model, inputs, { batch: B, time: T });
  const pca = fitPca(Array.from({ length: B * T }, (_, i) => run.states.subarray(i * 3, i * 3 + 3)), 3);
  const fig = fixedPointsView(fps, { projection: pca, trajectories: { data: run.states, shape: [B, T, 3] } });
  const tb = await bundleOf(fig);
  const tr = (tb[PLOTLY] as any).data as any[];
  assert.equal(tr.filter((t) => t.name === "trajectories").length, B, "one line per trial underneath");
  assert.match(fig.description, /6 trajectories underneath/);
});

test("eigenvaluePlot: unit circle (discrete) or imaginary axis (continuous); one marker per eigenvalue", async () => {
  const fps = syntheticFixedPoints();
  const b = await bundleOf(eigenvaluePlot(fps));
  assert.deepEqual(Object.keys(b).sort(), [VL, "image/svg+xml", "text/html", "text/plain"]);
  const spec = b[VL] as any;
  assert.equal(spec.layer[0].mark.type, "line");
  const circle = spec.layer[0].data.values as { re: number; im: number }[];
  for (const p of circle) assert.ok(Math.abs(Math.hypot(p.re, p.im) - 1) < 1e-3);
  const x = staticPicture(b);
  assert.equal(marks(x, "line"), 1, "the unit circle is one path");
  assert.equal(marks(x, "symbol"), 9, "3 points × 3 eigenvalues");
  assert.match(b["text/plain"] as string, /9 of 3 points.*unit circle/);
  // subset of points, and a plain list with continuous time
  assert.equal((eigenvaluePlot(fps, { points: [1] }).vegaLite as any).layer[1].data.values.length, 3);
  const c = await bundleOf(eigenvaluePlot({ re: [-1, -0.5, 0.2], im: [0, 1, -1], continuous: true }));
  const cs = c[VL] as any;
  assert.equal(cs.layer[0].mark.type, "rule");
  const cx = staticPicture(c);
  assert.equal(marks(cx, "rule"), 1, "the imaginary axis");
  assert.equal(marks(cx, "symbol"), 3);
  assert.throws(() => eigenvaluePlot(fps, { points: [5] }), /point 5 out of range/);
  const bare = new FixedPoints({ ...(fps.meta() as any), count: 1, xstar: new Float64Array(3), inputs: new Float64Array(1), xinit: new Float64Array(3), q: new Float64Array(1), iterations: new Int32Array(1), gradNorm: new Float64Array(1), F: new Float64Array(3) });
  assert.throws(() => eigenvaluePlot(bare), /no eigenvalues yet/);
  assert.match((await bundleOf(bare))["text/plain"] as string, /1 point — 1 points \(not decomposed\)/);
});

test("linearisation error vs time: a renderer for lineariseAndCompare results, log scale without zeros", async () => {
  const model = cubeModel(3, 2);
  const fps = findFixedPoints(model, { inits: [1.9, 1.9, 1.9, 0.1, 0.05, -0.02], inputs: [0, 0, 0], maxIters: 3000 });
  const cmp = lineariseAndCompare(model, fps, 0, { steps: 25, offset: 0.05 });
  assert.equal(findRenderer(cmp)?.kind, "rnn-atlas/linearisation");
  const b = await bundleOf(cmp);
  const spec = b[VL] as any;
  assert.equal(spec.encoding.y.scale.type, "log");
  const series = new Set(spec.data.values.map((v: any) => v.series));
  assert.deepEqual(series, new Set(["‖x − x_lin‖", "‖x − x*‖"]));
  assert.ok(spec.data.values.every((v: any) => v.y > 0));
  assert.equal(marks(staticPicture(b), "line"), 2);
  assert.match(b["text/plain"] as string, /over 25 steps: final error/);
  const two = linearisationErrorPlot({ a: cmp, b: cmp }, { relative: true, showDistance: false });
  assert.equal(new Set((two.vegaLite as any).data.values.map((v: any) => v.series)).size, 2);
  assert.throws(() => linearisationErrorPlot({ a: {} as any }), /"a" is not a lineariseAndCompare/);
});

test("trajectories3d: 3-D lines + static picture; colour by time, by a numeric or a categorical trial variable", async () => {
  const B = 4;
  const T = 50;
  const S = 5;
  const rng = new Rng(7);
  const data = new Float64Array(B * T * S);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let i = 0; i < S; i++) data[(b * T + t) * S + i] = Math.sin(0.1 * t * (i + 1) + b) + 0.01 * rng.normal();
  const traj = { data, shape: [B, T, S] as const };
  const fig = trajectories3d(traj);
  const b = await bundleOf(fig);
  assert.deepEqual(Object.keys(b).sort(), [PLOTLY, "image/svg+xml", "text/html", "text/plain"]);
  const traces = (b[PLOTLY] as any).data as any[];
  assert.equal(traces.length, B);
  assert.ok(traces.every((t) => t.type === "scatter3d" && t.mode === "lines" && t.x.length === T));
  assert.deepEqual(traces[0].line.color.slice(0, 3), [0, 1, 2], "coloured by time step");
  assert.match((b[PLOTLY] as any).layout.scene.xaxis.title.text, /^PC1 \(\d+%\)$/);
  assert.equal((b[PLOTLY] as any).layout.title.text, "State-space trajectories", "the 3-D view is titled without a title option");
  const x = staticPicture(b);
  assert.equal(marks(x, "line"), B, "one static line per trial");
  // numeric trial variable: one constant colour per trial
  const num = (trajectories3d(traj, { color: [0.1, 0.2, 0.3, 0.4], colorLabel: "coherence" }).plotly!.data as any[]);
  assert.deepEqual(num.map((t) => t.line.color[0]), [0.1, 0.2, 0.3, 0.4]);
  // categorical: legend groups with one entry per category
  const cat = trajectories3d(traj, { color: ["a", "b", "a", "b"] });
  const ct = cat.plotly!.data as any[];
  assert.deepEqual(ct.map((t) => t.legendgroup), ["a", "b", "a", "b"]);
  assert.equal(ct.filter((t) => t.showlegend).length, 2);
  assert.equal(ct[0].line.color, ct[2].line.color);
  assert.notEqual(ct[0].line.color, ct[1].line.color);
  assert.equal((cat.plotly!.layout as any).showlegend, true);
  // nested-array input and errors
  const nested = Array.from({ length: 2 }, (_, b2) => Array.from({ length: T }, (_, t) => Array.from(data.subarray((b2 * T + t) * S, (b2 * T + t + 1) * S))));
  assert.equal((trajectories3d(nested, { maxTrials: 1 }).plotly!.data as any[]).length, 1);
  assert.throws(() => trajectories3d(traj, { color: [1, 2] }), /color has 2 values but there are 4 trials/);
  assert.throws(() => trajectories3d({ data, shape: [B, T, 4] }), /needs 800/);
});

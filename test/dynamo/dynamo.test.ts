import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import type { Model } from "../../src/core/types";
import { getTask } from "../../src/tasks";
import { initModel } from "../../src/models/init";
import { runModel } from "../../src/models/forward";
import { fitDynamo, metaForward, metaLayout, metaLossAndGrad, MetaWorkspace, nearestNeighbourTest, coordinateDistances, type DynamoNetwork } from "../../src/analysis/dynamo";
import { findFixedPoints } from "../../src/analysis/fixedPoints";

// ---- gradient -----------------------------------------------------------------------------------

function smallProblem(seed: number) {
  const L = metaLayout({ I: 2, d: 2, H: 5, O: 2, M: 3, k: 2 });
  const rng = new Rng(seed);
  const p = Float64Array.from({ length: L.size }, () => rng.normal(0, 0.5));
  const B = 3;
  const T = 7;
  const inputs = Float64Array.from({ length: B * T * 2 }, () => (rng.random() < 0.4 ? 0 : rng.normal()));
  const data = {
    batch: B,
    time: T,
    inputs,
    outputs: [0, 1, 2].map(() => Float64Array.from({ length: B * T * 2 }, () => rng.normal())),
    pcs: [0, 1, 2].map(() => Float64Array.from({ length: B * T * 2 }, () => rng.normal())),
  };
  return { L, p, data, ws: new MetaWorkspace(L, T) };
}

test("meta-model gradient (weights, V_i, c_i and the input gradient dL/dθ) matches central finite differences", () => {
  const { L, p, data, ws } = smallProblem(1);
  const w = { output: 1.3, alpha: 0.7, thetaPenalty: 0.1 };
  const nets = [0, 2];
  const trials = [0, 2];
  const g = new Float64Array(L.size);
  metaLossAndGrad(L, p, data, nets, trials, w, ws, g);
  const f = (q: Float64Array) => metaLossAndGrad(L, q, data, nets, trials, w, ws, new Float64Array(L.size)).loss;
  let worst = 0;
  let worstTheta = 0;
  for (let j = 0; j < L.size; j++) {
    const q = p.slice();
    const e = 1e-6;
    q[j]! += e;
    const fp = f(q);
    q[j]! -= 2 * e;
    const num = (fp - f(q)) / (2 * e);
    const err = Math.abs(num - g[j]!) / Math.max(1e-6, Math.abs(num) + Math.abs(g[j]!));
    worst = Math.max(worst, err);
    if (j >= L.theta && j < L.v) worstTheta = Math.max(worstTheta, err);
  }
  assert.ok(worst < 1e-5, `worst relative error ${worst}`);
  assert.ok(worstTheta < 1e-5, `θ: worst relative error ${worstTheta}`);
  // θ of a network outside the batch gets no gradient; θ of one inside does
  assert.equal(g[L.theta + 1 * L.d], 0);
  assert.ok(Math.abs(g[L.theta]!) > 1e-6);
});

test("the loss is the mean of the per-step errors the forward pass gives", () => {
  const { L, p, data, ws } = smallProblem(2);
  const parts = metaLossAndGrad(L, p, data, [1], [0, 1, 2], { alpha: 1, thetaPenalty: 0 }, ws, new Float64Array(L.size));
  const f = metaForward(L, p, p.subarray(L.theta + L.d, L.theta + 2 * L.d), data.inputs, data.batch, data.time, 1);
  let se = 0;
  for (let j = 0; j < f.outputs.length; j++) se += (f.outputs[j]! - data.outputs[1]![j]!) ** 2;
  assert.ok(Math.abs(parts.output - se / f.outputs.length) < 1e-12);
});

// ---- a small population -------------------------------------------------------------------------

function population(n: number, spec: Partial<Model["spec"]> = {}): DynamoNetwork[] {
  const task = getTask("flipflop3");
  return Array.from({ length: n }, (_, i) => ({
    id: "net" + i,
    model: initModel({ arch: "vanilla", inputSize: task.inputSize, hiddenSize: 8, outputSize: task.outputSize, ...spec } as Model["spec"], { seed: 10 + i, scheme: "gaussian", g: i % 2 ? 0.5 : 1.5 } as never),
  }));
}

const quick = { seed: 3, hidden: 8, pcs: 3, updates: 30, netsPerUpdate: 3, trialsPerUpdate: 2, trainTrials: 4, testTrials: 2 };

test("fitDynamo: same seed gives the same bytes; the folded model at θ_i is the meta-model at θ_i", () => {
  const task = getTask("flipflop3");
  const nets = population(4);
  const a = fitDynamo(nets, task, quick);
  const b = fitDynamo(nets, task, quick);
  assert.equal(a.digest(), b.digest());
  const c = fitDynamo(nets, task, { ...quick, seed: 4 });
  assert.notEqual(a.digest(), c.digest());
  assert.equal(a.emulation.length, 4);
  for (const e of a.emulation) assert.ok(Number.isFinite(e.outputNmse) && Number.isFinite(e.hiddenR2));
  assert.ok(a.history[a.history.length - 1]!.loss < a.history[0]!.loss, "the loss decreases");
  // folded GRU (float32 params) vs the float64 meta-model at the same θ
  const val = task.trials({ batch: 2, seed: 9 });
  const th = a.theta(1);
  const run = runModel(a.modelAt(th), val.inputs, { batch: 2, time: val.time });
  const f = metaForward(a.layout, a.params, th, Float64Array.from(val.inputs), 2, val.time);
  let worst = 0;
  for (let j = 0; j < run.outputs.length; j++) worst = Math.max(worst, Math.abs(run.outputs[j]! - f.outputs[j]!));
  assert.ok(worst < 1e-4, `folded model differs by ${worst}`);
  // the fixed-point finder takes the folded model at any θ (here the mean of two networks)
  const fps = findFixedPoints(a.averagedModel([0, "net1"]), { inits: new Float64Array(4 * 8), inputs: [0, 0, 0], maxIters: 200 });
  assert.ok(fps.count >= 1);
  const D = a.distances();
  assert.equal(D.size, 4);
  assert.ok(Math.abs(D.data[1]! - Math.hypot(a.theta(0)[0]! - a.theta(1)[0]!, a.theta(0)[1]! - a.theta(1)[1]!)) < 1e-12);
});

test("thetaPath: a step count, fixed points at every step, and a bifurcation wherever the signature changes", () => {
  const task = getTask("flipflop3");
  const fit = fitDynamo(population(3), task, quick);
  const path = fit.path(fit.theta(0), fit.theta(2), { trials: task.trials({ batch: 2, seed: 1 }), steps: 4, samples: 16, seed: 5, maxIters: 300 });
  assert.equal(path.steps.length, 4);
  assert.deepEqual(Array.from(path.steps[0]!.theta), Array.from(fit.theta(0)));
  for (const s of path.steps) assert.equal(s.stable + Object.entries(s.indexHistogram).filter(([k]) => k !== "0").reduce((t, [, v]) => t + v, 0), s.count);
  const changes = path.steps.slice(1).filter((s, j) => JSON.stringify(s.indexHistogram) !== JSON.stringify(path.steps[j]!.indexHistogram)).length;
  assert.equal(path.bifurcations.length, changes);
});

// ---- bad input ----------------------------------------------------------------------------------

test("fitDynamo names the problem and the fix for populations it cannot emulate", () => {
  const task = getTask("flipflop3");
  const nets = population(3);
  assert.throws(() => fitDynamo(nets, task, { ...quick, dims: 0 }), /embedding dimension 0.*at least 1 dimension.*dims: 2/);
  assert.throws(() => fitDynamo(nets.slice(0, 1), task, quick), /at least 2/);
  assert.throws(() => fitDynamo([...nets, { ...population(1)[0]!, id: "other", task: "sinewave" }], task, quick), /mixed tasks.*fit one per task/);
  const wrongInputs = { id: "wide", model: initModel({ arch: "vanilla", inputSize: 5, hiddenSize: 8, outputSize: 3 }, { seed: 1 } as never) };
  assert.throws(() => fitDynamo([...nets, wrongInputs], task, quick), /"wide" takes 5 inputs but task "flipflop3" gives 3.*mixed input sizes/);
  assert.throws(() => fitDynamo(nets, task, { ...quick, pcs: 20 }), /8 hidden units, fewer than pcs = 20; lower pcs/);
  assert.throws(() => fitDynamo(nets, task, { ...quick, maxTrialSteps: 10 }), /trials of 64 steps exceed maxTrialSteps = 10.*shorter trials or raise maxTrialSteps/);
  // a diverging network (ReLU, large weights) cannot be emulated
  const blowUp = { id: "diverging", model: initModel({ arch: "vanilla", nonlinearity: "relu", inputSize: 3, hiddenSize: 8, outputSize: 3 }, { seed: 2, scheme: "gaussian", g: 30 } as never) };
  assert.throws(() => fitDynamo([...nets, blowUp], task, quick), /"diverging".*(non-finite|diverging).*drop it or retrain it/);
});

test("nearestNeighbourTest: separated groups beat chance, the p-value reaches its floor; one group is an error", () => {
  const coords = { rows: 8, cols: 1, data: [0, 0.1, 0.2, 0.3, 10, 10.1, 10.2, 10.3] };
  const D = coordinateDistances(coords);
  const labels = ["a", "a", "a", "a", "b", "b", "b", "b"];
  const r = nearestNeighbourTest(D, labels, { permutations: 99, seed: 1 });
  assert.equal(r.accuracy, 1);
  assert.ok(Math.abs(r.chance - 3 / 7) < 1e-12);
  assert.ok(r.pValue <= 0.05, `p = ${r.pValue}`);
  assert.throws(() => nearestNeighbourTest(D, labels.map(() => "a"), { permutations: 9, seed: 1 }), /same label/);
});

// ---- renderers ----------------------------------------------------------------------------------

test("embeddingMap and bifurcationPathPlot: titled figures whose static SVG renders, with the categories and bifurcations shown", async () => {
  const { embeddingMap, bifurcationPathPlot } = await import("../../src/plots/dynamo");
  const task = getTask("flipflop3");
  const fit = fitDynamo(population(3), task, quick);
  assert.throws(() => embeddingMap(fit, { category: ["a"] }), /1 categories for 3 networks/);
  const map = embeddingMap(fit, { category: ["x", "y", "x"], categoryLabel: "kind", markers: [{ theta: fit.meanTheta([0, 2]), label: "mean x" }], path: { a: fit.theta(0), b: fit.theta(1) }, title: "map" });
  const svg = await map.toSVG();
  assert.match(svg, /<svg/);
  assert.match(svg, /mean x/);
  assert.match(map.description, /colour = kind \(x, y\)/);
  const path = { a: fit.theta(0), b: fit.theta(1), steps: [0, 0.5, 1].map((s, j) => ({ s, theta: fit.theta(0), fixedPoints: null as never, count: j === 2 ? 3 : 1, stable: 1, indexHistogram: (j === 2 ? { 0: 1, 1: 2 } : { 0: 1 }) as Record<number, number> })),
    bifurcations: [{ after: 1, s: 0.75, theta: fit.theta(0), from: { count: 1, stable: 1 }, to: { count: 3, stable: 1 }, kind: "count" as const }] };
  const fig = bifurcationPathPlot(path, { from: "A", to: "B" });
  assert.match(await fig.toSVG(), /<svg/);
  assert.match(fig.description, /bifurcations at s = 0\.75/);
  assert.match(JSON.stringify(fig.vegaLite), /fixed points from A to B/);
});

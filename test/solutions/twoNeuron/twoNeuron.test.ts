import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readNpy } from "../../../src/io";
import { runModel, twoNeuronSpec } from "../../../src/models";
import { toMimeBundle } from "../../../src/display";
import {
  classifyTwoNeuron,
  twoNeuronEig as eig2,
  twoNeuronGradientScratch as gradientScratch,
  twoNeuronLossAndGradient as lossAndGradient,
  twoNeuronLoss as lossOf,
  predictTypeFromInitial,
  selectTwoNeuronExamples,
  twoNeuronLossSlice,
  twoNeuronPhasePortrait,
  twoNeuronStats,
  TWO_NEURON_PROBLEM,
  type TwoNeuronIntegration as Integration,
} from "../../../src/solutions/twoNeuron";
import { trainTwoNeuronPopulation } from "../../../src/experiments";
import "../../../src/plots/twoNeuron";
import { PLOT_RENDERER_KINDS } from "../../../src/plots/register";

const FIXTURE = path.resolve(__dirname, "../../../../../shared/fixtures/turner2021");

test("BPTT gradient matches central finite differences (Euler and RK4)", () => {
  const integs: Integration[] = [{ method: "euler", dt: 0.1 }, { method: "rk4", dt: 0.1 }, { method: "rk4", dt: 0.25 }];
  const Ws = [[1.09, 0.75, -2.4, 1.17], [-0.76, 0.3, 1.2, 1.3], [0.4, -1.2, 0.9, -0.3]];
  for (const integ of integs) {
    const n = Math.round(10 / integ.dt);
    const scratch = gradientScratch(n);
    for (const W of Ws) {
      const g = new Float64Array(4);
      const l = lossAndGradient(W, 0, n, integ, TWO_NEURON_PROBLEM, scratch, g);
      assert.ok(Math.abs(l - lossOf(W, 0, integ)) < 1e-12, "loss from the gradient pass equals the plain forward loss");
      for (let k = 0; k < 4; k++) {
        const h = 1e-6;
        const p = W.slice(); p[k]! += h;
        const m = W.slice(); m[k]! -= h;
        const fd = (lossOf(p, 0, integ) - lossOf(m, 0, integ)) / (2 * h);
        assert.ok(Math.abs(fd - g[k]!) <= 1e-6 * Math.max(1, Math.abs(fd)), `${integ.method} dt ${integ.dt} W=${W} dW${k}: analytic ${g[k]} vs FD ${fd}`);
      }
    }
  }
});

test("Euler integration agrees with the library's leaky model (runModel)", () => {
  const W = [0.8, -1.3, 1.1, 0.6];
  const model = { spec: twoNeuronSpec(), params: { weight_hh_l0: Float32Array.from(W), weight_ih_l0: new Float32Array(2), bias_hh_l0: new Float32Array(2) } };
  const Wf = Array.from(model.params.weight_hh_l0); // float32-rounded, as runModel sees it
  const { outputs } = runModel(model, new Float32Array(100), { batch: 1, time: 100, h0: Float32Array.from([1, 0]) });
  const xT = [outputs[2 * 99]!, outputs[2 * 99 + 1]!];
  const loss = 0.5 * (xT[0]! ** 2 + (xT[1]! - 1) ** 2);
  assert.ok(Math.abs(loss - lossOf(Wf, 0, { method: "euler", dt: 0.1 })) < 1e-9, `runModel loss ${loss}`);
});

test("classification of hand-built W of each type", () => {
  assert.equal(classifyTwoNeuron([0.5, 0, 0, 0.5]), "SO");
  assert.equal(classifyTwoNeuron([1, 0, 0, 1]), "SO", "max Re λ = 1 exactly is still a stable origin (≤ 1)");
  assert.equal(classifyTwoNeuron([0.9, -3, 3, 0.9]), "SO", "complex but Re < 1: spiral into the origin");
  assert.equal(classifyTwoNeuron([1.5, -1, 1, 1.5]), "LC");
  assert.equal(classifyTwoNeuron([2, 0, 0, 0.5]), "FP");
  assert.equal(classifyTwoNeuron([1.5, 1, 1, 1.5]), "FP", "symmetric: real eigenvalues 2.5, 0.5");
  // |Im| = 0.005 ≤ 0.01 counts as real
  assert.equal(classifyTwoNeuron([1.5, -0.005, 0.005, 1.5]), "FP");
  assert.equal(classifyTwoNeuron([1.5, -0.02, 0.02, 1.5]), "LC");
  const e = eig2([1.5, -1, 1, 1.5]);
  assert.ok(Math.abs(e.re1 - 1.5) < 1e-15 && Math.abs(e.im - 1) < 1e-15);
  // The dynamics agree with the label: an FP net settles, an LC net keeps moving.
  const speedAt = (W: number[], t: number) => {
    const p = twoNeuronPhasePortrait(W, { gridSize: 2, quiverSize: 2, horizon: t, sampleEvery: 100 });
    const k = p.trajectory.t.length - 1;
    return Math.hypot(p.trajectory.x[k]! - p.trajectory.x[k - 1]!, p.trajectory.y[k]! - p.trajectory.y[k - 1]!);
  };
  assert.ok(speedAt([2, 0, 0, 0.5], 60) < 1e-6, "FP example is at rest at t = 60");
  assert.ok(speedAt([1.5, -1, 1, 1.5], 60) > 1e-2, "LC example still moves at t = 60");
});

test("the authors' 10,000 trained W: 7,080 good, LC 48.4 %, FP 51.0 %, SO 0.6 %", () => {
  const file = path.join(FIXTURE, "two_neuron_W.npy");
  assert.ok(fs.existsSync(file), `fixture missing: ${file}`);
  const W = readNpy(file);
  assert.deepEqual([...W.shape], [10000, 2, 2]);
  const check = JSON.parse(fs.readFileSync(path.join(FIXTURE, "two_neuron_check.json"), "utf8"));
  const s = twoNeuronStats(W, { label: "authors" });
  assert.ok(Math.abs(s.goodCount - 7080) <= 20, `good count ${s.goodCount} (paper 7,080)`);
  assert.ok(Math.abs(s.goodTypeFractions.LC - 0.484) <= 0.01, `LC ${s.goodTypeFractions.LC}`);
  assert.ok(Math.abs(s.goodTypeFractions.FP - 0.510) <= 0.01, `FP ${s.goodTypeFractions.FP}`);
  assert.ok(Math.abs(s.goodTypeFractions.SO - 0.006) <= 0.01, `SO ${s.goodTypeFractions.SO}`);
  for (let i = 0; i < 5; i++) {
    const ref = check.first5_loss[i] as number;
    assert.ok(Math.abs(s.loss[i]! - ref) <= 1e-9 + 1e-6 * ref, `net ${i}: loss ${s.loss[i]} vs ${ref}`);
  }
  // Example selection on the authors' population gives one good net of each type.
  const ex = selectTwoNeuronExamples(W, s);
  for (const t of ["SO", "LC", "FP"] as const) {
    assert.ok(ex[t] >= 0 && s.good[ex[t]] === 1 && s.types[ex[t]] === t, `${t} example ${ex[t]}`);
  }
});

test("training is reproducible by seed, lowers the loss and yields solvers", () => {
  const a = trainTwoNeuronPopulation({ count: 24, seed: 5, steps: 400 });
  const b = trainTwoNeuronPopulation({ count: 24, seed: 5, steps: 400 });
  const c = trainTwoNeuronPopulation({ count: 24, seed: 6, steps: 400 });
  assert.deepEqual(a.finalW, b.finalW);
  assert.deepEqual(a.initialW, b.initialW);
  assert.notDeepEqual(a.initialW, c.initialW);
  for (let i = 0; i < a.initialW.length; i++) assert.ok(Math.abs(a.initialW[i]!) <= 1.5);
  const before = twoNeuronStats(a.initialW);
  const meanLog = (x: Float64Array) => x.reduce((s, v) => s + Math.log10(v), 0) / x.length;
  assert.ok(meanLog(a.final.loss) < meanLog(before.loss) - 2, "training lowers the loss by orders of magnitude");
  assert.ok(a.final.goodCount >= 8, `only ${a.final.goodCount}/24 solved after 400 Adam steps`);
  assert.ok(a.history.length > 0 && a.history[a.history.length - 1]!.iteration <= 400);
});

test("loss slice plane contains the three examples; prediction and renderers run", async () => {
  const three = [1.09, 0.75, -2.4, 1.17, -0.76, 0.0, 1.22, 1.32, 0.75, -0.02, 0.67, 1.27];
  const s = twoNeuronLossSlice(three, { cols: 12, rows: 10 });
  assert.equal(s.log10Loss.length, 120);
  for (const e of s.examples) {
    const back = e.W.map((_, k) => s.mean[k]! + e.pc1 * s.components[0][k]! + e.pc2 * s.components[1][k]!);
    back.forEach((v, k) => assert.ok(Math.abs(v - e.W[k]!) < 1e-9, "W = mean + p1·PC1 + p2·PC2 exactly (three points span a plane)"));
  }
  assert.ok(Math.abs(s.explained[0] + s.explained[1] - 1) < 1e-12);
  const tr = trainTwoNeuronPopulation({ count: 40, seed: 1, steps: 300 });
  const p = predictTypeFromInitial(tr.initialW, tr.final.types, { seed: 2, folds: 3, nEstimators: 5 });
  assert.equal(p.confusion.flat().reduce((a, b) => a + b, 0), 40);
  assert.ok(p.accuracy >= 0 && p.accuracy <= 1 && p.baseRate >= 1 / 3);
  const pp = twoNeuronPhasePortrait(three.slice(0, 4), { gridSize: 20 });
  for (const v of [pp, s, tr, tr.final, p]) {
    const bundle = (await toMimeBundle(v)) ?? {};
    assert.ok(typeof bundle["image/svg+xml"] === "string" && (bundle["image/svg+xml"] as string).includes("<svg"), `${(v as { kind: string }).kind} renders an SVG`);
  }
  assert.equal(PLOT_RENDERER_KINDS.filter((k) => k.startsWith("rnn-atlas/two-neuron-")).length, 5);
});

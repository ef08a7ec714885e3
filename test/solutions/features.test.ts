import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { fitLinearSvm, svmMargin, meanSpeed, logCurvatureRange, planarCurvature, firstPcRatio, pathLength } from "../../src/solutions/features";
import { neuralFeatures } from "../../src/solutions/features";
import { FIXTURE_DIR } from "./fixtures";
import { compareFeatures } from "./featuresReport";
import { fixtureNets } from "./fixtures";

test("geometry: circle curvature 1/r, speed convention, path length, PC1 share", () => {
  const r = 4;
  const circle = Array.from({ length: 200 }, (_, i) => [r * Math.cos(i * 0.01), r * Math.sin(i * 0.01)] as [number, number]);
  const k = planarCurvature(circle);
  for (let i = 2; i < 198; i++) assert.ok(Math.abs(k[i]! - 1 / r) < 1e-3, `curvature ${k[i]} at ${i}`);
  // the same circle embedded in 5-D: curvature is measured in its top-2 PC plane
  const c5 = circle.map(([x, y]) => Float64Array.from([x, 0, y, 0, 0]));
  // (end points use one-sided differences, numpy.gradient's convention, so compare with the planar values)
  const { min, max } = logCurvatureRange(c5);
  const l = [...k].map(Math.log10);
  assert.ok(Math.abs(min - Math.min(...l)) < 1e-9 && Math.abs(max - Math.max(...l)) < 1e-9);
  // steps of RMS size 1 and 2: the mean counts the last step twice (the authors' convention)
  const p = [[0, 0], [1, 1], [3, 3]];
  assert.ok(Math.abs(meanSpeed(p) - (1 + 2 + 2) / 3) < 1e-12);
  assert.ok(Math.abs(pathLength(p) - 3 * Math.SQRT2) < 1e-12);
  assert.ok(Math.abs(firstPcRatio([[0, 0], [1, 0], [2, 0], [3, 0]]) - 1) < 1e-12);
});

test("linear SVM: hard margin of a separable set, 0 when classes overlap", () => {
  const a = [[-1, 0], [-2, 1], [-1.5, -1]];
  const b = [[1, 0], [2, 1], [1.5, -1]];
  const fit = fitLinearSvm(a, b, { standardise: false });
  assert.equal(fit.accuracy, 1);
  assert.ok(Math.abs(fit.margin - 2) < 1e-3, `margin ${fit.margin}`);
  assert.ok(fit.converged);
  assert.equal(svmMargin([[0], [2]], [[1], [3]]), 0);
  assert.throws(() => fitLinearSvm([], b), /at least one point/);
});

// Authors' numbers: each fixture network's row of the stored feature matrix (turner2021 README).
// RSG (vanilla, GRU, LSTM; 25 nets): all 11 features are reproduced. Measured worst relative
// differences ≈ 5e-5 (the authors ran float32 PyTorch), svm_margin ≈ 2e-4 (libsvm stops at a KKT
// tolerance of 1e-3 like ours, so the margins differ at that level), curvature_min up to 3e-3 in
// log10 units (the flattest point of a trajectory; its curvature is a small difference of float32
// products). Tolerances: 1e-3 relative (+1e-6 absolute); svm_margin 1e-2 relative or both exactly
// 0; curvature_min 0.01 absolute (log10).
// Interval / delayed discrimination: only first_pc (ID) and speed_end (both) match; their other
// stored columns come from epoch choices that differ from the published extractor (e.g. for ID
// net 20/i100 the stored curvature and epoch-1 speed ratio are reproduced exactly by states 8–14
// of a t1 = 15 trial, not by the code's t1 = 30 segment), so they are not asserted.
const has = fs.existsSync(FIXTURE_DIR);
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.abs(b) + 1e-6;

test("neural features of the fixture networks match the authors' stored rows", { skip: !has && "fixtures not present" }, () => {
  const nets = fixtureNets();
  assert.equal(nets.length, 41);
  const bad: string[] = [];
  let checked = 0;
  for (const net of nets) {
    const c = compareFeatures(net);
    const want =
      net.task === "rsg" ? c.names : net.task === "interval-discrimination" ? ["first_pc", "speed_end"] : ["speed_end"];
    for (const name of want) {
      const i = c.names.indexOf(name);
      const a = c.ours[i]!;
      const b = c.stored[i]!;
      const ok =
        name === "svm_margin" ? (a === 0 && b === 0) || (a > 0 && b > 0 && close(a, b, 1e-2)) : name === "curvature_min" ? Math.abs(a - b) <= 0.01 : close(a, b, 1e-3);
      checked++;
      if (!ok) bad.push(`${net.name} ${name}: ours ${a} stored ${b}`);
    }
  }
  assert.equal(checked, 25 * 11 + 8 * 2 + 8 * 1);
  assert.deepEqual(bad, []);
});

test("features reject a network of the wrong shape and an unknown task", () => {
  const spec = { arch: "vanilla" as const, inputSize: 3, hiddenSize: 4, outputSize: 1 };
  const params = { weight_ih_l0: new Float32Array(12), weight_hh_l0: new Float32Array(16), bias_ih_l0: new Float32Array(4), bias_hh_l0: new Float32Array(4), "readout.weight": new Float32Array(4), "readout.bias": new Float32Array(1) };
  assert.throws(() => neuralFeatures({ spec, params }, "rsg"), /3 inputs/);
  assert.throws(() => neuralFeatures({ spec, params }, "flipflop3"), /no feature recipe/);
});

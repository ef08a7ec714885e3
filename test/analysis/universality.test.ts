import { test } from "node:test";
import assert from "node:assert/strict";
import type { Model } from "../../src/core/types";
import { Rng } from "../../src/core/random";
import { findFixedPoints } from "../../src/analysis/fixedPoints";
import { fixedPointTopology } from "../../src/analysis/topology";
import { svcca } from "../../src/analysis/projection/svcca";
import { toDistanceMatrix } from "../../src/analysis/projection/distanceMatrix";
import { groupSeparation, saddleLinks, separationTest, svccaDistances } from "../../src/analysis/universality";

function randomActivity(rows: number, cols: number, seed: number): { rows: number; cols: number; data: Float64Array } {
  const rng = new Rng(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal()) };
}

test("svccaDistances equals svcca on every pair, symmetric with a zero diagonal", () => {
  // Distinct variances per column, so each network's top-4 directions are well defined.
  const base = randomActivity(200, 6, 1);
  for (let i = 0; i < 200; i++) for (let k = 0; k < 6; k++) base.data[i * 6 + k] *= 6 - k;
  // Net 1 = a linear mix of net 0 plus noise (close), net 2 unrelated (far).
  const mix = randomActivity(6, 8, 2);
  const near = new Float64Array(200 * 8);
  const noise = new Rng(3);
  for (let i = 0; i < 200; i++) for (let j = 0; j < 8; j++) {
    let s = 0;
    for (let k = 0; k < 6; k++) s += base.data[i * 6 + k]! * mix.data[k * 8 + j]!;
    near[i * 8 + j] = s + 0.05 * noise.normal();
  }
  const acts = [base, { rows: 200, cols: 8, data: near }, randomActivity(200, 7, 4)];
  const D = svccaDistances(acts, { k: 4, labels: ["a", "b", "c"] });
  assert.deepEqual(D.labels, ["a", "b", "c"]);
  for (let i = 0; i < 3; i++) {
    assert.equal(D.data[i * 3 + i], 0);
    for (let j = 0; j < 3; j++) {
      if (i === j) continue;
      assert.ok(Math.abs(D.data[i * 3 + j]! - svcca(acts[i]!, acts[j]!, { k: 4 }).distance) < 1e-12);
      assert.equal(D.data[i * 3 + j], D.data[j * 3 + i]);
    }
  }
  assert.ok(D.data[1]! < 0.05 && D.data[2]! > 0.5, `near ${D.data[1]}, far ${D.data[2]}`);
});

test("svccaDistances rejects a network recorded on a different battery", () => {
  assert.throws(() => svccaDistances([randomActivity(50, 4, 1), randomActivity(40, 4, 2)]), /same input battery/);
  assert.throws(() => svccaDistances([randomActivity(50, 4, 1)]), /at least 2/);
});

test("groupSeparation: two tight clusters are separated; identical items give chance", () => {
  // Items 0-2 near each other, 3-5 near each other, clusters far apart.
  const x = [0, 0.1, 0.2, 5, 5.1, 5.3];
  const D = toDistanceMatrix(x.map((a) => x.map((b) => Math.abs(a - b))));
  const s = groupSeparation(D, ["A", "A", "A", "B", "B", "B"]);
  assert.deepEqual(s.groups, ["A", "B"]);
  assert.equal(s.nnAccuracy, 1);
  assert.ok(Math.abs(s.chance - 2 / 5) < 1e-12);
  assert.ok(Math.abs(s.meanWithin - (0.1 + 0.2 + 0.1 + 0.1 + 0.3 + 0.2) / 6) < 1e-12);
  assert.ok(s.ratio > 20, `ratio ${s.ratio}`);
  // Wrong labels: every nearest neighbour is in the other group.
  const wrong = groupSeparation(D, ["A", "B", "A", "B", "A", "B"]);
  assert.ok(wrong.nnAccuracy < 0.5);
  // All distances 0: ties split evenly, so the accuracy equals chance and the ratio is 1.
  const Z = toDistanceMatrix(new Float64Array(36), 6);
  const z = groupSeparation(Z, ["A", "A", "A", "B", "B", "B"]);
  assert.ok(Math.abs(z.nnAccuracy - z.chance) < 1e-12);
  assert.equal(z.ratio, 1);
});

test("groupSeparation: clear errors for bad labels", () => {
  const D = toDistanceMatrix(new Float64Array(9), 3);
  assert.throws(() => groupSeparation(D, ["A", "B"]), /one per item/);
  assert.throws(() => groupSeparation(D, ["A", "A", "A"]), /at least 2 groups/);
  assert.throws(() => groupSeparation(D, ["A", "B", "C"]), /one member/);
});

test("saddleLinks: the 4 index-1 saddles of a 2-D cube net each link two adjacent corners", () => {
  // h ↦ tanh(diag(2, 1.8) h): 4 stable corners (±x1, ±x2), 4 edge saddles, a source at 0.
  const a = [2, 1.8];
  const model: Model = {
    spec: { arch: "vanilla", inputSize: 1, hiddenSize: 2, outputSize: 1, nonlinearity: "tanh" },
    params: {
      weight_ih_l0: new Float32Array(2),
      weight_hh_l0: Float32Array.from([a[0]!, 0, 0, a[1]!]),
      bias_ih_l0: new Float32Array(2),
      bias_hh_l0: new Float32Array(2),
      "readout.weight": new Float32Array(2),
      "readout.bias": new Float32Array(1),
    },
  };
  const inits: number[] = [];
  for (const x of [-1, 0, 1]) for (const y of [-1, 0, 1]) inits.push(0.95 * x, 0.95 * y);
  const fps = findFixedPoints(model, { inits, inputs: [0], maxIters: 4000, excludeDistanceOutliers: false });
  const topo = fixedPointTopology(model, fps);
  const { links, unlinked } = saddleLinks(topo);
  assert.equal(links.length, 4);
  assert.deepEqual(unlinked, []);
  const sgn = (k: number) => Array.from(fps.xstar.subarray(2 * k, 2 * k + 2), Math.sign);
  for (const l of links) {
    assert.equal(topo.pointIndex[l.a], 0);
    assert.equal(topo.pointIndex[l.b], 0);
    // Adjacent corners differ in exactly one coordinate's sign; the saddle sits on that edge (a zero coordinate).
    const sa = sgn(l.a);
    const sb = sgn(l.b);
    assert.equal(sa.filter((v, i) => v !== sb[i]).length, 1);
    assert.equal(sgn(l.saddle).filter((v) => v === 0).length, 1);
  }
  // The index-2 source at the origin has no index-1 links.
  assert.equal(saddleLinks(topo, { index: 2 }).links.length, 0);
});

test("separationTest: clustered labels give a small p-value, labels unrelated to the distances do not", () => {
  // 12 items in 3 groups of 4; items of a group lie near their group's centre on a line.
  const pos = Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4) * 0.1);
  const D = toDistanceMatrix(Float64Array.from({ length: 144 }, (_, k) => Math.abs(pos[Math.floor(k / 12)]! - pos[k % 12]!)), 12);
  const g = pos.map((_, i) => "g" + Math.floor(i / 4));
  const t = separationTest(D, g, { permutations: 999, seed: 1 });
  assert.equal(t.permutations, 999);
  assert.ok(t.observed > 0);
  assert.ok(t.pValue <= 0.01, `p ${t.pValue}`);
  assert.ok(t.pValue >= 1 / 1000);
  // Labels interleaved across the clusters: no separation.
  const mixed = pos.map((_, i) => "g" + (i % 3));
  assert.ok(separationTest(D, mixed, { permutations: 999, seed: 1 }).pValue > 0.2);
  // All distances equal (e.g. identical topologies): the statistic is 0 for every labelling, p = 1.
  const flat = toDistanceMatrix(Float64Array.from({ length: 144 }, (_, k) => (Math.floor(k / 12) === k % 12 ? 0 : 1)), 12);
  assert.equal(separationTest(flat, g, { permutations: 99, seed: 1 }).pValue, 1);
  assert.throws(() => separationTest(D, g, { permutations: 0, seed: 1 }), /positive integer/);
  // Seeded: same seed, same p-value.
  assert.equal(separationTest(D, mixed, { permutations: 199, seed: 3 }).pValue, separationTest(D, mixed, { permutations: 199, seed: 3 }).pValue);
});

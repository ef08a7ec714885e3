import { test } from "node:test";
import assert from "node:assert/strict";
import type { Model } from "../../src/core/types";
import { FixedPoints, findFixedPoints } from "../../src/analysis/fixedPoints";
import { fixedPointTopology, topologyDistance } from "../../src/analysis/topology";

/**
 * Vanilla tanh net h ↦ tanh(Q diag(a) Qᵀ h) (no bias, zero input weights). In the eigenbasis of W
 * each coordinate with a_i > 1 has three fixed points (0, ±x_i*, x* = tanh(a x*)) and with a_i < 1
 * one (0), so the net has 3^m points (m = #{a_i > 1}): 2^m stable corners, and a point with j zero
 * coordinates among those m has j unstable modes (|λ| = a_i at a zero coordinate).
 */
/**
 * Q: a signed permutation (axes reversed, the first flipped) or the identity. Only signed
 * permutations commute with the elementwise tanh, so only they give a conjugate (relabelled) network.
 */
function basis(n: number, rotate: boolean): (i: number, j: number) => number {
  return (i, j) => (rotate ? (j === n - 1 - i ? (i === 0 ? -1 : 1) : 0) : i === j ? 1 : 0);
}

function diagNet(a: number[], rotate: boolean): Model {
  const n = a.length;
  const Q = basis(n, rotate);
  const W = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += Q(i, k) * a[k]! * Q(j, k);
    W[i * n + j] = s;
  }
  return {
    spec: { arch: "vanilla", inputSize: 1, hiddenSize: n, outputSize: 1, nonlinearity: "tanh" },
    params: {
      weight_ih_l0: new Float32Array(n),
      weight_hh_l0: W,
      bias_ih_l0: new Float32Array(n),
      bias_hh_l0: new Float32Array(n),
      "readout.weight": new Float32Array(n),
      "readout.bias": new Float32Array(1),
    },
  };
}

/** Positive root of x = tanh(a x) (a > 1), by fixed-point iteration. */
function xStar(a: number): number {
  let x = 1;
  for (let i = 0; i < 1000; i++) x = Math.tanh(a * x);
  return x;
}

/** Initial states 0.95 × the grid {−1, 0, 1}^n (rotated like the net), one near each fixed point. */
function gridInits(n: number, rotate: boolean): Float64Array {
  const Q = basis(n, rotate);
  const pts: number[] = [];
  const total = 3 ** n;
  for (let c = 0; c < total; c++) {
    const z: number[] = [];
    let r = c;
    for (let i = 0; i < n; i++) {
      z.push((r % 3) - 1);
      r = Math.floor(r / 3);
    }
    // Corners of the grid in the net's eigenbasis (Q z), near where the fixed points are.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Q(i, j) * z[j]!;
      pts.push(0.95 * s);
    }
  }
  return Float64Array.from(pts);
}

function topologyOf(a: number[], rotate: boolean) {
  const model = diagNet(a, rotate);
  const fps = findFixedPoints(model, { inits: gridInits(a.length, rotate), inputs: [0], maxIters: 4000, excludeDistanceOutliers: false });
  return { model, fps, topo: fixedPointTopology(model, fps) };
}

test("2-D W = diag(2, 1.8): 4 stable corners, 4 index-1 saddles, one index-2 source, edges corner-to-corner", () => {
  const { fps, topo } = topologyOf([2, 1.8], false);
  assert.equal(fps.count, 9);
  assert.deepEqual(topo.indexHistogram, [4, 4, 1]);
  assert.equal(topo.perInput.length, 1);
  assert.equal(topo.perInput[0]!.nStable, 4);
  assert.equal(topo.perInput[0]!.nUnstable, 5);
  // Each index-1 saddle's two ends reach two corners that differ in the saddle's zero coordinate.
  assert.deepEqual(topo.edgeTypes, { "1→0": 8, "2→1": 2 });
  for (const e of topo.edges.filter((e) => topo.pointIndex[e.saddle] === 1)) {
    const s = fps.point(e.saddle).xstar;
    const t = fps.point(e.target).xstar;
    const zero = Math.abs(s[0]!) < 1e-4 ? 0 : 1;
    assert.ok(Math.abs(s[1 - zero]! - t[1 - zero]!) < 1e-4, "the saddle's non-zero coordinate is kept");
    assert.ok(Math.abs(Math.abs(t[zero]!) - xStar(zero === 0 ? 2 : 1.8)) < 1e-3, "the zero coordinate goes to ±x*");
  }
  // The source at 0 leaves along its dominant mode e1 (λ = 2) to the two saddles (±x*, 0).
  const fromOrigin = topo.edges.filter((e) => topo.pointIndex[e.saddle] === 2).map((e) => fps.point(e.target).xstar);
  assert.equal(fromOrigin.length, 2);
  for (const x of fromOrigin) assert.ok(Math.abs(x[1]!) < 1e-4 && Math.abs(Math.abs(x[0]!) - xStar(2)) < 1e-3);
  assert.deepEqual(topo.stableInDegree, [2, 2, 2, 2]);
});

test("3-bit W = diag(2, 1.9, 1.8): 8 / 12 / 6 / 1 points by index; distance 0 to a relabelled copy, > 0 to a 2-bit net", () => {
  const three = topologyOf([2, 1.9, 1.8], false);
  assert.deepEqual(three.topo.indexHistogram, [8, 12, 6, 1]);
  assert.equal(three.topo.edgeTypes["1→0"], 24);
  assert.equal(three.topo.edgeTypes["1→none"], undefined);
  assert.deepEqual(three.topo.stableInDegree, new Array(8).fill(3));

  const relabelled = topologyOf([2, 1.9, 1.8], true);
  assert.deepEqual(relabelled.topo.indexHistogram, [8, 12, 6, 1]);
  const d0 = topologyDistance(three.topo, relabelled.topo);
  assert.equal(d0.distance, 0);

  // Third coordinate contracting (a = 0.5): the 2-bit topology, 9 points.
  const two = topologyOf([2, 1.9, 0.5], true);
  assert.deepEqual(two.topo.indexHistogram, [4, 4, 1]);
  const d = topologyDistance(three.topo, two.topo);
  // counts: index histograms |8−4|+|12−4|+|6−1|+|1−0| = 18, per input |8−4| + |19−5| = 18.
  assert.equal(d.counts, 36);
  // Edge types: 1→0 24 vs 8, 2→1 12 vs 2, 3→2 2 vs 0; in-degrees [3×8] vs [2×4]: 4·1 + 4·3 = 16.
  assert.equal(d.connectivity, 16 + 10 + 2 + 16);
  assert.equal(d.distance, d.counts + d.connectivity);
  assert.equal(topologyDistance(three.topo, two.topo, { connectivityWeight: 0 }).distance, 36);
  assert.equal(topologyDistance(two.topo, three.topo).distance, d.distance, "symmetric");
});

test("inputs: points under different inputs are counted separately and unmatched inputs count fully", () => {
  const { model, fps } = topologyOf([2, 1.8], false);
  // Same points labelled with a second input (the input weights are zero, so the dynamics are unchanged).
  const relabelled = new FixedPoints({ ...fps, inputs: Float64Array.from(fps.inputs, () => 1) });
  const both = fps.merge(relabelled);
  const topo = fixedPointTopology(model, both);
  assert.equal(topo.perInput.length, 2);
  assert.deepEqual(topo.perInput.map((g) => [g.nStable, g.nUnstable]), [[4, 5], [4, 5]]);
  // Ends are matched within the saddle's own input group.
  for (const e of topo.edges) assert.equal(topo.pointInput[e.target], topo.pointInput[e.saddle]);
  const single = fixedPointTopology(model, fps);
  const d = topologyDistance(topo, single);
  assert.equal(d.counts, 9 + 9, "index histogram doubles (+9) and the unmatched input counts 4 + 5");
});

test("bad input: a record without eigenvalues or of another model is refused with a clear message", () => {
  const { model, fps } = topologyOf([2, 1.8], false);
  const other = diagNet([2, 1.8, 1.5], false);
  assert.throws(() => fixedPointTopology(other, fps), /pass the model the points were found for/);
  const bare = findFixedPoints(model, { inits: gridInits(2, false), inputs: [0], decompose: false });
  assert.throws(() => fixedPointTopology(model, bare), /no eigen-decomposition/);
});

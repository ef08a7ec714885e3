import { test } from "node:test";
import assert from "node:assert/strict";
import type { Model } from "../../../src/core/types";
import { stepModel } from "../../../src/models";
import { findFixedPoints, oneBitNeighbours, saddleSeeds } from "../../../src/analysis/fixedPoints";
import { fixedPointTopology } from "../../../src/analysis/topology";
import { linkedEdges, saddleLinks } from "../../../src/analysis/universality";

const CUBE = Array.from({ length: 8 }, (_, m) => [4, 2, 1].map((b) => (m & b ? "+" : "-")).join(""));

test("oneBitNeighbours: the 3-bit cube has 12 edges, each joining codes one bit apart", () => {
  const e = oneBitNeighbours(CUBE);
  assert.equal(e.length, 12);
  for (const [i, j] of e) {
    assert.ok(i < j);
    assert.equal([0, 1, 2].filter((c) => CUBE[i]![c] !== CUBE[j]![c]).length, 1);
  }
  // Every corner has 3 neighbours.
  for (let k = 0; k < 8; k++) assert.equal(e.filter(([i, j]) => i === k || j === k).length, 3);
  assert.deepEqual(oneBitNeighbours(["+", "-", "+"]), [[0, 1], [1, 2]]);
  assert.throws(() => oneBitNeighbours(["++", "+"]), /differ in length/);
});

test("saddleSeeds: bisection finds the basin boundary on each segment; a third basin stops it", () => {
  // Points a = (−1, 0), b = (1, 0), c = (0, 5). States settle on b when x > 0.3, else on a — except
  // the band |y| > 1 settles on c (never reached on the a–b segment).
  const pts = Float64Array.from([-1, 0, 1, 0, 0, 5]);
  const settle = (xs: Float64Array, n: number) => {
    const out = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      const x = xs[2 * r]!, y = xs[2 * r + 1]!;
      const k = Math.abs(y) > 1 ? 2 : x > 0.3 ? 1 : 0;
      out[2 * r] = pts[2 * k]!;
      out[2 * r + 1] = pts[2 * k + 1]!;
    }
    return out;
  };
  const s = saddleSeeds(pts, 2, [[0, 1], [0, 2]], { seed: 1, settle, bisections: 14, jittered: 3, fractions: [0.5] });
  // x = −1 + 2t = 0.3 → t = 0.65, to 2⁻¹⁴.
  assert.ok(Math.abs(s.boundary[0]! - 0.65) <= 2 ** -14, `boundary ${s.boundary[0]}`);
  // a–c: t ↦ (−1 + t, 5t) leaves a's basin for c's (|y| > 1 at t > 0.2) — the true boundary, located too.
  assert.ok(Math.abs(s.boundary[1]! - 0.2) <= 2 ** -14, `boundary ${s.boundary[1]}`);
  assert.equal(s.count, 2 * (1 + 3 + 1));
  assert.deepEqual(Array.from(s.pair), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  // The first seed of pair 0 is the boundary point itself.
  assert.ok(Math.abs(s.states[0]! - 0.3) < 1e-3 && s.states[1] === 0);
  // Same seed, same states; the jitter changes with the seed.
  assert.deepEqual(saddleSeeds(pts, 2, [[0, 1]], { seed: 1, settle }).states, saddleSeeds(pts, 2, [[0, 1]], { seed: 1, settle }).states);
  assert.notDeepEqual(saddleSeeds(pts, 2, [[0, 1]], { seed: 1, settle }).states, saddleSeeds(pts, 2, [[0, 1]], { seed: 2, settle }).states);

  // A segment that crosses a third basin before reaching b: the boundary is not claimed.
  const third = (xs: Float64Array, n: number) => {
    const out = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      const k = Math.abs(xs[2 * r]!) < 0.5 ? 2 : xs[2 * r]! > 0 ? 1 : 0;
      out[2 * r] = pts[2 * k]!;
      out[2 * r + 1] = pts[2 * k + 1]!;
    }
    return out;
  };
  const t = saddleSeeds(pts, 2, [[0, 1]], { seed: 1, settle: third, fractions: [0.25, 0.75] });
  assert.ok(Number.isNaN(t.boundary[0]!));
  assert.equal(t.count, 2);
  // Without settle: only the segment points.
  const u = saddleSeeds(pts, 2, [[0, 1]], { seed: 1 });
  assert.equal(u.count, 3);
  assert.deepEqual(Array.from(u.states), [-0.5, 0, 0, 0, 0.5, 0]);
});

test("saddleSeeds: clear errors for bad input", () => {
  const pts = new Float64Array(4);
  assert.throws(() => saddleSeeds(pts, 3, [], { seed: 0 }), /whole number/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 2]], { seed: 0 }), /two different points/);
  assert.throws(() => saddleSeeds(pts, 2, [[1, 1]], { seed: 0 }), /two different points/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 1]], { seed: 0, fractions: [1] }), /strictly between/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 1]], { seed: 0, settle: () => new Float64Array(1) }), /settle returned/);
});

test("seeded between one-bit neighbours, the search finds the saddle on all 12 edges of a 3-D cube net", () => {
  // h ↦ tanh(diag(2, 1.9, 1.8) h): 8 stable corners, an index-1 saddle on each of the 12 edges.
  const a = [2, 1.9, 1.8];
  const W = new Float32Array(9);
  for (let i = 0; i < 3; i++) W[i * 4] = a[i]!;
  const model: Model = {
    spec: { arch: "vanilla", inputSize: 1, hiddenSize: 3, outputSize: 1, nonlinearity: "tanh" },
    params: {
      weight_ih_l0: new Float32Array(3), weight_hh_l0: W, bias_ih_l0: new Float32Array(3), bias_hh_l0: new Float32Array(3),
      "readout.weight": new Float32Array(3), "readout.bias": new Float32Array(1),
    },
  };
  // The corners, by running corner-ish states on.
  const corners = new Float64Array(24);
  CUBE.forEach((c, k) => {
    let h = Float64Array.from(c, (s) => (s === "+" ? 0.9 : -0.9));
    for (let t = 0; t < 300; t++) h = stepModel(model, h, [0]);
    corners.set(h, 3 * k);
  });
  const settle = (xs: Float64Array, n: number) => {
    const out = new Float64Array(xs.length);
    for (let r = 0; r < n; r++) {
      let h = xs.slice(3 * r, 3 * r + 3);
      for (let t = 0; t < 300; t++) h = stepModel(model, h, [0]);
      out.set(h, 3 * r);
    }
    return out;
  };
  const edges = oneBitNeighbours(CUBE);
  const seeds = saddleSeeds(corners, 3, edges, { seed: 0, settle });
  for (const b of seeds.boundary) assert.ok(Math.abs(b - 0.5) < 1e-3, `boundary ${b}`);
  const inits = new Float64Array(corners.length + seeds.states.length);
  inits.set(corners);
  inits.set(seeds.states, corners.length);
  const fps = findFixedPoints(model, { inits, inputs: [0], maxIters: 4000, excludeDistanceOutliers: false, tolUnique: 0.05 });
  const fixed = fps.filter((k) => fps.q[k]! <= 1e-9);
  const topo = fixedPointTopology(model, fixed);
  assert.equal(topo.pointIndex.filter((x) => x === 0).length, 8);
  assert.equal(topo.pointIndex.filter((x) => x === 1).length, 12);
  // Map the record's stable points back to the corners' order to name the edges.
  const stable = topo.pointIndex.flatMap((x, k) => (x === 0 ? [k] : []));
  const cornerOf = (k: number) => {
    let best = -1, bd = Infinity;
    for (let c = 0; c < 8; c++) {
      let d = 0;
      for (let i = 0; i < 3; i++) d += (fixed.xstar[3 * k + i]! - corners[3 * c + i]!) ** 2;
      if (d < bd) { bd = d; best = c; }
    }
    return best;
  };
  const recordEdges = edges.map(([i, j]) => [stable.find((k) => cornerOf(k) === i)!, stable.find((k) => cornerOf(k) === j)!] as const);
  const covered = linkedEdges(saddleLinks(topo).links, recordEdges);
  assert.deepEqual(covered, new Array(12).fill(true));
  // A non-edge (opposite corners) is not linked by any saddle.
  assert.deepEqual(linkedEdges(saddleLinks(topo).links, [[recordEdges[0]![0], stable.find((k) => cornerOf(k) === 7 - cornerOf(recordEdges[0]![0]))!]]), [false]);
});

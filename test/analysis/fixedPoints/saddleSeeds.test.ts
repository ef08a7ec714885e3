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

test("saddleSeeds: edge tracking walks a boundary point far from the saddle onto it", () => {
  // u ↦ tanh(2u), v ↦ v/2 + u²/2: attractors (±u*, u*²) with u* ≈ 0.957, a saddle at (0, 0), basin
  // boundary u = 0. The segment between the attractors crosses it at (0, u*²), 0.92 from the saddle.
  const map = (u: number, v: number): [number, number] => [Math.tanh(2 * u), 0.5 * v + 0.5 * u * u];
  const run = (steps: number) => (xs: Float64Array, n: number, k = steps) => {
    const out = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      let u = xs[2 * r]!, v = xs[2 * r + 1]!;
      for (let t = 0; t < k; t++) [u, v] = map(u, v);
      out[2 * r] = u;
      out[2 * r + 1] = v;
    }
    return out;
  };
  const ends = run(200)(Float64Array.from([-0.5, 0, 0.5, 0]), 2);
  const us = ends[2]!;
  assert.ok(Math.abs(ends[1]! - us * us) < 1e-9 && Math.abs(ends[0]! + us) < 1e-12);
  // 12 tracked steps, 6 seeds: v halves every step, so the seeds approach the saddle; the unstable
  // mode doubles per step, so the bracket must be re-bisected all along.
  const s = saddleSeeds(ends, 2, [[0, 1]], { seed: 3, settle: run(100), advance: run(1), jittered: 0, fractions: [0.5], trackSteps: 12, trackSeeds: 6 });
  assert.ok(Math.abs(s.boundary[0]! - 0.5) < 1e-3);
  assert.equal(s.tracked[0], 12);
  // Seeds: the boundary point, 2–6 tracked points (one per milestone passed), the segment's midpoint.
  const nTracked = s.count - 2;
  assert.ok(nTracked >= 2 && nTracked <= 6, `${nTracked} tracked seeds`);
  const dist = (k: number) => Math.hypot(s.states[2 * k]!, s.states[2 * k + 1]!);
  assert.ok(Math.abs(dist(0) - us * us) < 1e-2, `boundary point ${dist(0)} from the saddle`);
  for (let k = 1; k < nTracked; k++) assert.ok(dist(k + 1) < dist(k), `seed ${k}: ${dist(k)} → ${dist(k + 1)}`);
  assert.ok(dist(nTracked) < 1e-3, `tracked ${dist(nTracked)} from the saddle`);
  // With a long budget the bracket comes to rest on the saddle and tracking stops early, one seed for it.
  const long = saddleSeeds(ends, 2, [[0, 1]], { seed: 3, settle: run(100), advance: run(1), jittered: 0, fractions: [0.5], trackSteps: 100000 });
  assert.ok(long.tracked[0]! < 1000, `tracked ${long.tracked[0]} steps`);
  const last = long.count - 2;
  // Within the bracket width (2⁻¹² of the segment) of the saddle along the unstable mode, on it along the stable one.
  assert.ok(Math.abs(long.states[2 * last]!) < 2 ** -12 * 2 && Math.abs(long.states[2 * last + 1]!) < 1e-5, "at rest on the saddle");
  // Without advance, no tracking.
  assert.equal(saddleSeeds(ends, 2, [[0, 1]], { seed: 3, settle: run(100), jittered: 0, fractions: [0.5] }).count, 2);
  assert.throws(() => saddleSeeds(ends, 2, [[0, 1]], { seed: 3, settle: run(100), advance: () => new Float64Array(1) }), /advance returned/);
});

test("saddleSeeds: clear errors for bad input", () => {
  const pts = new Float64Array(4);
  assert.throws(() => saddleSeeds(pts, 3, [], { seed: 0 }), /whole number/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 2]], { seed: 0 }), /two different points/);
  assert.throws(() => saddleSeeds(pts, 2, [[1, 1]], { seed: 0 }), /two different points/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 1]], { seed: 0, fractions: [1] }), /strictly between/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 1]], { seed: 0, settle: () => new Float64Array(1) }), /settle returned/);
  assert.throws(() => saddleSeeds(pts, 2, [[0, 1]], { seed: 0, trackSteps: -1, advance: (x) => x }), /trackSteps/);
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

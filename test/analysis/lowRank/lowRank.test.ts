import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import {
  connectivityChange,
  numericalRank,
  functionalRank,
  truncationLoss,
  shuffleEntries,
  randomPermutation,
  shuffleLoss,
  changeOverlaps,
  varianceExplained,
  rankR,
  LowRankAccumulator,
  linearFixedPointReadout,
} from "../../../src/analysis/lowRank";
import { linearNetworkInit } from "../../../src/experiments";
import { svd } from "../../../src/analysis/linalg/decompositions";
import type { DenseMatrix } from "../../../src/analysis/linalg/matrix";

const N = 40;

function gaussian(n: number, m: number, std: number, rng: Rng): DenseMatrix {
  const d = new Float64Array(n * m);
  for (let i = 0; i < d.length; i++) d[i] = rng.normal(0, std);
  return { rows: n, cols: m, data: d };
}

function unit(n: number, rng: Rng): Float64Array {
  const v = Float64Array.from({ length: n }, () => rng.normal());
  const s = Math.hypot(...v);
  return v.map((x) => x / s);
}

/** W0 random, ΔW = 1.5 u1 v1ᵀ + 0.7 u2 v2ᵀ (orthonormal pairs): an exact rank-2 change. */
function planted(seed = 3) {
  const rng = new Rng(seed);
  const w0 = gaussian(N, N, 0.9 / Math.sqrt(N), rng);
  const u1 = unit(N, rng);
  let u2 = unit(N, rng);
  const d = u1.reduce((s, x, i) => s + x * u2[i]!, 0);
  u2 = u2.map((x, i) => x - d * u1[i]!);
  const nu2 = Math.hypot(...u2);
  u2 = u2.map((x) => x / nu2);
  const v1 = unit(N, rng);
  let v2 = unit(N, rng);
  const e = v1.reduce((s, x, i) => s + x * v2[i]!, 0);
  v2 = v2.map((x, i) => x - e * v1[i]!);
  const nv2 = Math.hypot(...v2);
  v2 = v2.map((x) => x / nv2);
  const w = Float64Array.from(w0.data);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w[i * N + j] += 1.5 * u1[i]! * v1[j]! + 0.7 * u2[i]! * v2[j]!;
  return { w0, w: { rows: N, cols: N, data: w }, u1, u2, v1, v2 };
}

test("a planted rank-2 ΔW is found as rank 2 with the planted singular values", () => {
  const p = planted();
  const c = connectivityChange(p.w0, p.w);
  assert.equal(numericalRank(c.sDelta), 2);
  assert.ok(Math.abs(c.sDelta[0]! - 1.5) < 1e-12, `s1 = ${c.sDelta[0]}`);
  assert.ok(Math.abs(c.sDelta[1]! - 0.7) < 1e-12, `s2 = ${c.sDelta[1]}`);
  assert.ok(c.sDelta[2]! < 1e-12);
  // W0 is full rank.
  assert.equal(numericalRank(c.s0), N);
  assert.ok(Math.abs(c.norms.delta - Math.hypot(1.5, 0.7)) < 1e-12);
  assert.ok(Math.abs(c.varianceExplained[1]! - 1) < 1e-12);
  assert.ok(Math.abs(c.varianceExplained[0]! - 1.5 ** 2 / (1.5 ** 2 + 0.7 ** 2)) < 1e-12);
});

test("functional rank of a loss built from the planted change is 2, and truncation at r ≥ 2 restores the loss exactly", () => {
  const p = planted();
  const c = connectivityChange(p.w0, p.w);
  const n = N;
  const { win, wout } = linearNetworkInit(n, 0.5, 11);
  // The target is what the trained W produces; the loss is ½(ẑ − z(W))² of the linear fixed point.
  const zHat = linearFixedPointReadout(p.w.data, win, wout, n);
  const lossOf = (ws: ReadonlyArray<DenseMatrix>) => ws.map((w) => 0.5 * (zHat - linearFixedPointReadout(w.data, win, wout, n)) ** 2);
  // A second loss that sees the whole matrix: squared distance to the trained W (no luck possible).
  const distOf = (ws: ReadonlyArray<DenseMatrix>) => ws.map((w) => w.data.reduce((s, x, i) => s + (x - p.w.data[i]!) ** 2, 0));
  const tr = truncationLoss(c, distOf, { maxRank: 5 });
  assert.equal(tr.functionalRank.rank, 2);
  assert.ok(Math.abs(tr.loss[0]! - (1.5 ** 2 + 0.7 ** 2)) < 1e-12);
  assert.ok(Math.abs(tr.loss[1]! - 0.7 ** 2) < 1e-12);
  for (let r = 2; r <= 5; r++) assert.ok(tr.loss[r]! < 1e-24, `rank ${r} loss ${tr.loss[r]}`);
  assert.ok(tr.lossFull < 1e-24);
  const tl = truncationLoss(c, lossOf, { maxRank: 4 });
  for (let r = 2; r <= 4; r++) assert.ok(Math.abs(tl.loss[r]! - tl.lossFull) < 1e-20, `rank ${r}: ${tl.loss[r]} vs ${tl.lossFull}`);
  assert.ok(tl.loss[0]! > 1e-6, "W0 alone must not solve the task");
});

test("functionalRank: threshold, masking when nothing was learned in W, not reached", () => {
  assert.deepEqual(functionalRank([1, 0.5, 0.04, 0.01]), { rank: 2, threshold: 0.05, masked: null });
  assert.equal(functionalRank([1, 0.5, 0.2]).masked, "not-reached");
  assert.equal(functionalRank([0.01, 0.0001], { initialLoss: 1 }).masked, "nothing-learned-in-W");
  assert.equal(functionalRank([0.5, 0.001], { initialLoss: 1 }).rank, 1);
  assert.throws(() => functionalRank([1], { relThreshold: 2 }), /relThreshold/);
});

test("rankR equals the Eckart–Young truncation from the SVD", () => {
  const rng = new Rng(5);
  const a = gaussian(12, 12, 1, rng);
  const s = svd(a);
  const full = rankR(s, 12);
  for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(full.data[i]! - a.data[i]!) < 1e-10);
  const r3 = rankR(s, 3);
  const err = a.data.reduce((acc, x, i) => acc + (x - r3.data[i]!) ** 2, 0);
  const tail = Array.from(s.s.slice(3)).reduce((acc, x) => acc + x * x, 0);
  assert.ok(Math.abs(err - tail) < 1e-9);
});

test("shuffleEntries is a permutation of the entries and reproducible by seed", () => {
  const rng = new Rng(9);
  const m = gaussian(N, N, 1, rng);
  const a = shuffleEntries(m, 42);
  const b = shuffleEntries(m, 42);
  const c = shuffleEntries(m, 43);
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, c.data);
  assert.notDeepEqual(a.data, m.data);
  assert.deepEqual(Array.from(a.data).sort((x, y) => x - y), Array.from(m.data).sort((x, y) => x - y));
  const p = randomPermutation(1000, 1);
  assert.deepEqual(Array.from(p).sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(a.rows, N);
  assert.equal(a.cols, N);
});

test("shuffleLoss adds ΔW to a shuffled W0 and evaluates the callback", () => {
  const p = planted();
  const c = connectivityChange(p.w0, p.w);
  const dist = (ws: ReadonlyArray<DenseMatrix>) => ws.map((w) => w.data.reduce((s, x, i) => s + (x - p.w.data[i]!) ** 2, 0));
  const sh = shuffleLoss(c, dist, { seeds: [1, 2] });
  assert.equal(sh.loss.length, 2);
  assert.ok(sh.lossTrained < 1e-24);
  // ‖shuffle(W0) − W0‖² ≈ 2‖W0‖² for an entry-wise random permutation.
  const w0sq = c.norms.w0 ** 2;
  for (const l of sh.loss) assert.ok(l > w0sq && l < 3 * w0sq, `shuffle distance ${l} vs ‖W0‖² ${w0sq}`);
});

test("changeOverlaps finds a ΔW built from the input and readout vectors", () => {
  const rng = new Rng(21);
  const w0 = gaussian(N, N, 0.5 / Math.sqrt(N), rng);
  const win = unit(N, rng).map((x) => x * Math.sqrt(N));
  const wout = unit(N, rng).map((x) => x / Math.sqrt(N));
  const w = Float64Array.from(w0.data);
  // ΔW = 0.8 · (w_out/‖w_out‖)(w_in/‖w_in‖)ᵀ: left vector = readout direction, right = input direction.
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w[i * N + j] += 0.8 * (wout[i]! * Math.sqrt(N)) * (win[j]! / Math.sqrt(N));
  const c = connectivityChange(w0, { rows: N, cols: N, data: w });
  const o = changeOverlaps(c, { inputs: { rows: N, cols: 1, data: win }, readout: { rows: 1, cols: N, data: wout } }, { k: 1 });
  assert.ok(Math.abs(o.leftOutput[0]![0]! - 1) < 1e-10);
  assert.ok(Math.abs(o.rightInput[0]![0]! - 1) < 1e-10);
  assert.ok(o.leftInput[0]![0]! < 0.6);
  assert.ok(Math.abs(o.chanceLevel - 1 / Math.sqrt(N)) < 1e-15);
});

test("varianceExplained is cumulative and ends at 1", () => {
  const v = varianceExplained([3, 4]);
  assert.ok(Math.abs(v[0]! - 9 / 25) < 1e-15);
  assert.equal(v[1], 1);
});

test("LowRankAccumulator singular values match a dense SVD of the same sum of outer products", () => {
  const rng = new Rng(2);
  const n = 30;
  const acc = new LowRankAccumulator(n, 1e-14);
  const dense = new Float64Array(n * n);
  const base = unit(n, rng);
  for (let t = 0; t < 25; t++) {
    // Slowly rotating vectors, like the SGD updates of the linear network.
    const a = base.map((x, i) => x + 0.05 * t * Math.sin(i + t));
    const b = unit(n, rng);
    const c = 0.1 + 0.01 * t;
    acc.addOuter(c, a, b);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] += c * a[i]! * b[j]!;
  }
  const got = acc.singularValues(4);
  const want = svd({ rows: n, cols: n, data: dense }).s;
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(got[k]! - want[k]!) < 1e-9 * want[0]!, `s${k + 1}: ${got[k]} vs ${want[k]}`);
});

test("bad input gets clear errors", () => {
  assert.throws(() => connectivityChange([[1, 2]], [[1, 2]]), /square/);
  assert.throws(() => connectivityChange([[1]], [[1, 0], [0, 1]]), /W0 is 1×1 but W is 2×2/);
  const p = planted();
  const c = connectivityChange(p.w0, p.w);
  assert.throws(() => truncationLoss(c, () => [1, 2], { maxRank: 3 }), /returned 2 values/);
});

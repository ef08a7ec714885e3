// The finder against fixed points known in closed form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../../../src/core/random";
import { findFixedPoints, findFixedPointsDetailed, FixedPoints } from "../../../src/analysis/fixedPoints";
import { handModel, maxAbsDiff, positiveTanhRoot } from "./helpers";

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k] -= f * M[c]![k]!;
    }
  }
  return M.map((r, i) => r[n]! / r[i]!);
}

/** Eigenvalues of a small matrix from ml-matrix (independent of the solver used by the finder), sorted. */
function refEig(W: number[], n: number, shift = 0): Array<[number, number]> {
  const e = new EigenvalueDecomposition(new Matrix(Array.from({ length: n }, (_, i) => W.slice(i * n, (i + 1) * n))));
  return e.realEigenvalues.map((re, i) => [re + shift, e.imaginaryEigenvalues[i]!] as [number, number]);
}

function sameSpectrum(fps: FixedPoints, k: number, ref: Array<[number, number]>, tol: number): void {
  const S = fps.stateSize;
  const mine = Array.from({ length: S }, (_, m) => [fps.eigRe![k * S + m]!, fps.eigIm![k * S + m]!] as [number, number]);
  const key = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  mine.sort(key);
  ref = [...ref].sort(key);
  for (let m = 0; m < S; m++) {
    assert.ok(Math.hypot(mine[m]![0] - ref[m]![0], mine[m]![1] - ref[m]![1]) < tol, `eigenvalue ${m}: ${mine[m]} vs ${ref[m]}`);
  }
}

/** Floats exactly representable in float32, so the model and the reference see the same weights. */
function f32(a: number[]): number[] {
  return Array.from(Float32Array.from(a));
}

function randomMatrix(n: number, seed: number, scale: number): number[] {
  const rng = new Rng(seed);
  return f32(Array.from({ length: n * n }, () => rng.normal(0, scale / Math.sqrt(n))));
}

function inits(K: number, S: number, seed: number, spread: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: K * S }, () => rng.uniform(-spread, spread));
}

for (const [label, scale] of [["stable", 0.6], ["unstable", 1.6]] as const) {
  test(`linear map x' = W x + B u: unique fixed point (I − W)⁻¹ B u, ${label} spectrum`, () => {
    const N = 6;
    const I = 2;
    const W = randomMatrix(N, 3, scale);
    const B = f32(Array.from({ length: N * I }, (_, i) => Math.sin(i + 1)));
    const model = handModel("linear", W, B, new Array(N).fill(0));
    const u = [0.7, -0.4];
    const rhs = Array.from({ length: N }, (_, i) => B[i * I]! * u[0]! + B[i * I + 1]! * u[1]!);
    const A = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 1 : 0) - W[i * N + j]!));
    const exact = solve(A, rhs);
    const fps = findFixedPoints(model, { inits: inits(32, N, 1, 2), inputs: u, tolQ: 1e-24, maxIters: 5000 });
    assert.equal(fps.count, 1, "all initial states collapse to one point");
    assert.ok(maxAbsDiff(fps.xstar, exact) < 1e-6, `x* error ${maxAbsDiff(fps.xstar, exact)}`);
    const ref = refEig(W, N);
    sameSpectrum(fps, 0, ref, 1e-9);
    const rho = Math.max(...ref.map(([re, im]) => Math.hypot(re, im)));
    assert.equal(fps.isStable[0], rho < 1);
    assert.equal(fps.nUnstable[0], ref.filter(([re, im]) => Math.hypot(re, im) >= 1).length);
    assert.equal(label === "stable", rho < 1, "the test matrix has the intended stability");
    // eigenvalues sorted by |λ| descending (FixedPointFinder order)
    for (let m = 1; m < N; m++) assert.ok(Math.hypot(fps.eigRe![m - 1]!, fps.eigIm![m - 1]!) >= Math.hypot(fps.eigRe![m]!, fps.eigIm![m]!) - 1e-12);
    // input Jacobian of a linear map is B
    assert.ok(maxAbsDiff(fps.Ju!, B) < 1e-12);
  });
}

test("leaky linear net (continuous time): x* = (I − W)⁻¹(W_in u + b), J = W − I", () => {
  const N = 5;
  const W = randomMatrix(N, 8, 0.5);
  const Win = f32([1, -1, 0.5, 0.25, 2]);
  const b = f32([0.1, 0, -0.2, 0.3, 0.05]);
  const model = handModel("leaky", W, Win, b, { nonlinearity: "identity", dt: 0.1 });
  const u = [1.5];
  const A = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 1 : 0) - W[i * N + j]!));
  const exact = solve(A, Array.from({ length: N }, (_, i) => Win[i]! * u[0]! + b[i]!));
  assert.ok(Math.max(...exact.map(Math.abs)) < 10, `test set-up: x* = ${exact}`);
  const fps = findFixedPoints(model, { inits: inits(16, N, 2, 3), inputs: u, tolQ: 1e-24 });
  assert.equal(fps.count, 1);
  assert.equal(fps.continuous, true);
  assert.ok(maxAbsDiff(fps.xstar, exact) < 1e-6, `x* error ${maxAbsDiff(fps.xstar, exact)}`);
  const ref = refEig(W, N, -1);
  sameSpectrum(fps, 0, ref, 1e-9);
  assert.equal(fps.isStable[0], ref.every(([re]) => re < 0));
  // continuous order: Re λ descending; time constants −1/Re λ
  for (let m = 1; m < N; m++) assert.ok(fps.eigRe![m - 1]! >= fps.eigRe![m]! - 1e-12);
  const tau = fps.timeConstants;
  for (let m = 0; m < N; m++) assert.ok(Math.abs(tau[m]! + 1 / fps.eigRe![m]!) < 1e-12);
});

test("two-neuron net dx/dt = −x + a·tanh(x), W = a·I: 9 fixed points, stability as in theory", () => {
  const a = 2;
  const r = positiveTanhRoot(a);
  const model = handModel("leaky", [a, 0, 0, a], [0, 0], [0, 0], { nonlinearity: "tanh", dt: 0.1, readout: "state" });
  const search = findFixedPointsDetailed(model, { inits: inits(400, 2, 4, 3), inputs: [0], tolQ: 1e-20 });
  const fps = search.unique.filter(search.unique.isFixed);
  assert.equal(fps.count, 9, `found ${fps.count} fixed points`);
  const expected: Array<[number, number, number]> = [];
  for (const x of [-r, 0, r]) for (const y of [-r, 0, r]) expected.push([x, y, (x === 0 ? 1 : 0) + (y === 0 ? 1 : 0)]);
  const nU = fps.nUnstable;
  for (const [x, y, unstable] of expected) {
    let hit = -1;
    for (let k = 0; k < fps.count; k++) if (Math.hypot(fps.xstar[2 * k]! - x, fps.xstar[2 * k + 1]! - y) < 1e-6) hit = k;
    assert.ok(hit >= 0, `fixed point (${x.toFixed(4)}, ${y.toFixed(4)}) found`);
    assert.equal(nU[hit], unstable, `(${x.toFixed(3)}, ${y.toFixed(3)}) has ${unstable} unstable modes`);
    assert.equal(fps.isStable[hit], unstable === 0);
    // eigenvalues: −1 + a(1 − tanh² x_i) on each axis
    const lam = [x, y].map((v) => -1 + a * (1 - Math.tanh(v) ** 2)).sort((p, q) => q - p);
    assert.ok(Math.abs(fps.eigRe![2 * hit]! - lam[0]!) < 1e-6 && Math.abs(fps.eigRe![2 * hit + 1]! - lam[1]!) < 1e-6);
  }
});

test("two-neuron net with a rotation W: only the origin is a fixed point, and it is an unstable focus", () => {
  const a = 2;
  const th = Math.PI / 4;
  const W = f32([a * Math.cos(th), -a * Math.sin(th), a * Math.sin(th), a * Math.cos(th)]);
  const model = handModel("leaky", W, [0, 0], [0, 0], { nonlinearity: "tanh", dt: 0.1 });
  const all = findFixedPointsDetailed(model, { inits: inits(200, 2, 6, 3), inputs: [0], tolQ: 1e-20, decompose: true });
  const fixed = all.unique.filter(all.unique.isFixed);
  assert.equal(fixed.count, 1, `fixed points: ${fixed.count}`);
  assert.ok(Math.hypot(fixed.xstar[0]!, fixed.xstar[1]!) < 1e-6);
  assert.equal(fixed.nUnstable[0], 2);
  assert.ok(Math.abs(fixed.eigRe![0]! - (-1 + W[0]!)) < 1e-9);
  assert.ok(Math.abs(Math.abs(fixed.eigIm![0]!) - W[2]!) < 1e-9, "rotation frequency Im λ = a sin θ");
  assert.ok(Math.abs(Math.abs(fixed.rotationFrequencies[0]!) - W[2]!) < 1e-9);
});

test("hand-built vanilla net: two stable states and a saddle between them", () => {
  // h' = tanh(W h), W = diag(2, 0.5): attractors (±r, 0) with r = tanh(2r), saddle at 0.
  const r = positiveTanhRoot(2) / 2; // r = tanh(2r) ⇔ 2r = 2·tanh(2r)
  const model = handModel("vanilla", [2, 0, 0, 0.5], [1, 0], [0, 0]);
  const fps = findFixedPoints(model, { inits: inits(128, 2, 7, 1.5), inputs: [0], tolQ: 1e-20 }).filter((k, f) => f.q[k]! < 1e-12);
  assert.equal(fps.count, 3);
  const stable = fps.stable();
  assert.equal(stable.count, 2);
  const xs = [stable.xstar[0]!, stable.xstar[2]!].sort((p, q) => p - q);
  assert.ok(Math.abs(xs[0]! + r) < 1e-6 && Math.abs(xs[1]! - r) < 1e-6, `attractors at ±${r}: ${xs}`);
  const saddle = fps.unstable();
  assert.equal(saddle.count, 1);
  assert.ok(Math.hypot(saddle.xstar[0]!, saddle.xstar[1]!) < 1e-6);
  assert.equal(saddle.nUnstable[0], 1);
  assert.ok(Math.abs(saddle.eigRe![0]! - 2) < 1e-9, "saddle's unstable eigenvalue = 2");
  // its unstable mode points along the axis joining the attractors (column 0 of the right eigenvectors)
  assert.ok(Math.abs(Math.abs(saddle.rightRe![0]!) - 1) < 1e-9 && Math.abs(saddle.rightRe![2]!) < 1e-9);
  // stable points: |λ| = 0.5 and 2(1 − r²) ≈ 0.17 (sorted by |λ| descending)
  const tau = stable.timeConstants;
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(stable.eigRe![2 * k]! - 0.5) < 1e-6);
    assert.ok(Math.abs(Math.hypot(stable.eigRe![2 * k + 1]!, stable.eigIm![2 * k + 1]!) - 2 * (1 - r * r)) < 1e-6);
    assert.ok(Math.abs(tau[2 * k]! + 1 / Math.log(0.5)) < 1e-6, "τ = −1/ln|λ| steps");
  }
});

test("slow point: the ghost of a saddle-node bifurcation is flagged slow, the attractor fixed", () => {
  // dx/dt = −x + 2 tanh x + b, b = 0.6: past the saddle-node at x_c = −atanh(1/√2), F(x_c) = b − 0.5328 > 0.
  const b = 0.6;
  const xc = -Math.atanh(Math.SQRT1_2);
  const Fc = -xc + 2 * Math.tanh(xc) + b;
  const model = handModel("leaky", [2], [0], f32([b]), { nonlinearity: "tanh", dt: 0.1 });
  const fps = findFixedPoints(model, { inits: inits(64, 1, 9, 3), inputs: [0], tolQ: 1e-20 });
  const slow = fps.filter(fps.isSlow);
  const fixed = fps.filter(fps.isFixed);
  assert.ok(slow.count >= 1, "a slow point is found");
  const k = slow.q.indexOf(Math.min(...slow.q));
  assert.ok(Math.abs(slow.xstar[k]! - xc) < 1e-2, `ghost at ${slow.xstar[k]} ≈ ${xc}`);
  assert.ok(Math.abs(slow.q[k]! - 0.5 * Fc * Fc) < 1e-5, `q = ½F² at the ghost: ${slow.q[k]}`);
  assert.equal(fixed.count, 1);
  assert.ok(fixed.xstar[0]! > 0 && fixed.isStable[0]);
  assert.ok(fixed.isSlow.every((s) => !s));
});

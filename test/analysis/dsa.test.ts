import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { eigvals } from "../../src/analysis/linalg/eig";
import { delayEmbedding } from "../../src/analysis/dsa/hankel";
import { fitDmd } from "../../src/analysis/dsa/dmd";
import { vectorFieldProcrustes } from "../../src/analysis/dsa/procrustes";
import { dsa, dsaDistances, fitDmdPopulation } from "../../src/analysis/dsa/dsa";
import { groupSeparation } from "../../src/analysis/universality";
import * as analysis from "../../src/analysis";

// ---- helpers -------------------------------------------------------------------------------------

type Mat = Float64Array; // n×n row-major

function mul(a: Mat, b: Mat, n: number): Mat {
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) o[i * n + j] += a[i * n + k]! * b[k * n + j]!;
  return o;
}

function tr(a: Mat, n: number): Mat {
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) o[j * n + i] = a[i * n + j]!;
  return o;
}

/** Haar-ish random orthogonal n×n (Gram–Schmidt of a Gaussian matrix); det forced to `det` if given. */
function orthogonal(n: number, rng: Rng, det?: 1 | -1): Mat {
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += g[i * n + j]! * g[i * n + p]!;
      for (let i = 0; i < n; i++) g[i * n + j]! -= d * g[i * n + p]!;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i * n + j]! ** 2;
    for (let i = 0; i < n; i++) g[i * n + j]! /= Math.sqrt(s);
  }
  if (det !== undefined && Math.sign(determinant(g, n)) !== det) for (let i = 0; i < n; i++) g[i * n] = -g[i * n]!;
  return g;
}

function determinant(a: Mat, n: number): number {
  const m = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i * n + c]!) > Math.abs(m[p * n + c]!)) p = i;
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j]!, m[c * n + j]!];
      det = -det;
    }
    det *= m[c * n + c]!;
    for (let i = c + 1; i < n; i++) {
      const f = m[i * n + c]! / m[c * n + c]!;
      for (let j = c; j < n; j++) m[i * n + j]! -= f * m[c * n + j]!;
    }
  }
  return det;
}

/** Trajectories x(t+1) = A x(t) from random x(0), read out as y = E x (E: units×n, default identity). */
function simulate(A: Mat, n: number, opts: { trials: number; steps: number; seed: number; E?: Mat; units?: number; noise?: number }): { data: Float64Array; shape: [number, number, number] } {
  const rng = new Rng(opts.seed);
  const m = opts.units ?? n;
  const out = new Float64Array(opts.trials * opts.steps * m);
  for (let b = 0; b < opts.trials; b++) {
    let x = Float64Array.from({ length: n }, () => rng.normal());
    for (let t = 0; t < opts.steps; t++) {
      for (let u = 0; u < m; u++) {
        let y = 0;
        if (opts.E) for (let k = 0; k < n; k++) y += opts.E[u * n + k]! * x[k]!;
        else y = x[u]!;
        out[(b * opts.steps + t) * m + u] = y + (opts.noise ? opts.noise * rng.normal() : 0);
      }
      const nx = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) nx[i]! += A[i * n + k]! * x[k]!;
      x = nx;
    }
  }
  return { data: out, shape: [opts.trials, opts.steps, m] };
}

function rotation(rho: number, w: number): Mat {
  return Float64Array.from([rho * Math.cos(w), -rho * Math.sin(w), rho * Math.sin(w), rho * Math.cos(w)]);
}

function conj(Q: Mat, A: Mat, n: number): Mat {
  return mul(mul(Q, A, n), tr(Q, n), n);
}

/** Eigenvalues as sorted [re, im] pairs, for basis-free comparison. */
function spectrum(A: { rows: number; data: ArrayLike<number> }): Array<[number, number]> {
  const { re, im } = eigvals({ rows: A.rows, cols: A.rows, data: A.data });
  return Array.from(re, (r, i) => [r, im[i]!] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

// ---- delay embedding -----------------------------------------------------------------------------

test("delayEmbedding stacks delayed copies within each trial and never across trials", () => {
  // 2 trials × 6 steps × 1 unit, values 10·b + t, so every entry names its trial and step.
  const data = Float64Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6));
  const e = delayEmbedding({ rows: 12, cols: 1, data }, { trials: 2, nDelays: 3, delayInterval: 2 });
  assert.equal(e.rowsPerTrial, 2); // 6 − (3 − 1)·2
  assert.equal(e.matrix.cols, 3);
  assert.deepEqual(Array.from(e.matrix.data), [0, 2, 4, 1, 3, 5, 10, 12, 14, 11, 13, 15]);
  // The same through the 3-D input forms.
  const nested = [0, 1].map((b) => [0, 1, 2, 3, 4, 5].map((t) => [10 * b + t]));
  assert.deepEqual(Array.from(delayEmbedding(nested, { nDelays: 3, delayInterval: 2 }).matrix.data), Array.from(e.matrix.data));
  assert.deepEqual(Array.from(delayEmbedding({ data, shape: [2, 6, 1] }, { nDelays: 3, delayInterval: 2 }).matrix.data), Array.from(e.matrix.data));
});

test("delayEmbedding refuses too few steps, NaN samples and rows that do not split into trials", () => {
  const x = { rows: 10, cols: 2, data: new Float64Array(20) };
  assert.throws(() => delayEmbedding(x, { trials: 2, nDelays: 5, delayInterval: 1 }), /trials have 5 steps.*nDelays 5.*≥ 6 steps/);
  assert.throws(() => delayEmbedding(x, { trials: 3 }), /do not split into 3 equal trials/);
  const bad = Float64Array.from({ length: 20 }, (_, i) => (i === 13 ? NaN : 0));
  assert.throws(() => delayEmbedding({ rows: 10, cols: 2, data: bad }, { trials: 2 }), /trial 1, step 1, unit 1 is NaN/);
});

// ---- DMD -----------------------------------------------------------------------------------------

test("fitDmd recovers a known linear system's eigenvalues from noiseless trajectories, with and without delays", () => {
  // A = M D M⁻¹ with D = blocks [0.95·R(0.4)], 0.9, 0.5 and a random non-orthogonal M: eigenvalues
  // 0.95·e^{±0.4i}, 0.9, 0.5 in a basis unrelated to the units.
  const rng = new Rng(11);
  const n = 4;
  const D = new Float64Array(n * n);
  const R = rotation(0.95, 0.4);
  D.set([R[0]!, R[1]!], 0);
  D.set([R[2]!, R[3]!], 4);
  D[10] = 0.9;
  D[15] = 0.5;
  const Mm = Float64Array.from({ length: n * n }, (_, i) => (i % 5 === 0 ? 2 : 0) + 0.5 * rng.normal());
  const Minv = analysis.pinv({ rows: n, cols: n, data: Mm }).data;
  const A = mul(mul(Mm, D, n), Minv, n);
  const want = spectrum({ rows: n, data: D });
  const traj = simulate(A, n, { trials: 6, steps: 30, seed: 12 });
  // Tolerance: the data are exact, so the least-squares fit is exact up to round-off (observed
  // eigenvalue errors ~1e-15, residual ~1e-15); 1e-9 leaves room for the Gram matrix squaring the
  // condition number on other platforms, while a fit that crossed a trial boundary or mis-paired the
  // delays is off by ≥ 1e-2 (its residual is 0.33, checked below).
  for (const o of [{ nDelays: 1 }, { nDelays: 3, delayInterval: 2 }, { nDelays: 2, basis: "pcs" as const }]) {
    const dmd = fitDmd(traj, { ...o, rank: 4 });
    assert.equal(dmd.rank, 4);
    assert.ok(dmd.residual < 1e-9, `${JSON.stringify(o)}: residual ${dmd.residual}`);
    const got = spectrum(dmd.A);
    got.forEach(([re, im], i) => {
      assert.ok(Math.abs(re - want[i]![0]) < 1e-9 && Math.abs(im - want[i]![1]) < 1e-9, `${JSON.stringify(o)}: eigenvalue ${re}+${im}i vs ${want[i]}`);
    });
  }
  // The same data laid out as notebook 07 records it ([trials·steps, units], trial-major, trials given).
  const flat = fitDmd({ rows: 6 * 30, cols: n, data: traj.data }, { trials: 6, nDelays: 3, delayInterval: 2, rank: 4 });
  assert.ok(Math.abs(spectrum(flat.A)[3]![0] - want[3]![0]) < 1e-9);
  // Read as one long trajectory instead (trials: 1), the 5 boundary jumps break the linear fit.
  const wrong = fitDmd({ rows: 6 * 30, cols: n, data: traj.data }, { nDelays: 3, delayInterval: 2, rank: 4 });
  assert.ok(wrong.residual > 1e-3, `boundary-crossing fit residual ${wrong.residual}`);
  // A ridge penalty shrinks the operator and leaves a residual.
  const ridged = fitDmd(traj, { rank: 4, ridge: 0.1 });
  assert.ok(ridged.residual > 1e-4 && Math.abs(spectrum(ridged.A)[3]![0]) < 0.9);
});

test("fitDmd center: a constant offset is one extra eigenvalue 1 uncentred, removed when centred", () => {
  // Trials in ± pairs (x0, −x0) make the sample mean of x exactly 0, so centring removes exactly the
  // offset c of y = x + c. Tolerances as in the recovery test (exact data, round-off only).
  const A = Float64Array.from([0.9, -0.3, 0.3, 0.9]);
  const base = simulate(A, 2, { trials: 5, steps: 20, seed: 3 });
  const data = new Float64Array(2 * base.data.length);
  data.set(base.data.map((v, i) => v + (i % 2 === 0 ? 2 : -1)));
  data.set(base.data.map((v, i) => -v + (i % 2 === 0 ? 2 : -1)), base.data.length);
  const y = { data, shape: [10, 20, 2] as [number, number, number] };
  const want = spectrum({ rows: 2, data: A });
  const centred = fitDmd(y, { rank: 2, center: true, nDelays: 2 });
  spectrum(centred.A).forEach(([re, im], i) => assert.ok(Math.abs(re - want[i]![0]) < 1e-9 && Math.abs(im - want[i]![1]) < 1e-9));
  assert.ok(fitDmd(y, { rank: 2, nDelays: 2 }).residual > 1e-3, "uncentred rank 2 cannot fit the offset");
  const withOffset = spectrum(fitDmd(y, { rank: 3, nDelays: 2 }).A);
  assert.ok(withOffset.some(([re, im]) => Math.abs(re - 1) < 1e-9 && Math.abs(im) < 1e-9), `uncentred rank 3: ${withOffset}`);
});

test("fitDmd names bad ranks and options", () => {
  const traj = simulate(rotation(0.99, 0.3), 2, { trials: 3, steps: 20, seed: 1, noise: 1e-3 });
  assert.throws(() => fitDmd(traj, { rank: 5, nDelays: 2 }), /rank 5 is larger than the embedding dimension 4 \(nDelays 2 × 2 units\)/);
  assert.throws(() => fitDmd(traj, { rank: 2, varianceFraction: 0.9 }), /rank or varianceFraction, not both/);
  assert.throws(() => fitDmd(traj, { rank: 2, ridge: -1 }), /ridge must be/);
  // Noiseless 2-D dynamics embedded with 3 delays: rank 2, so rank 4 is numerically absent.
  const clean = simulate(rotation(0.99, 0.3), 2, { trials: 3, steps: 20, seed: 1 });
  assert.throws(() => fitDmd(clean, { rank: 4, nDelays: 3 }), /exceeds the numerical rank 2/);
  assert.equal(fitDmd(clean, { varianceFraction: 0.999, nDelays: 3 }).rank, 2);
});

// ---- Procrustes over vector fields ---------------------------------------------------------------

test("vectorFieldProcrustes: zero on identical and conjugate operators (both components of O(n))", () => {
  const rng = new Rng(21);
  const n = 6;
  const A = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
  const m = (x: Mat) => ({ rows: n, cols: n, data: x });
  assert.equal(vectorFieldProcrustes(m(A), m(A)).distance, 0);
  for (const det of [1, -1] as const) {
    const Q = orthogonal(n, rng, det);
    const r = vectorFieldProcrustes(m(A), m(conj(Q, A, n)));
    // Exact conjugates: the optimum is 0; the descent stops at ‖Ω‖ < 1e-10, i.e. residual ~1e-10.
    assert.ok(r.euclidean < 1e-8 && r.angular < 1e-8, `det ${det}: ${r.euclidean}`);
    // The returned C is orthogonal and realises the residual.
    const CtC = mul(tr(r.C.data, n), r.C.data, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(CtC[i * n + j]! - (i === j ? 1 : 0)) < 1e-12);
  }
  // Scale is normalised away: 3·A vs A is distance 0.
  assert.ok(vectorFieldProcrustes(m(A), m(A.map((v) => 3 * v))).distance < 1e-12);
});

test("vectorFieldProcrustes matches a brute-force search over O(2)", () => {
  // O(2) is rotations R(φ) and reflections R(φ)·diag(1, −1): scan both on a 2·10⁵-point grid. The grid
  // step 3e-5 rad puts the scanned minimum within ~1e-9 of the true one (the loss is quadratic at a
  // minimum), so 1e-6 separates "found the global minimum" from any local one (≥ 1e-2 apart here).
  const rng = new Rng(31);
  for (let trial = 0; trial < 5; trial++) {
    const A = Float64Array.from({ length: 4 }, () => rng.normal());
    const B = Float64Array.from({ length: 4 }, () => rng.normal());
    const na = Math.hypot(...A);
    const nb = Math.hypot(...B);
    let best = Infinity;
    for (const refl of [1, -1]) {
      for (let k = 0; k < 100000; k++) {
        const p = (2 * Math.PI * k) / 100000;
        const c = Math.cos(p);
        const s = Math.sin(p);
        const C = Float64Array.from([c, -s * refl, s, c * refl]);
        const M = conj(C, B, 2);
        let f = 0;
        for (let i = 0; i < 4; i++) f += (A[i]! / na - M[i]! / nb) ** 2;
        best = Math.min(best, Math.sqrt(f));
      }
    }
    const r = vectorFieldProcrustes({ rows: 2, cols: 2, data: A }, { rows: 2, cols: 2, data: B }, { metric: "euclidean" });
    assert.ok(Math.abs(r.distance - best) < 1e-6, `trial ${trial}: ${r.distance} vs brute force ${best}`);
    assert.ok(Math.abs(r.angular - 2 * Math.asin(best / 2)) < 1e-5);
  }
});

test("vectorFieldProcrustes is symmetric, invariant to an orthogonal change of basis and deterministic for a seed", () => {
  const rng = new Rng(41);
  const n = 4;
  const m = (x: Mat) => ({ rows: n, cols: n, data: x });
  for (let trial = 0; trial < 4; trial++) {
    const A = Float64Array.from({ length: n * n }, () => rng.normal());
    const B = Float64Array.from({ length: n * n }, () => rng.normal());
    const ab = vectorFieldProcrustes(m(A), m(B), { seed: 5 });
    const ba = vectorFieldProcrustes(m(B), m(A), { seed: 5 });
    assert.equal(ab.distance, ba.distance); // exact: both run the same canonical computation
    assert.ok(ab.distance > 0.05, `random pair distance ${ab.distance}`);
    // Basis change of either side: the same optimum. Tolerance 1e-8: each solve is converged to
    // ‖Ω‖ < 1e-6·residual (residual accurate to ~1e-12 relative); a different local minimum would
    // differ by ≥ 1e-3 (the spread of start residuals on random 4×4 pairs).
    const Q = orthogonal(n, rng);
    const moved = vectorFieldProcrustes(m(conj(Q, A, n)), m(B), { seed: 5 });
    assert.ok(Math.abs(moved.distance - ab.distance) < 1e-8, `trial ${trial}: ${moved.distance} vs ${ab.distance}`);
    // Same seed: bit-identical, including the optimal C.
    const again = vectorFieldProcrustes(m(A), m(B), { seed: 5 });
    assert.equal(again.distance, ab.distance);
    assert.deepEqual(Array.from(again.C.data), Array.from(ab.C.data));
  }
  assert.throws(() => vectorFieldProcrustes(m(new Float64Array(16)), m(new Float64Array(16).fill(1))), /all zeros/);
  assert.throws(() => vectorFieldProcrustes({ rows: 3, cols: 3, data: new Float64Array(9).fill(1) }, m(new Float64Array(16).fill(1))), /fit both at the same rank/);
});

// ---- DSA -----------------------------------------------------------------------------------------

test("dsa: conjugate linear systems are at distance ≈ 0, with any number of units", () => {
  const rng = new Rng(51);
  const n = 3;
  const A = Float64Array.from([0.9, -0.3, 0.1, 0.3, 0.9, 0.0, 0.0, 0.2, 0.7]);
  const Q = orthogonal(n, rng, -1);
  // x and Qx: the same trajectories in a rotated/reflected basis.
  const x = simulate(A, n, { trials: 8, steps: 25, seed: 52 });
  const qxData = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / n; r++) for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) qxData[r * n + i]! += Q[i * n + k]! * x.data[r * n + k]!;
  const d1 = dsa(x, { data: qxData, shape: x.shape }, { rank: 3, nDelays: 2 });
  // Tolerance 1e-6: the two fits see the same embedded data up to an orthogonal map, so the models
  // agree to round-off (~1e-12); the optimiser then stops at residual ~1e-10.
  assert.ok(d1.distance < 1e-6, `x vs Qx: ${d1.distance}`);
  // The same dynamics read out by 5 units through orthonormal columns: also ≈ 0 (rank 3).
  const E = orthogonal(5, rng).filter((_, i) => i % 5 < n); // 5×3, orthonormal columns
  const wide = simulate(A, n, { trials: 8, steps: 25, seed: 52, E, units: 5 });
  assert.ok(dsa(x, wide, { rank: 3 }).distance < 1e-6);
  // Conjugate systems A and QAQᵀ run from *independent* initial states: in the "pcs" basis the fitted
  // operators are V_xᵀ A V_x and V_yᵀ QAQᵀ V_y, orthogonally similar, so the distance is ≈ 0 whatever
  // the data; the reference's "whitened" basis also rescales by the data's singular values, so it is
  // small but not 0 (it depends on the battery).
  const y = simulate(conj(Q, A, n), n, { trials: 8, steps: 25, seed: 99 });
  const pcs = dsa(x, y, { rank: 3, basis: "pcs" }).distance;
  assert.ok(pcs < 1e-6, `pcs: ${pcs}`);
  const whitened = dsa(x, y, { rank: 3 }).distance;
  assert.ok(whitened > pcs && whitened < 0.3, `whitened: ${whitened}`);
});

test("dsa: a rotation and a saddle are far apart; two rotations of slightly different speed are close", () => {
  const rng = new Rng(61);
  const Q = orthogonal(2, rng);
  const saddle = conj(Q, Float64Array.from([1.1, 0, 0, 0.85]), 2);
  const run = (A: Mat, seed: number) => simulate(A, 2, { trials: 20, steps: 20, seed, noise: 1e-4 });
  const rot = run(rotation(0.99, 0.6), 1);
  const rotConj = run(conj(orthogonal(2, rng, -1), rotation(0.99, 0.6), 2), 2);
  const rotFaster = run(rotation(0.99, 0.66), 3);
  const opts = { rank: 2, nDelays: 1 };
  const dConj = dsa(rot, rotConj, opts).distance;
  const dSpeed = dsa(rot, rotFaster, opts).distance;
  const dSaddle = dsa(rot, run(saddle, 4), opts).distance;
  // Expected angles (for isotropic data the whitened model is ≈ the true operator): 10 % faster
  // rotation: θ = 0.06 rad; rotation vs a symmetric saddle S: cos θ = cos ω·tr S/(√2‖S‖) → θ ≈ 0.6 rad.
  // Observed: 0.0076 (conjugate: sampling noise of the whitening), 0.061, 0.598; thresholds leave
  // ≥ ×2 margins on each, so only a metric that confuses the two flows fails.
  assert.ok(dConj < 0.03, `conjugate rotations: ${dConj}`);
  assert.ok(dSpeed < 0.12, `rotations 0.60 vs 0.66: ${dSpeed}`);
  assert.ok(dSaddle > 0.3 && dSaddle > 4 * dSpeed && dSaddle > 10 * dConj, `saddle ${dSaddle}, speed ${dSpeed}, conj ${dConj}`);
});

test("dsaDistances separates two classes of linear systems (1-NN accuracy 1), symmetric with labels and progress", () => {
  const rng = new Rng(71);
  const rotations = [0.5, 0.6, 0.7].map((w) => rotation(0.98, w));
  const saddles = [[1.05, 0.85], [1.08, 0.8], [1.03, 0.9]].map(([a, b]) => conj(orthogonal(2, rng), Float64Array.from([a!, 0, 0, b!]), 2));
  const systems = [...rotations, ...saddles];
  // Different unit counts per network (3, 4, 5 read-out units), each its own random readout.
  const nets = systems.map((A, i) => {
    const units = 3 + (i % 3);
    const E = orthogonal(units, rng).filter((_, k) => k % units < 2); // units×2, orthonormal columns
    const t = simulate(A, 2, { trials: 10, steps: 20, seed: 100 + i, E, units, noise: 1e-3 });
    // As notebook 07 records activity: [trials·steps, units] with trials passed as an option.
    return { rows: 10 * 20, cols: units, data: t.data };
  });
  const labels = ["r1", "r2", "r3", "s1", "s2", "s3"];
  let calls = 0;
  const D = dsaDistances(nets, { trials: 10, nDelays: 2, rank: 2, labels, onProgress: () => calls++ });
  assert.equal(calls, 15);
  assert.deepEqual(D.labels, labels);
  for (let i = 0; i < 6; i++) {
    assert.equal(D.data[i * 6 + i], 0);
    for (let j = 0; j < 6; j++) assert.equal(D.data[i * 6 + j], D.data[j * 6 + i]);
  }
  const sep = groupSeparation(D, ["rot", "rot", "rot", "saddle", "saddle", "saddle"]);
  assert.equal(sep.nnAccuracy, 1);
  assert.ok(sep.ratio > 2, `between/within ${sep.ratio}`);
  // Exported through the analysis index.
  assert.equal(analysis.dsaDistances, dsaDistances);
});

test("fitDmdPopulation fits every network at one common rank; dsaDistances names bad input", () => {
  const a = simulate(rotation(0.99, 0.3), 2, { trials: 4, steps: 30, seed: 1, noise: 1e-3 });
  const b = simulate(Float64Array.from([0.9, 0.1, 0, 0.2, 0.8, 0.1, 0, 0.1, 0.7]), 3, { trials: 4, steps: 30, seed: 2, noise: 1e-3 });
  // Alone, a needs fewer directions than b for 99.9 % of its variance; together both get b's rank.
  const alone = [a, b].map((x) => fitDmd(x, { varianceFraction: 0.999, nDelays: 2 }).rank);
  assert.ok(alone[0]! < alone[1]!, `ranks alone ${alone}`);
  const [da, db] = fitDmdPopulation([a, b], { varianceFraction: 0.999, nDelays: 2 });
  assert.equal(da!.rank, alone[1]);
  assert.equal(db!.rank, alone[1]);
  assert.ok(da!.explainedVariance >= 0.999);
  // Without delays a's embedding (2 units) cannot hold b's rank: the error says why the rank is that.
  assert.throws(() => fitDmdPopulation([a, b], { varianceFraction: 0.999 }), /network 0: rank 3 is larger than the embedding dimension 2.*common rank 3 is the largest/);
  assert.throws(() => dsaDistances([a]), /at least 2/);
  assert.throws(() => dsaDistances([a, b], { rank: 3 }), /network 0: rank 3 is larger than the embedding dimension 2/);
  assert.throws(() => dsaDistances([a, b], { labels: ["x"] }), /1 labels for 2 networks/);
});

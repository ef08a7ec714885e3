import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import {
  cca,
  classicalMds,
  fitPca,
  pairwiseDistances,
  pcaInverseTransform,
  pinv,
  procrustes,
  solve,
  svcca,
  svd,
  symmetricEig,
  toDistanceMatrix,
} from "../../src/analysis";
import { DenseMatrix, matmul } from "../../src/analysis/linalg/matrix";

function randMat(rng: Rng, rows: number, cols: number, std = 1): DenseMatrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal(0, std)) };
}

function orthogonal(rng: Rng, n: number): DenseMatrix {
  const { u } = svd(randMat(rng, n, n));
  return u;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

test("svd, symmetricEig, solve and pinv reconstruct their inputs", () => {
  const rng = new Rng(10);
  for (const [r, c] of [[7, 4], [4, 7], [5, 5]]) {
    const A = randMat(rng, r, c);
    const { s, u, v } = svd(A);
    const k = Math.min(r, c);
    assert.equal(s.length, k);
    for (let i = 1; i < k; i++) assert.ok(s[i - 1] >= s[i], "descending");
    const rec = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let q = 0; q < k; q++) rec[i * c + j] += u.data[i * k + q] * s[q] * v.data[j * k + q];
    assert.ok(maxAbsDiff(rec, A.data) < 1e-12, `svd ${r}×${c}`);
  }
  const e = symmetricEig([[2, 1, 0], [1, 2, 0], [0, 0, -1]]);
  assert.ok(maxAbsDiff(e.values, [3, 1, -1]) < 1e-12);
  assert.throws(() => symmetricEig([[1, 2], [0, 1]]), /not symmetric/);
  const x = solve([[3, 1], [1, 2]], [[9], [8]]);
  assert.ok(maxAbsDiff(x.data, [2, 3]) < 1e-12);
  // Rank-deficient pinv: A A⁺ A = A.
  const B = matmul(randMat(rng, 6, 2), randMat(rng, 2, 5));
  const Bp = pinv(B);
  assert.equal(Bp.rows, 5);
  const BBpB = matmul(matmul(B, Bp), B);
  assert.ok(maxAbsDiff(BBpB.data, B.data) < 1e-10);
});

test("fitPca recovers planted variances and directions; transform applies to other data", () => {
  const rng = new Rng(11);
  const p = 10;
  const n = 5000;
  const stds = [5, 2, 0.5];
  const Q = orthogonal(rng, p);
  const mean = Array.from({ length: p }, (_, i) => i - 3);
  const X = new Float64Array(n * p);
  for (let s = 0; s < n; s++) {
    const z = stds.map((sd) => rng.normal(0, sd));
    for (let f = 0; f < p; f++) {
      let v = mean[f] + rng.normal(0, 0.01);
      for (let c = 0; c < 3; c++) v += z[c] * Q.data[f * p + c];
      X[s * p + f] = v;
    }
  }
  const pca = fitPca({ rows: n, cols: p, data: X }, 3);
  for (let c = 0; c < 3; c++) {
    const rel = Math.abs(pca.explainedVariance[c] - stds[c] ** 2) / stds[c] ** 2;
    assert.ok(rel < 0.06, `component ${c}: variance ${pca.explainedVariance[c]} vs ${stds[c] ** 2}`);
    let dot = 0;
    for (let f = 0; f < p; f++) dot += pca.components.data[c * p + f] * Q.data[f * p + c];
    assert.ok(Math.abs(dot) > 0.999, `component ${c} direction |cos| = ${Math.abs(dot)}`);
  }
  const ratioSum = pca.explainedVarianceRatio.reduce((a, b) => a + b, 0);
  assert.ok(ratioSum > 0.999 && ratioSum <= 1 + 1e-12);
  assert.ok(maxAbsDiff(pca.mean, mean) < 0.2);
  // Transform of new points = coordinates along the axes; round trip through inverse.
  const Y = randMat(rng, 4, p);
  const Z = pca.transform(Y);
  assert.equal(Z.cols, 3);
  const full = fitPca({ rows: n, cols: p, data: X });
  const back = pcaInverseTransform(full, full.transform(Y));
  assert.ok(maxAbsDiff(back.data, Y.data) < 1e-9, "full-rank PCA round trip");
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(pca))).includes("transform"), false);
  assert.throws(() => pca.transform(randMat(rng, 2, 4)), /features/);
  assert.throws(() => fitPca(Y, 11), /k must be/);
});

test("cca: rotated copy → correlations 1; independent data → small; scores are canonical", () => {
  const rng = new Rng(12);
  const X = randMat(rng, 400, 5);
  const Y = matmul(X, orthogonal(rng, 5));
  for (let i = 0; i < Y.data.length; i++) Y.data[i] += 3; // offsets are centred away
  const r = cca(X, Y);
  assert.equal(r.correlations.length, 5);
  assert.ok(Array.from(r.correlations).every((c) => c > 1 - 1e-10), `${r.correlations}`);
  const ind = cca(randMat(rng, 2000, 4), randMat(rng, 2000, 4));
  assert.ok(ind.correlations[0] < 0.15, `independent: ${ind.correlations[0]}`);
  // Planted shared signal: y0 = x0 + noise of equal variance → correlation 1/√2.
  const n = 20000;
  const A = randMat(rng, n, 3);
  const B = randMat(rng, n, 3);
  for (let s = 0; s < n; s++) B.data[s * 3] = A.data[s * 3] + rng.normal();
  const planted = cca(A, B);
  assert.ok(Math.abs(planted.correlations[0] - Math.SQRT1_2) < 0.02, `planted ${planted.correlations[0]}`);
  assert.ok(planted.correlations[1] < 0.05);
  // Canonical variates: unit norm, correlation between paired scores = reported correlation.
  const m = planted.correlations.length;
  for (let c = 0; c < m; c++) {
    let xx = 0;
    let xy = 0;
    for (let s = 0; s < n; s++) {
      xx += planted.xScores.data[s * m + c] ** 2;
      xy += planted.xScores.data[s * m + c] * planted.yScores.data[s * m + c];
    }
    assert.ok(Math.abs(xx - 1) < 1e-9 && Math.abs(xy - planted.correlations[c]) < 1e-9);
  }
  assert.throws(() => cca(randMat(rng, 5, 2), randMat(rng, 6, 2)), /same trials/);
});

test("svcca: invariant to invertible linear maps of low-rank activity, large for unrelated nets", () => {
  const rng = new Rng(13);
  const latent = randMat(rng, 600, 5);
  const X = matmul(latent, randMat(rng, 5, 20)); // 20 units, rank 5
  const Y = matmul(X, randMat(rng, 20, 20)); // invertible (a.s.) mixing, another "network"
  const same = svcca(X, Y, { k: 5 });
  assert.ok(same.distance < 1e-8, `distance ${same.distance}`);
  const capped = svcca(X, Y, { k: 10 });
  assert.equal(capped.kX, 5, "k is capped at the rank");
  assert.ok(capped.distance < 1e-8);
  const rot = svcca(X, matmul(X, orthogonal(rng, 20)), { k: 3 });
  assert.ok(rot.distance < 1e-8, "rotations keep the top-k subspace");
  const other = svcca(X, matmul(randMat(rng, 600, 5), randMat(rng, 5, 20)), { k: 5 });
  assert.ok(other.distance > 0.7, `unrelated distance ${other.distance}`);
  const byVar = svcca(X, Y, { varianceFraction: 0.99 });
  assert.ok(byVar.kX <= 5 && byVar.kX >= 1);
});

test("procrustes: 0 for rotated, scaled, shifted copies; positive otherwise", () => {
  const rng = new Rng(14);
  const X = randMat(rng, 50, 4);
  const R = orthogonal(rng, 4);
  const Y = matmul(X, R);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] = 2.5 * Y.data[i] + (i % 4);
  const r = procrustes(X, Y);
  assert.ok(r.distance < 1e-10 && r.angular < 1e-6 && r.disparity < 1e-12, JSON.stringify(r.distance));
  // The returned map sends X̂ onto Ŷ: compare with the planted R.
  assert.ok(maxAbsDiff(r.rotation.data, R.data) < 1e-9);
  const z = procrustes(X, randMat(rng, 50, 4));
  assert.ok(z.distance > 0.5 && z.distance <= 2);
  // Different widths are zero-padded: a 4-unit rep embedded in 6 units is the same shape.
  const wide = matmul(X, { rows: 4, cols: 6, data: Float64Array.from({ length: 24 }, (_, i) => (i % 6 === Math.floor(i / 6) ? 1 : 0)) });
  assert.ok(procrustes(X, wide).distance < 1e-10);
});

test("classicalMds recovers planted 2-D coordinates from their distance matrix", () => {
  const rng = new Rng(15);
  const pts = Array.from({ length: 12 }, () => [rng.normal(0, 3), rng.normal(0, 1)]);
  const D = pairwiseDistances(pts, (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]), {
    labels: pts.map((_, i) => `n${i}`),
  });
  const m = classicalMds(D, 2);
  assert.ok(m.stress < 1e-10, `stress ${m.stress}`);
  assert.ok(Math.abs(m.explained - 1) < 1e-10);
  assert.equal(m.labels?.[3], "n3");
  // Up to rotation/reflection/translation: Procrustes (without scaling) distance ≈ 0.
  const planted = { rows: 12, cols: 2, data: Float64Array.from(pts.flat()) };
  assert.ok(procrustes(planted, m.coords, { normalize: false }).distance < 1e-9);
  // Non-Euclidean distances: negative eigenvalues and positive stress, still 2 columns.
  const nonEuclid = toDistanceMatrix([[0, 1, 5], [1, 0, 1], [5, 1, 0]]);
  const bad = classicalMds(nonEuclid, 2);
  assert.ok(bad.eigenvalues[2] < 0 && bad.stress > 0);
});

test("pairwiseDistances: symmetric, zero diagonal, each pair once, rejects bad metrics", () => {
  let calls = 0;
  const D = pairwiseDistances([1, 4, 9, 16], (a, b) => {
    calls++;
    return Math.abs(a - b);
  });
  assert.equal(calls, 6);
  assert.deepEqual(Array.from(D.data), [0, 3, 8, 15, 3, 0, 5, 12, 8, 5, 0, 7, 15, 12, 7, 0]);
  assert.throws(() => pairwiseDistances([1, 2], () => NaN), /finite/);
  assert.throws(() => toDistanceMatrix([[0, 1], [2, 0]]), /symmetric/);
});

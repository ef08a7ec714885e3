/**
 * The attractor-manifold analyses on a hand-built linear integrator whose answer is known: a linear
 * RNN h' = W h + U e_w with W = Q diag(1, …, 1 (C−1 times), 0.5, 0.4, …) Qᵀ. Its fixed points under
 * zero input fill the (C−1)-dimensional eigenspace of λ = 1, each with exactly C−1 slow modes; word w
 * of class c steps the state by U e_w towards vertex c; the readout rows point to the vertices.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import type { Model } from "../../src/core/types";
import { findFixedPointsDetailed } from "../../src/analysis/fixedPoints";
import { readoutModel } from "../../src/models/forward";
import {
  eigenMagnitudes, slowModeCounts, manifoldDimension, wordCountStatistics, documentsOf, wordEffects, evidenceAlignment,
  simplexVertices, vertexGeometry, wordVertexAlignment, wordVertexCosines,
} from "../../src/analysis/textManifold";
import { textClassificationTask } from "../../src/tasks/textClassification";

/** Orthonormal S×S matrix (Gram–Schmidt of a seeded Gaussian), columns Q[:, j]. */
function orthonormal(S: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const cols: number[][] = [];
  while (cols.length < S) {
    const v = Array.from({ length: S }, () => rng.normal());
    for (const q of cols) { const d = v.reduce((s, x, i) => s + x * q[i]!, 0); for (let i = 0; i < S; i++) v[i]! -= d * q[i]!; }
    const n = Math.hypot(...v);
    cols.push(v.map((x) => x / n));
  }
  return cols;
}

/** Linear integrator with C classes, `perClass` evidence words each and `neutral` zero words; S = C + 3 units. */
function integrator(C: number, perClass: number, neutral: number, seed = 1): { model: Model; wordClass: number[]; vertexDir: number[][]; S: number } {
  const S = C + 3;
  const Q = orthonormal(S, seed);
  const eig = [...Array(C - 1).fill(1), 0.5, 0.4, 0.3, 0.2].slice(0, S);
  const W = new Float32Array(S * S);
  for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) W[i * S + j] = Q.reduce((s, q, m) => s + q[i]! * eig[m]! * q[j]!, 0);
  // Vertex directions: a regular simplex in the slow plane (C unit vectors with pairwise cos −1/(C−1)).
  const simplex = Array.from({ length: C }, (_, c) => Array.from({ length: C }, (_, d) => (d === c ? 1 : 0) - 1 / C));
  // Project the centred one-hots of R^C onto an orthonormal basis of their (C−1)-D span, then into the slow plane.
  const span = gramSchmidt(simplex.slice(0, C - 1));
  const vertexDir = simplex.map((v) => {
    const coords = span.map((b) => b.reduce((s, x, i) => s + x * v[i]!, 0));
    const x = Array.from({ length: S }, (_, i) => coords.reduce((s, a, m) => s + a * Q[m]![i]!, 0));
    const n = Math.hypot(...x);
    return x.map((xi) => xi / n);
  });
  const V = C * perClass + neutral;
  const wordClass = Array.from({ length: V }, (_, w) => (w < C * perClass ? Math.floor(w / perClass) : -1));
  const U = new Float32Array(S * V);
  wordClass.forEach((c, w) => { if (c >= 0) for (let i = 0; i < S; i++) U[i * V + w] = 0.1 * vertexDir[c]![i]!; });
  const R = new Float32Array(C * S);
  for (let c = 0; c < C; c++) for (let i = 0; i < S; i++) R[c * S + i] = vertexDir[c]![i]!;
  const model: Model = {
    spec: { arch: "linear", inputSize: V, hiddenSize: S, outputSize: C },
    params: { weight_ih_l0: U, weight_hh_l0: W, bias_ih_l0: new Float32Array(S), bias_hh_l0: new Float32Array(S), "readout.weight": R, "readout.bias": new Float32Array(C) },
  };
  return { model, wordClass, vertexDir, S };
}

function gramSchmidt(vs: number[][]): number[][] {
  const out: number[][] = [];
  for (const v0 of vs) {
    const v = [...v0];
    for (const q of out) { const d = v.reduce((s, x, i) => s + x * q[i]!, 0); for (let i = 0; i < v.length; i++) v[i]! -= d * q[i]!; }
    const n = Math.hypot(...v);
    out.push(v.map((x) => x / n));
  }
  return out;
}

for (const C of [2, 3, 4]) {
  test(`linear integrator, C = ${C}: C−1 slow modes, a (C−1)-D manifold, words step to their vertex`, () => {
    const { model, wordClass, vertexDir, S } = integrator(C, 3, 2);
    const rng = new Rng(7);
    const K0 = 300;
    const inits = Float64Array.from({ length: K0 * S }, () => rng.normal());
    const search = findFixedPointsDetailed(model, { inits, inputs: new Array(model.spec.inputSize).fill(0), maxIters: 5000, tolUnique: 1e-6, excludeDistanceOutliers: false });
    const fps = search.unique;
    assert.ok(fps.count > 0.9 * K0, `${fps.count} fixed points`);
    const mags = eigenMagnitudes(fps);
    for (const m of mags) {
      for (let i = 0; i < C - 1; i++) assert.ok(Math.abs(m[i]! - 1) < 1e-4, `|λ${i + 1}| = ${m[i]}`);
      assert.ok(Math.abs(m[C - 1]! - 0.5) < 1e-4, `|λ${C}| = ${m[C - 1]}`);
    }
    const slow = slowModeCounts(fps, 0.99);
    assert.ok(slow.counts.every((n) => n === C - 1), `slow-mode counts ${[...new Set(slow.counts)]}`);
    assert.ok(Math.abs(slow.minTimeConstant - 99.5) < 0.1);
    assert.ok(slowModeCounts(fps, 0.45).counts.every((n) => n === C), "a lower threshold also counts λ = 0.5");
    // The points fill the λ = 1 eigenspace: exactly C−1 principal components (isotropic Gaussian inits projected).
    const dim = manifoldDimension(fps.xstar, S, { variance: 0.999 });
    assert.equal(dim.dimension, C - 1);
    assert.ok(dim.explainedVarianceRatio[C - 1]! < 1e-6);
    assert.ok(dim.participationRatio > C - 1 - 0.35 && dim.participationRatio <= C - 1 + 1e-9, `PR ${dim.participationRatio}`);
    // Word steps at fixed points are exactly U e_w ((W − I) h* = 0).
    const eff = wordEffects(model, fps.xstar);
    wordClass.forEach((c, w) => {
      for (let i = 0; i < S; i++) assert.ok(Math.abs(eff.state[w]![i]! - (c >= 0 ? 0.1 * vertexDir[c]![i]! : 0)) < 1e-5);
      assert.ok(Math.abs(eff.readout[w]!.reduce((s, v) => s + v, 0)) < 1e-9, "readout effects are centred");
    });
    // Vertices of the readout: the simplex's (regular: pairwise cos −1/(C−1)); evidence words point to their own vertex.
    const ys = new Float64Array(fps.count * C);
    for (let k = 0; k < fps.count; k++) ys.set(readoutModel(model, fps.xstar.subarray(k * S, (k + 1) * S)), k * C);
    const v = simplexVertices(fps.xstar, ys, C, { top: 0.1 });
    assert.ok(v.support.every((n) => n === Math.round(0.1 * fps.count)));
    const g = vertexGeometry(v);
    assert.equal(g.pairCosines.length, (C * (C - 1)) / 2);
    // Sampling error of a top-10 % mean of ~30 Gaussian points: cosines within 0.15 of the regular value.
    for (const cs of g.pairCosines) assert.ok(Math.abs(cs - g.regularCosine) < 0.15, `vertex cos ${g.pairCosines} vs ${g.regularCosine}`);
    const align = wordVertexAlignment(eff.state, wordClass, v);
    assert.ok(align.every((a) => a > 0.95), `word→vertex cos ${align}`);
    const cosM = wordVertexCosines(eff.state, wordClass, v);
    cosM.forEach((row, c) => assert.equal(row.indexOf(Math.max(...row)), c, "own vertex nearest"));
    // A word of class c raises output c most.
    wordClass.forEach((c, w) => { if (c >= 0) assert.equal(eff.readout[w]!.indexOf(Math.max(...eff.readout[w]!)), c); });
  });
}

test("the analyses refuse bad input with a message naming the fix", () => {
  const { model, S } = integrator(3, 2, 1);
  const fps = findFixedPointsDetailed(model, { inits: new Float64Array(5 * S).map((_, i) => Math.sin(i)), inputs: new Array(model.spec.inputSize).fill(0), tolUnique: 1e-9 }).unique;
  assert.throws(() => slowModeCounts(fps, 1), /minMagnitude must lie in \(0, 1\)/);
  assert.throws(() => eigenMagnitudes({ ...fps, count: fps.count, stateSize: S, continuous: false, eigRe: undefined, eigIm: undefined }), /decompose: true/);
  assert.throws(() => manifoldDimension(new Float64Array(2 * S), S), /at least 3 points/);
  assert.throws(() => manifoldDimension(new Float64Array(7), S), /whole number/);
  assert.throws(() => simplexVertices(new Float64Array(6), new Float64Array(5), 2), /readouts must be/);
  assert.throws(() => wordEffects(model, new Float64Array(S + 1)), /row-major/);
});

test("word-count statistics: exact log ratios; C−1 dimensions for unordered classes, 1 for graded evidence", () => {
  // Hand counts: 2 classes, 3 words. Class 0 docs hold word 0 twice, class 1 word 1; word 2 in both.
  const s = wordCountStatistics([[0, 0, 2], [1, 2], [1, 1, 2]], [0, 1, 1], { classes: 2, vocabSize: 3, smoothing: 1 });
  assert.deepEqual(s.counts, [[2, 0], [0, 3], [1, 2]]);
  assert.deepEqual(s.documents, [1, 2]);
  const lp = (n: number, tot: number) => Math.log((n + 1) / (tot + 3));
  const e0 = lp(2, 3) - (lp(2, 3) + lp(0, 5)) / 2;
  assert.ok(Math.abs(s.evidence[0]![0]! - e0) < 1e-12);
  for (const row of s.evidence) assert.ok(Math.abs(row[0]! + row[1]!) < 1e-12, "rows centred");
  assert.equal(s.predictedDimension, 1);
  // The task's unordered data: C − 1 equal components, the C-th is 0 (rows are centred).
  for (const C of [3, 4]) {
    const t = textClassificationTask({ classes: C });
    const { docs, labels } = documentsOf(t.trials({ batch: 4000, seed: 5 }));
    const w = wordCountStatistics(docs, labels, { classes: C, vocabSize: t.inputSize });
    assert.equal(w.predictedDimension, C - 1);
    assert.ok(w.explainedVarianceRatio[C - 1]! < 1e-12);
    // Symmetric classes: every component ≈ 1/(C−1) (sampling noise of 4000 docs: within 0.08).
    for (let d = 0; d < C - 1; d++) assert.ok(Math.abs(w.explainedVarianceRatio[d]! - 1 / (C - 1)) < 0.08, `${w.explainedVarianceRatio}`);
  }
  // Graded (ordered) evidence: P(w | c) ∝ exp(0.1 · v_w · c) is rank one in (w, c) up to the class normaliser.
  const vals = [-2, -1, 1, 2], classes = [-2, -1, 0, 1, 2];
  const docs: number[][] = [], labels: number[] = [];
  classes.forEach((c, ci) => {
    const doc: number[] = [];
    vals.forEach((v, w) => { for (let n = 0; n < Math.round(2000 * Math.exp(0.1 * v * c)); n++) doc.push(w); });
    docs.push(doc);
    labels.push(ci);
  });
  const g = wordCountStatistics(docs, labels, { classes: 5, vocabSize: 4, variance: 0.95 });
  assert.equal(g.predictedDimension, 1, `${g.explainedVarianceRatio}`);
  // evidenceAlignment: the exact evidence vector aligns with itself.
  const fake = { vocabSize: 4, stateSize: 1, outputSize: 5, state: [[0], [0], [0], [0]], readout: g.evidence.map((r) => [...r]) };
  assert.ok(evidenceAlignment(fake, g.evidence, [0, 1, 2, 3]).every((a) => Math.abs(a - 1) < 1e-12));
  assert.throws(() => evidenceAlignment(fake, g.evidence, [4]), /outside/);
  assert.throws(() => wordCountStatistics([[0]], [2], { classes: 2, vocabSize: 1 }), /not a class/);
  assert.throws(() => wordCountStatistics([[0]], [0], { classes: 2, vocabSize: 1 }), /class 1 has no documents/);
  assert.throws(() => wordCountStatistics([[5]], [0], { classes: 1, vocabSize: 1 }), /classes must be an integer ≥ 2/);
  assert.throws(() => wordCountStatistics([[0]], [0], { classes: 2, vocabSize: 1, smoothing: 0 }), /smoothing must be > 0/);
  assert.throws(() => documentsOf({ meta: [{ label: 0 }] }), /no "tokens"/);
});

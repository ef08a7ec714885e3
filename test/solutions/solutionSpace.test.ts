import { test } from "node:test";
import assert from "node:assert/strict";
import { solutionMap, mdsProject } from "../../src/solutions/solutionMap";
import { detectBifurcations, curveDistance, matchTypes } from "../../src/solutions/bifurcations";
import { natureNurture, mutualInformation } from "../../src/solutions/natureNurture";
import { classicalMds } from "../../src/analysis/projection/mds";
import { ReducedGraph } from "../../src/solutions/graph/reducedGraph";
import { Rng } from "../../src/core/random";
import { solutionMapPlot, natureNurturePlot, typePredictionPlot } from "../../src/plots/solutions";
import { predictTypes } from "../../src/solutions/typePrediction";
import { findRenderer } from "../../src/display/registry";

function cloud(rng: Rng, n: number, centres: number[][]): { f: number[]; type: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const c = i % centres.length;
    return { f: centres[c]!.map((v) => v + rng.normal(0, 0.3)), type: `T${c}` };
  });
}

test("MDS out-of-sample projection puts an embedded point back on itself and matches PCA projection for new points", () => {
  const rng = new Rng(1);
  const X = Array.from({ length: 12 }, () => [rng.normal(), 3 * rng.normal(), 0.1 * rng.normal()]);
  const d2 = (a: number[], b: number[]) => a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0);
  const D2 = X.map((a) => X.map((b) => d2(a, b)));
  const mds = classicalMds(D2.map((r) => r.map(Math.sqrt)), 2);
  const colMeans = X.map((_, j) => D2.reduce((s, r) => s + r[j]! / X.length, 0));
  for (let i = 0; i < X.length; i++) {
    const [x, y] = mdsProject(mds, colMeans, D2[i]!);
    assert.ok(Math.abs(x! - mds.coords.data[i * 2]!) < 1e-9 && Math.abs(y! - mds.coords.data[i * 2 + 1]!) < 1e-9);
  }
  // a new point: Gower's formula = projection of the centred point onto the MDS (= PCA) axes,
  // so distances in the 2-D plane to the embedded points are preserved up to the dropped axis
  const p = [0.5, -1, 0.05];
  const [px, py] = mdsProject(mds, colMeans, X.map((b) => d2(p, b)));
  const distIn2d = (i: number) => Math.hypot(px! - mds.coords.data[i * 2]!, py! - mds.coords.data[i * 2 + 1]!);
  // the third axis has tiny variance: 2-D distances ≈ true distances
  for (let i = 0; i < X.length; i++) assert.ok(Math.abs(distIn2d(i) - Math.sqrt(d2(p, X[i]!))) < 0.35, `point ${i}`);
});

test("solutionMap separates well-separated types and draws trajectories ending at their network", () => {
  const rng = new Rng(2);
  const pts = cloud(rng, 30, [[0, 0, 0, 0], [5, 5, 0, 0], [0, 5, 5, 0]]);
  const nets = pts.map((p, i) => ({ id: `n${i}`, type: p.type, features: p.f }));
  const tr = { id: "n0", checkpoints: [2, 1, 0].map((k, e) => ({ epoch: e * 10, features: pts[0]!.f.map((v) => v + k), type: "T0", bifurcation: e === 1 })).concat([{ epoch: 5, features: [NaN, 0, 0, 0], type: "T0", bifurcation: false }]) };
  const map = solutionMap(nets, { trajectories: [tr] });
  assert.ok(map.typeSeparation() < 0.4, `separation ${map.typeSeparation()}`);
  // relabelled points (a permutation test's null): shuffled labels lose the separation
  assert.equal(map.typeSeparation(map.points.map((p) => p.type)), map.typeSeparation());
  const mixed = map.points.map((_, i) => `T${Math.floor(i / 10)}`); // each label holds every centre
  assert.ok(map.typeSeparation(mixed) > 0.8, `mixed labels ${map.typeSeparation(mixed)}`);
  assert.throws(() => map.typeSeparation(["T0"]), /one label per point/);
  const t = map.trajectories[0]!;
  assert.equal(t.skipped, 1);
  assert.deepEqual(t.points.map((p) => p.epoch), [0, 10, 20, 20]);
  const last = t.points[t.points.length - 1]!;
  assert.ok(last.final && last.x === map.points[0]!.x && last.y === map.points[0]!.y);
  // checkpoints approach the network: distance in the map shrinks as k goes 2 → 0
  const d = t.points.map((p) => Math.hypot(p.x - last.x, p.y - last.y));
  assert.ok(d[0]! > d[1]! && d[1]! > d[2]!);
  assert.ok(t.points[1]!.bifurcation);
  const fig = solutionMapPlot(map);
  assert.match(fig.description, /30 networks, 3 types, 1 training trajectories/);
  assert.ok(findRenderer(map), "a SolutionMap displays itself");
  assert.throws(() => solutionMap(nets.slice(0, 2)), /at least 3/);
  assert.throws(() => solutionMap(nets, { trajectories: [{ id: "nope", checkpoints: [] }] }), /names no network/);
});

test("detectBifurcations: type changes between valid checkpoints, paired with behaviour jumps", () => {
  const flat = (v: number) => [v, v, v, v];
  const cps = [
    { epoch: 0, type: "A", valid: false, curve: flat(9) },
    { epoch: 10, type: "A", valid: true, curve: flat(1) },
    { epoch: 20, type: "A", valid: true, curve: flat(1.1) },
    { epoch: 30, type: "B", valid: true, curve: flat(4) },
    { epoch: 35, type: "C", valid: false, curve: flat(4) },
    { epoch: 40, type: "B", valid: true, curve: flat(4.1) },
    { epoch: 50, type: "C", valid: true, curve: flat(4.15) },
  ];
  const b = detectBifurcations(cps);
  assert.equal(b.valid.length, 5);
  assert.deepEqual(b.events.map((e) => [e.fromEpoch, e.toEpoch, e.fromType, e.toType, e.behaviourJump]), [
    [20, 30, "A", "B", true],
    [40, 50, "B", "C", false],
  ]);
  assert.equal(b.jumpRateAtBifurcations, 0.5);
  assert.equal(b.jumpRateElsewhere, 0);
  assert.equal(curveDistance([1, NaN], [1, NaN]), 0);
  assert.ok(Math.abs(curveDistance([0, NaN], [0, 3], 10) - Math.sqrt(50)) < 1e-12);
  assert.throws(() => curveDistance([1], [1, 2]), /same trials/);
});

test("matchTypes labels known types and numbers new ones", () => {
  const g = (edges: Array<[number, number, number]>) =>
    new ReducedGraph(
      [...new Set(edges.flatMap(([a, b]) => [a, b]))].map((id) => ({ id, output: id === 1 ? 1 : 0, skip: 0, contracted: 1, state: [] })),
      edges.map(([from, to, type]) => ({ from, to, type })),
    );
  const a = g([[0, 1, 0], [1, 2, 0], [2, 0, 2]]);
  const b = g([[0, 1, 0], [1, 0, 2]]);
  assert.deepEqual(matchTypes([a, b, null, b], [{ label: "T1", example: a }]), ["T1", "new-1", "failed", "new-1"]);
});

test("natureNurture: MI of a type determined by the init vs by nothing", () => {
  const init: number[] = [];
  const data: number[] = [];
  const types: string[] = [];
  for (let d = 0; d < 6; d++) for (let i = 0; i < 4; i++) {
    init.push(i);
    data.push(d);
    types.push(`T${i % 2}`);
  }
  const r = natureNurture({ types, init, data }, { permutations: 500, seed: 1 });
  assert.ok(Math.abs(r.byInit.mi - 1) < 1e-12, "type is a function of the init: I = H = 1 bit");
  assert.ok(Math.abs(r.typeEntropy - 1) < 1e-12);
  assert.equal(r.byData.mi, 0);
  assert.ok(r.byInit.pValue < 0.01 && r.byData.pValue > 0.5);
  assert.deepEqual(r.byInit.counts, [[6, 0], [0, 6], [6, 0], [0, 6]]);
  assert.ok(r.byInit.miCorrected < r.byInit.mi);
  assert.ok(Math.abs(mutualInformation(["a", "a", "b", "b"], ["x", "y", "x", "y"])) < 1e-12);
  assert.match(natureNurturePlot(r).description, /NatureNurture: 24 networks/);
  assert.ok(findRenderer(r), "a NatureNurture result displays itself");
  assert.throws(() => natureNurture({ types, init: init.slice(1), data }), /one of each per network/);
});

test("TypePrediction displays itself as a confusion matrix titled with κ̄", () => {
  const rng = new Rng(4);
  const pts = cloud(rng, 40, [[0, 0], [4, 4]]);
  const r = predictTypes(pts.map((p) => p.f), pts.map((p) => p.type), { splits: 5, trees: 20, minClassSize: 5 });
  const fig = typePredictionPlot(r);
  assert.match(JSON.stringify(fig.vegaLite), /κ̄ = /);
  assert.ok(findRenderer(r));
});

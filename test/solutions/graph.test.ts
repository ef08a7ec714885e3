import { test } from "node:test";
import assert from "node:assert/strict";
import { ReducedGraph } from "../../src/solutions/graph/reducedGraph";
import { DiGraph } from "../../src/solutions/graph/digraph";
import { compactGraph } from "../../src/solutions/graph/compact";
import { findPeaks } from "../../src/solutions/graph/cycles";
import { resolveGraphOptions } from "../../src/solutions/graph/options";
import { graphCommand } from "../../src/solutions/commands";
import { compareWithStored, fixtureNets } from "./fixtures";

const g = (nodes: Array<[number, number]>, edges: Array<[number, number, number]>) =>
  new ReducedGraph(
    nodes.map(([id, output]) => ({ id, output, skip: 0, contracted: 1, state: [] })),
    edges.map(([from, to, type]) => ({ from, to, type })),
  );

test("typeKey is invariant to relabelling and sees labels, edge types and the start node", () => {
  const a = g([[0, 0], [5, 1], [9, 0]], [[0, 5, 0], [5, 9, 0], [9, 0, 2], [0, 0, 2]]);
  const b = g([[0, 0], [3, 0], [7, 1]], [[0, 7, 0], [7, 3, 0], [3, 0, 2], [0, 0, 2]]);
  assert.equal(a.typeKey(), b.typeKey());
  assert.ok(a.isIsomorphic(b));
  const otherLabel = g([[0, 0], [3, 1], [7, 1]], [[0, 7, 0], [7, 3, 0], [3, 0, 2], [0, 0, 2]]);
  assert.notEqual(a.typeKey(), otherLabel.typeKey());
  assert.ok(!a.isIsomorphic(otherLabel));
  const otherType = g([[0, 0], [3, 0], [7, 1]], [[0, 7, 0], [7, 3, 0], [3, 0, 4], [0, 0, 2]]);
  assert.ok(!a.isIsomorphic(otherType));
  // same shape, start node moved: not the same labelled type, but structurally isomorphic
  const moved = g([[0, 1], [3, 0], [7, 0]], [[7, 0, 0], [0, 3, 0], [3, 7, 2], [7, 7, 2]]);
  assert.ok(!a.isIsomorphic(moved));
  assert.ok(a.sameTurnerType(g([[0, 0], [3, 0], [7, 1]], [[0, 7, 0], [7, 3, 0], [3, 0, 2], [0, 0, 2]])));
});

test("findPeaks keeps only prominent maxima (scipy rule)", () => {
  assert.deepEqual(findPeaks([0, 1, 0.95, 1.02, 0, 3, 0], 0.1), [3, 5]);
  assert.deepEqual(findPeaks([0, 2, 2, 2, 0], 0.5), [2]);
});

test("compaction collapses a silent chain into an edge and keeps output nodes", () => {
  const d = new DiGraph();
  const outs = [0, 0, 0, 0, 1, 1, 0, 0];
  outs.forEach((o, i) => d.addNode(i, { state: new Float64Array([i]), output: o, skip: 0, contracted: 1 }));
  for (let i = 0; i + 1 < outs.length; i++) d.addEdge(i, i + 1, 0);
  d.addEdge(7, 0, 2);
  compactGraph(d);
  const r = ReducedGraph.fromDiGraph(d);
  assert.ok(r.nodes.length < outs.length, `expected fewer nodes, got ${r.nodes.length}`);
  assert.ok(r.nodes.some((n) => n.output === 1));
  assert.ok(r.edges.some((e) => e.type === 2));
});

test("graph options reject unknown names and non-numbers", () => {
  assert.throws(() => resolveGraphOptions({ nope: 1 } as never), /unknown option "nope"/);
  assert.throws(() => resolveGraphOptions({ laceSteps: Number.NaN }), /finite number/);
  assert.equal(resolveGraphOptions({ laceSteps: 300 }).speedClip, 5e-5);
});

// one network per task/architecture, including the largest stored graph (GRU-20 i100, 6 nodes).
// All 41 networks: graph.full.test.ts (RNN_ATLAS_FULL_TESTS=1).
const SUBSET = [
  "interval_reproduction_50_vanilla_50_i101",
  "interval_reproduction_50_gru_20_i100",
  "interval_reproduction_50_lstm_30_i100",
  "interval_discrimination_130_vanilla_30_i100",
  "delayed_discrimination_60_vanilla_20_i100",
];

test("compact graphs match the authors' stored graphs (representative subset of 5 fixture networks)", () => {
  const nets = fixtureNets().filter((n) => SUBSET.includes(n.name));
  assert.equal(nets.length, SUBSET.length, `fixtures missing under ../shared/fixtures/turner2021`);
  const bad = nets.map(compareWithStored).filter((r) => !(r.countsMatch && r.edgeTypesMatch && r.isomorphic));
  assert.deepEqual(bad, []);
});

test("graphCommand returns plain JSON with nodes, edges and a type key", () => {
  const net = fixtureNets().find((n) => n.name === "interval_reproduction_50_vanilla_20_i100");
  assert.ok(net, "fixture interval_reproduction_50_vanilla_20_i100 missing");
  const out = JSON.parse(JSON.stringify(graphCommand(net.json, "rsg"))) as { typeKey: string; nodes: Array<{ id: number; output: number }>; edges: unknown[] };
  assert.equal(out.nodes[0]!.id, 0);
  assert.equal(out.nodes.length, 2);
  assert.equal(out.edges.length, 3);
  assert.match(out.typeKey, /^n2\|s\|/);
  assert.throws(() => graphCommand(net.json, "mante"), /unknown task "mante"/);
});

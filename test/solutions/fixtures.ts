/** Helpers for tests/scripts that read the turner2021 fixtures (../shared relative to the repo root). */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadModel } from "../../src/io";
import type { Model } from "../../src/core/types";
import { ReducedGraph } from "../../src/solutions/graph/reducedGraph";
import { buildReducedGraph } from "../../src/solutions/graph/probes";

export const FIXTURE_DIR = path.resolve(__dirname, "../../../../shared/fixtures/turner2021");

export interface FixtureNet {
  readonly name: string;
  readonly json: string;
  readonly task: "rsg" | "interval-discrimination" | "delayed-discrimination";
  readonly arch: string;
}

export function fixtureNets(): FixtureNet[] {
  if (!fs.existsSync(FIXTURE_DIR)) return [];
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => /_i\d+\.json$/.test(f))
    .sort()
    .map((f) => {
      const task = f.startsWith("interval_reproduction") ? "rsg" : f.startsWith("interval_discrimination") ? "interval-discrimination" : "delayed-discrimination";
      const arch = /_(vanilla|gru|lstm)_/.exec(f)![1]!;
      return { name: f.replace(/\.json$/, ""), json: path.join(FIXTURE_DIR, f), task, arch } as const;
    });
}

export function storedGraph(net: FixtureNet): ReducedGraph {
  const j = JSON.parse(fs.readFileSync(net.json, "utf8")) as { compact_graph: { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> } };
  return ReducedGraph.fromJSON(j.compact_graph);
}

export function loadNet(net: FixtureNet): Model {
  return loadModel(net.json);
}

export interface GraphComparison {
  readonly name: string;
  readonly task: string;
  readonly ours: string;
  readonly stored: string;
  readonly countsMatch: boolean;
  readonly edgeTypesMatch: boolean;
  readonly isomorphic: boolean;
  readonly turnerType: boolean;
  readonly ms: number;
}

function countStr(g: ReducedGraph): string {
  const c = g.counts();
  return `${c.nodes}/${c.edges} ${JSON.stringify(c.edgeTypes)}`;
}

export function compareWithStored(net: FixtureNet): GraphComparison {
  const t0 = Date.now();
  const ours = buildReducedGraph(loadNet(net), net.task);
  const ms = Date.now() - t0;
  const stored = storedGraph(net);
  const a = ours.counts();
  const b = stored.counts();
  return {
    name: net.name,
    task: net.task,
    ours: countStr(ours),
    stored: countStr(stored),
    countsMatch: a.nodes === b.nodes && a.edges === b.edges,
    edgeTypesMatch: JSON.stringify(a.edgeTypes) === JSON.stringify(b.edgeTypes),
    isomorphic: ours.isIsomorphic(stored),
    turnerType: ours.sameTurnerType(stored),
    ms,
  };
}

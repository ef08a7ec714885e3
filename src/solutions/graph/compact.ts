/**
 * Output discretisation (§5.3 step F) and iterative compaction (step G) of a reduced-dynamics graph.
 */
import { DiGraph } from "./digraph";
import { componentPaths, sourcesOfType, targetOfType, zeroGraph } from "./merge";

/** Python's round-half-to-even to 0 decimals. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** RSG: 1 if output > cut else 0. Discrimination tasks: sign(round(output)) ∈ {−1, 0, 1}. */
export function discretiseOutputs(g: DiGraph, mode: "rsg" | "sign", rsgCut = 0.15): void {
  for (const nd of g.nodes.values()) {
    nd.output = mode === "rsg" ? (nd.output > rsgCut ? 1 : 0) : Math.sign(roundHalfEven(nd.output)) + 0;
  }
}

/** The pulse types whose targets must agree for two nodes to be merged (Set / first pulse). */
const PULSE_TYPES = [2, 4] as const;

function intersect(a: number[], b: number[]): number[] {
  const s = new Set(b);
  return a.filter((x) => s.has(x));
}

/** Two nodes may become one: same output, compatible shared parents/children and pulse targets. */
function compatibleNodes(g: DiGraph, n1: number, n2: number): boolean {
  if (g.node(n1).output !== g.node(n2).output) return false;
  for (const p of intersect(g.predecessors(n1), g.predecessors(n2))) {
    if (p === n1 || p === n2) continue;
    const a = g.edgeType(p, n1);
    const b = g.edgeType(p, n2);
    if (a !== b && Math.min(a, b) > 0) return false;
  }
  for (const c of intersect(g.successors(n1), g.successors(n2))) {
    if (c === n1 || c === n2) continue;
    if (g.edgeType(n1, c) !== g.edgeType(n2, c)) return false;
  }
  for (const k of PULSE_TYPES) {
    const a = targetOfType(g, n1, k);
    const b = targetOfType(g, n2, k);
    const both = new Set([a, b].filter((x): x is number => x !== null));
    const outside = new Set([...both].filter((x) => x !== n1 && x !== n2));
    if (outside.size === 2) return false;
    if (outside.size === 1 && both.size > 1) return false;
  }
  return true;
}

/** Contract s2 into s1 (node 0 always survives); a parent of both keeps its pulse edge as a self-loop. */
function contractKeepingPulses(g: DiGraph, s1: number, s2: number): void {
  if (s2 === 0) [s1, s2] = [s2, s1];
  for (const p of intersect(g.predecessors(s1), g.predecessors(s2))) {
    const nonzero = g.edgeType(p, s1) > 0 ? s1 : s2;
    g.addEdge(p, p, g.edgeType(p, nonzero));
    g.removeEdge(p, nonzero);
  }
  g.contract(s1, s2, true);
}

/** (2) Contract both ends of type-0 edges whose nodes are compatible. */
function mergeZeroEdges(g: DiGraph): void {
  for (;;) {
    const e = g.edges().find(([s, t, k]) => s !== t && k === 0 && compatibleNodes(g, s, t));
    if (!e) return;
    const [s, t] = e;
    g.node(s).skip += g.node(t).skip;
    g.removeEdge(s, t);
    contractKeepingPulses(g, s, t);
  }
}

/** (3) Contract parallel type-0 predecessors of a node that share their type-0 target and are compatible. */
function mergeLateralNodes(g: DiGraph): void {
  for (;;) {
    let done = true;
    for (const node of [...g.nodes.keys()]) {
      if (g.inDegree(node) <= 1) continue;
      const parents = g.predecessors(node).sort((a, b) => a - b).filter((p) => g.edgeType(p, node) === 0);
      let pair: [number, number] | null = null;
      for (let i = 0; i < parents.length && !pair; i++) {
        for (let j = i + 1; j < parents.length; j++) {
          const a = parents[i]!;
          const b = parents[j]!;
          if (targetOfType(g, a, 0) === targetOfType(g, b, 0) && compatibleNodes(g, a, b)) {
            pair = [a, b];
            break;
          }
        }
      }
      if (pair) {
        g.node(pair[0]).skip += g.node(pair[1]).skip;
        contractKeepingPulses(g, pair[0], pair[1]);
        done = false;
        break;
      }
    }
    if (done) return;
  }
}

/** (4) A silent node whose only way out is a type-0 edge into an output node entered only from it is absorbed by that node. */
function mergeSilentIntoOutput(g: DiGraph): void {
  for (;;) {
    const e = g.edges().find(
      ([s, t, k]) =>
        k === 0 && g.node(s).output === 0 && g.node(t).output !== 0 && g.outDegree(s) === 1 && g.inDegree(t) === 1 && targetOfType(g, t, 0) !== s,
    );
    if (!e) return;
    g.contract(e[1], e[0], false);
  }
}

/** (5) Nodes entered only through type-2 edges: reroute their type-0 edge past following silent nodes. */
function redirectOutputRoutes(g: DiGraph): void {
  const nodes = [...g.nodes.keys()].filter((x) => g.inDegree(x) > 0 && sourcesOfType(g, x, 2).length === g.inDegree(x));
  for (const node of nodes) {
    if (!g.has(node)) continue;
    let target = targetOfType(g, node, 0);
    if (target === null || g.node(target).output !== 0) continue;
    const visited = new Set([target]);
    let next = targetOfType(g, target, 0);
    while (next !== null && !visited.has(next) && g.node(next).output === 0) {
      g.removeEdge(node, target);
      target = next;
      g.addEdge(node, target, 0);
      visited.add(target);
      next = targetOfType(g, target, 0);
    }
  }
}

function squareCondition(g: DiGraph, s: number, t: number): boolean {
  if (s === t || g.edgeType(s, t) > 0) return false;
  // variant 1: same Set target, different first-pulse targets that flow back into {s,t} and share their Set target
  if (targetOfType(g, s, 2) === targetOfType(g, t, 2)) {
    const rs = targetOfType(g, s, 4);
    const rt = targetOfType(g, t, 4);
    if (rs !== null && rt !== null && rs !== rt) {
      const zs = targetOfType(g, rs, 0);
      const zt = targetOfType(g, rt, 0);
      if (new Set([s, t, zs, zt]).size <= 2 && targetOfType(g, rs, 2) === targetOfType(g, rt, 2)) return true;
    }
  }
  // variant 2: same first-pulse target, different Set targets with the same non-zero output flowing back into {s,t}
  if (targetOfType(g, s, 4) !== targetOfType(g, t, 4)) return false;
  const rs = targetOfType(g, s, 2);
  const rt = targetOfType(g, t, 2);
  if (rs === null || rt === null || rs === rt) return false;
  if (g.node(rs).output !== g.node(rt).output || g.node(rt).output === 0) return false;
  const zs = targetOfType(g, rs, 0);
  const zt = targetOfType(g, rt, 0);
  return new Set([s, t, zs, zt]).size <= 2;
}

/** (6) Contract "square" motifs: two nodes linked by flow that reach equivalent targets through the same pulses. */
function mergeSquares(g: DiGraph): void {
  for (;;) {
    const e = g.edges().find(([s, t]) => squareCondition(g, s, t));
    if (!e) return;
    const [s, t] = e;
    for (const k of PULSE_TYPES) {
      const rs = targetOfType(g, s, k);
      const rt = targetOfType(g, t, k);
      if (rs !== null && rt !== null && rs !== rt && g.has(rs) && g.has(rt)) g.contract(rs, rt, false);
    }
    if (g.has(s) && g.has(t)) g.contract(s, t, false);
  }
}

function uninformative(g: DiGraph, x: number): boolean {
  return !(x === 0 || g.inDegree(x) > 1 || g.outDegree(x) > 1 || targetOfType(g, x, 0) === null);
}

function mergePathToEdge(g: DiGraph, path: number[]): void {
  const s = sourcesOfType(g, path[0]!, 0)[0];
  const t = targetOfType(g, path[path.length - 1]!, 0);
  if (s === undefined || t === null) return;
  let skips = 0;
  for (const x of path) skips += g.node(x).skip;
  g.node(s).skip += skips;
  for (const x of path) g.removeNode(x);
  g.addEdge(s, t, 0);
}

/** (1) Collapse chains of silent type-0 nodes with in/out-degree 1 into single edges, counting absorbed steps in `skip`. */
function collapseSilentChains(g: DiGraph): void {
  const zg = zeroGraph(g).copy();
  for (const x of [...zg.nodes.keys()]) if (g.node(x).output !== 0) zg.removeNode(x);
  for (let guard = 0; guard < 100000; guard++) {
    const runs: number[][] = [];
    for (const paths of componentPaths(zg)) {
      for (const p of paths) {
        let cur: number[] = [];
        for (const x of p.slice(1, -1)) {
          if (uninformative(g, x)) cur.push(x);
          else {
            if (cur.length) runs.push(cur);
            cur = [];
          }
        }
        if (cur.length) runs.push(cur);
      }
    }
    if (!runs.length) {
      for (;;) {
        const e = zg.edges().find(([a, b]) => g.inDegree(a) === 1 && g.inDegree(b) === 1 && g.outDegree(a) === 1 && b !== 0);
        if (!e) return;
        g.node(e[0]).skip += g.node(e[1]).skip;
        g.contract(e[0], e[1], false);
        zg.contract(e[0], e[1], false);
      }
    }
    for (const run of runs) {
      if (!run.every((x) => g.has(x) && zg.has(x))) continue;
      mergePathToEdge(g, run);
      mergePathToEdge(zg, run);
    }
  }
}

/** Iterate the compaction passes until node and edge counts stop changing. Self-loops are removed first. */
export function compactGraph(g: DiGraph): void {
  for (const [u, v] of g.edges()) if (u === v) g.removeEdge(u, v);
  for (const nd of g.nodes.values()) nd.skip = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const n = g.size;
    const m = g.edgeCount();
    collapseSilentChains(g);
    mergeZeroEdges(g);
    mergeLateralNodes(g);
    mergeSilentIntoOutput(g);
    redirectOutputRoutes(g);
    mergeSquares(g);
    if (g.size === n && g.edgeCount() === m) return;
  }
}

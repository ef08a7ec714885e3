/**
 * Merging laces into the graph (§5.3 steps D–E): autonomous paths, the speed-normalised distance
 * matrix, the merge point, cycle merging, merging of components and of their common attractor.
 */
import type { Model } from "../../core/types";
import { DiGraph } from "./digraph";
import { dist, simulate, stepSpeed } from "./lace";
import { linearSvmMargin } from "./cycles";
import type { GraphOptions } from "./options";

/** First type-k successor of s (adjacency order), or null. */
export function targetOfType(g: DiGraph, s: number, type: number): number | null {
  const m = g.succ.get(s);
  if (!m) return null;
  for (const [t, k] of m) if (k === type) return t;
  return null;
}

export function sourcesOfType(g: DiGraph, t: number, type: number): number[] {
  return [...(g.pred.get(t) ?? new Map<number, number>()).entries()].filter(([, k]) => k === type).map(([s]) => s);
}

/** The autonomous (type-0) subgraph. */
export function zeroGraph(g: DiGraph): DiGraph {
  return g.edgeTypeSubgraph(0);
}

/** Path from `source`: to the end of the first cycle reached, else the longest path among its descendants. */
export function pathFromSource(g: DiGraph, source: number): number[] {
  const cyc = g.findCycle(source);
  if (cyc) {
    const last = cyc[cyc.length - 1]![0];
    const p = g.shortestPath(source, last);
    if (p) return p;
  }
  const comp = g.descendants(source);
  comp.add(source);
  return g.subgraph(comp).dagLongestPath();
}

/** Paths covering each weak component: its first cycle, then one path per source node, cut where it joins covered nodes. */
export function componentPaths(g: DiGraph): number[][][] {
  const out: number[][][] = [];
  const visited = new Set<number>();
  for (const comp of g.weakComponents()) {
    const members = [...comp].sort((a, b) => a - b);
    const paths: number[][] = [];
    const sub = g.subgraph(members);
    const cyc = sub.findCycle();
    if (cyc && cyc.length > 1) {
      const c = cyc.map((e) => e[0]);
      for (const x of c) visited.add(x);
      paths.push(c);
    }
    for (const s of members) {
      if (g.inDegree(s) !== 0) continue;
      let p = pathFromSource(g, s);
      for (let i = 0; i < p.length; i++) {
        if (visited.has(p[i]!)) {
          p = p.slice(0, i + 1);
          break;
        }
      }
      if (p.length > 1) paths.push(p);
      for (const x of p) visited.add(x);
    }
    out.push(paths.length ? [paths[paths.length - 1]!, ...paths.slice(0, -1)] : []);
  }
  return out;
}

/** Suffix maximum along every diagonal: entry (i,j) becomes max over (i+t, j+t), t ≥ 0. */
export function suffixMaxDiagonal(mat: Float64Array[], n: number, m: number): void {
  for (let i = n - 2; i >= 0; i--) for (let j = m - 2; j >= 0; j--) mat[i]![j] = Math.max(mat[i]![j]!, mat[i + 1]![j + 1]!);
}

/**
 * Speed-normalised distance matrix between trajectories a (rows) and b (columns):
 * d_ij = 2‖a_i − b_j‖/(s_a(i) + s_b(j)), 0 for near-identical states, each diagonal filled backwards
 * from its end and abandoned (left at 1000) once the distance or the speed ratio is too large;
 * then the suffix maximum along diagonals.
 */
export function speedNormalisedDistance(a: ReadonlyArray<Float64Array>, b: ReadonlyArray<Float64Array>, o: GraphOptions): Float64Array[] {
  const sa = stepSpeed(a);
  const sb = stepSpeed(b);
  const n = a.length;
  const m = b.length;
  const mat = Array.from({ length: n }, () => new Float64Array(m).fill(1000));
  for (let k = -n - 1; k < m; k++) {
    for (let j = m - 1; j > Math.max(k - 1, -1); j--) {
      const i = j - k;
      if (i >= n) continue;
      const d = dist(a[i]!, b[j]!);
      if (d > o.identicalDistance) {
        const v = (2 * d) / (sa[i]! + sb[j]!);
        mat[i]![j] = v;
        if (v > o.diagonalAbandon || Math.abs(Math.log10(sa[i]! + 1e-10) - Math.log10(sb[j]! + 1e-10)) > o.speedRatioDecades) break;
      } else mat[i]![j] = 0;
    }
  }
  suffixMaxDiagonal(mat, n, m);
  return mat;
}

/** |o_i − o_j| with the diagonal suffix maximum. */
function outputDistance(a: ReadonlyArray<number>, b: ReadonlyArray<number>): Float64Array[] {
  const mat = a.map((x) => Float64Array.from(b, (y) => Math.abs(x - y)));
  suffixMaxDiagonal(mat, a.length, b.length);
  return mat;
}

/** Merge point (row, col) of a distance matrix, or null when the trajectories do not join. */
export function mergeIndex(mat: Float64Array[], o: GraphOptions): { row: number; col: number; min: number } | null {
  const n = mat.length;
  const m = n ? mat[0]!.length : 0;
  let globalMin = Infinity;
  for (const r of mat) for (const v of r) globalMin = Math.min(globalMin, v);
  if (!(globalMin < o.diagonalAbandon)) return null;
  const diagonals: number[] = [];
  let minVal = Infinity;
  for (let j = 0; j < m; j++) {
    let r = 0;
    for (let i = 1; i < n; i++) if (mat[i]![j]! < mat[r]![j]!) r = i;
    if (mat[r]![j]! < o.distanceThreshold) {
      minVal = Math.min(minVal, mat[r]![j]!);
      diagonals.push(j - r);
      if (minVal === 0) break;
    }
  }
  const counts = new Map<number, number>();
  for (const d of diagonals) counts.set(d, (counts.get(d) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
  if (!(top.length && (top[0]![1] > o.mergeMinVotes || minVal < o.mergeMinValue || Math.abs(n - m) < o.mergeLengthSlack))) return null;
  const k = top.length === 2 && top[0]![1] > o.mergeDominance * top[1]![1] ? top[0]![0] : diagonals[diagonals.length - 1]!;
  const len = k >= 0 ? Math.min(n, m - k) : Math.min(n + k, m);
  for (let loc = 0; loc < len; loc++) {
    const row = k >= 0 ? loc : loc - k;
    const col = k >= 0 ? loc + k : loc;
    if (mat[row]![col]! < o.distanceThreshold) return { row, col, min: minVal };
  }
  return null;
}

function statesOf(g: DiGraph, path: ReadonlyArray<number>): Float64Array[] {
  return path.map((x) => g.node(x).state);
}
function outputsOf(g: DiGraph, path: ReadonlyArray<number>): number[] {
  return path.map((x) => g.node(x).output);
}

/** Where a lace joins an existing autonomous path: offset into the lace and the remaining path (empty = nowhere). */
function mergingLocation(g: DiGraph, laceStates: Float64Array[], laceOutputs: number[], exclude: number, o: GraphOptions): { offset: number; path: number[] } {
  let best: { offset: number; path: number[] } | null = null;
  for (const paths of componentPaths(zeroGraph(g))) {
    for (const path of paths) {
      if (path[0] === exclude) continue;
      const mat = speedNormalisedDistance(statesOf(g, path), laceStates, o);
      const mi = mergeIndex(mat, o);
      if (!mi) continue;
      const mo = outputDistance(outputsOf(g, path), laceOutputs);
      let { row, col } = mi;
      let failed = false;
      while (mo[row]![col]! > o.outputTolerance) {
        row++;
        col++;
        if (row === path.length || col === laceStates.length) {
          failed = true;
          break;
        }
      }
      if (failed) continue;
      if (!best || col < best.offset) best = { offset: col, path: path.slice(row) };
    }
  }
  return best ?? { offset: laceStates.length, path: [] };
}

/** Contract two cycles: the new cycle's first node onto the nearest node of the kept cycle, the rest dropped. */
function mergeTwoCycles(g: DiGraph, keep: number[], drop: number[]): void {
  const s0 = g.node(drop[0]!).state;
  let cand = 0;
  let best = Infinity;
  keep.forEach((x, i) => {
    const d = dist(s0, g.node(x).state);
    if (d < best) {
      best = d;
      cand = i;
    }
  });
  for (const x of drop.slice(1)) g.removeNode(x);
  g.contract(keep[cand]!, drop[0]!);
}

function mergeCycleToGraph(g: DiGraph, start: number, o: GraphOptions): void {
  const zg = zeroGraph(g);
  const cyc = zg.findCycle(start);
  if (!cyc) return;
  let curr = cyc.map((e) => e[0]);
  const currStates = statesOf(g, curr);
  const node = curr[0]!;
  const cands = zg
    .simpleCycles()
    .filter((c) => !c.includes(node) && c.length > 1)
    .sort((a, b) => a[0]! - b[0]!)
    .filter((c) => Math.abs(c.length / curr.length - 1) <= o.cycleLengthRatio + 1e-12)
    .filter((c) => linearSvmMargin(statesOf(g, c), currStates, o.svmC) <= (curr.length >= o.cycleMarginMinLength ? o.cycleMargin : 0));
  if (!cands.length) return;
  const first = cands[0]!;
  cands[0] = curr;
  curr = first;
  for (const c of cands) mergeTwoCycles(g, curr, c);
}

/**
 * Merge the lace that starts at `start` into the graph: if it ends in a cycle, merge that cycle
 * with matching existing cycles; otherwise find where it joins an existing autonomous path, give the
 * path the lace's states from there on, drop the rest of the lace and contract the join.
 */
export function mergeLace(g: DiGraph, start: number, o: GraphOptions): void {
  const lace = pathFromSource(g, start);
  if (targetOfType(g, lace[lace.length - 1]!, 0) !== null) {
    mergeCycleToGraph(g, start, o);
    return;
  }
  const ls = statesOf(g, lace);
  const lo = outputsOf(g, lace);
  const { offset, path } = mergingLocation(g, ls, lo, start, o);
  for (let k = 0; k < Math.min(path.length, ls.length - offset); k++) {
    const nd = g.node(path[k]!);
    nd.state = ls[offset + k]!;
    nd.output = lo[offset + k]!;
  }
  for (const x of lace.slice(offset + 1)) g.removeNode(x);
  if (path.length) {
    const join = lace[offset]!;
    for (const v of g.successors(join)) g.removeEdge(join, v);
    g.contract(path[0]!, join, false);
  }
}

/** Merge point of two paths for component merging: [index on path1, index on path2] or null. */
function pathMergeIndices(g: DiGraph, p1: number[], p2: number[], o: GraphOptions): [number, number] | null {
  const s1 = statesOf(g, p1);
  const s2 = statesOf(g, p2);
  const mat = speedNormalisedDistance(s2, s1, o);
  const mo = outputDistance(outputsOf(g, p2), outputsOf(g, p1));
  const mi = mergeIndex(mat, o);
  if (!mi) return null;
  let i2 = mi.row;
  let i1 = mi.col;
  while (mo[i2]![i1]! > o.componentOutputTolerance) {
    i1++;
    i2++;
    if (i2 === s2.length || i1 === s1.length) return null;
  }
  return [i1, i2];
}

function componentMergeNodes(g: DiGraph, c1: DiGraph, c2: DiGraph, o: GraphOptions): [number, number] | null {
  const paths1 = componentPaths(c1)[0] ?? [];
  const paths2 = componentPaths(c2)[0] ?? [];
  const found: Array<[number, number, number] | null> = [];
  for (const p1 of paths1) {
    let rec: [number, number, number] | null = null;
    let minIndex = Infinity;
    paths2.forEach((p2, idx2) => {
      const r = pathMergeIndices(g, p1, p2, o);
      if (r && r[0] < minIndex) {
        rec = [p1.length - r[0], idx2, p2.length - r[1]];
        minIndex = r[0];
      }
    });
    found.push(rec);
  }
  const sizes = found.map((t) => (t ? Math.min(t[0], t[2]) : 0));
  if (!sizes.length) return null;
  let best = 0;
  sizes.forEach((s, i) => {
    if (s > sizes[best]!) best = i;
  });
  if (sizes[best]! <= 0) return null;
  const t = found[best]!;
  const p1 = paths1[best]!;
  const p2 = paths2[t[1]]!;
  return [p1[p1.length - t[0]]!, p2[p2.length - t[2]]!];
}

/** Step E (first half): merge weakly connected autonomous components whose paths join, until none do. */
export function mergeComponents(g: DiGraph, o: GraphOptions): void {
  for (let guard = 0; guard < 1000; guard++) {
    const zg = zeroGraph(g);
    const comps = zg.weakComponents().map((c) => zg.subgraph(c));
    let merged = false;
    outer: for (const c1 of comps) {
      for (const c2 of comps) {
        if (c1 === c2) continue;
        const nodes = componentMergeNodes(g, c1, c2, o);
        if (!nodes) continue;
        const p1 = pathFromSource(c1, nodes[0]);
        const p2 = pathFromSource(c2, nodes[1]);
        const L = Math.min(p1.length, p2.length);
        for (let j = 0; j < L; j++) if (g.has(p1[j]!) && g.has(p2[j]!)) g.contract(p1[j]!, p2[j]!);
        let s = p1[L - 1]!;
        for (;;) {
          if (!g.has(s)) break;
          const tz = g.successors(s).filter((t) => g.edgeType(s, t) === 0).sort((a, b) => a - b);
          if (tz.length <= 1) break;
          g.contract(tz[0]!, tz[1]!);
          s = tz[0]!;
        }
        merged = true;
        break outer;
      }
    }
    if (!merged) return;
  }
}

/** Sink of a component: first node without successors; else the first with in-degree > 1; else the last. */
function sinkNode(c: DiGraph): number {
  const ids = [...c.nodes.keys()];
  const sink = ids.find((x) => c.outDegree(x) === 0);
  if (sink !== undefined && sink !== 0) return sink; // node id 0 counts as "none", as in the reference
  const multi = ids.find((x) => c.inDegree(x) > 1);
  if (multi !== undefined) return multi;
  return ids[ids.length - 1]!;
}

/** Step E (second half): if every component's sink runs into the same attractor, contract the sinks. */
export function connectSinks(g: DiGraph, model: Model, o: GraphOptions): void {
  const zg = zeroGraph(g);
  const comps = zg.weakComponents().map((c) => zg.subgraph(c));
  if (comps.length <= 1) return;
  const sinks = comps.map(sinkNode);
  const ends = sinks.map((s) => {
    const tr = simulate(model, g.node(s).state, o.sinkHorizon);
    return tr.states[tr.states.length - 1]!;
  });
  let maxD = 0;
  for (let i = 0; i < ends.length; i++) for (let j = i + 1; j < ends.length; j++) maxD = Math.max(maxD, dist(ends[i]!, ends[j]!));
  if (maxD >= o.sinkTolerance) return;
  for (const s of sinks.slice(1)) {
    for (const v of zg.successors(s)) g.removeEdge(s, v);
    g.contract(sinks[0]!, s, false);
  }
}

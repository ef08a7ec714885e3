/**
 * The result record of the reduced-dynamics graph: plain data plus canonical type keys and
 * isomorphism tests (§5.3 step H).
 */
import { DiGraph } from "./digraph";

export interface ReducedNode {
  /** Node id (0 = start node). */
  readonly id: number;
  /** Discretised output label (RSG 0/1; discrimination −1/0/1). */
  readonly output: number;
  /** Original time steps absorbed into this node by compaction. */
  readonly skip: number;
  /** Original nodes merged into this one (1 = itself only). */
  readonly contracted: number;
  /** Representative state (N values; LSTM [h, c]). */
  readonly state: ReadonlyArray<number>;
}

export interface ReducedEdge {
  readonly from: number;
  readonly to: number;
  /** 0 = autonomous flow; k > 0 = input pulse type (RSG 2 = Set; ID 4/2 = first/second pulse; DD amplitude). */
  readonly type: number;
}

export interface ReducedGraphCounts {
  readonly nodes: number;
  readonly edges: number;
  readonly selfLoops: number;
  readonly edgeTypes: Readonly<Record<string, number>>;
}

/** Largest graph for which typeKey enumerates permutations (exact canonical form). */
export const CANONICAL_MAX_NODES = 8;

export class ReducedGraph {
  readonly nodes: ReadonlyArray<ReducedNode>;
  readonly edges: ReadonlyArray<ReducedEdge>;
  readonly task: string;

  constructor(nodes: ReadonlyArray<ReducedNode>, edges: ReadonlyArray<ReducedEdge>, task = "") {
    const ids = new Set(nodes.map((n) => n.id));
    if (ids.size !== nodes.length) throw new Error("ReducedGraph: node ids must be unique.");
    for (const e of edges) if (!ids.has(e.from) || !ids.has(e.to)) throw new Error(`ReducedGraph: edge ${e.from}→${e.to} names a missing node.`);
    // start node first, the rest by id
    this.nodes = Object.freeze([...nodes].sort((a, b) => (a.id === 0 ? -1 : b.id === 0 ? 1 : a.id - b.id)));
    this.edges = Object.freeze([...edges]);
    this.task = task;
  }

  static fromDiGraph(g: DiGraph, task = ""): ReducedGraph {
    const nodes = [...g.nodes.entries()].map(([id, d]) => ({ id, output: d.output, skip: d.skip, contracted: d.contracted, state: Array.from(d.state) }));
    const edges = g.edges().map(([from, to, type]) => ({ from, to, type }));
    return new ReducedGraph(nodes, edges, task);
  }

  /** From the fixture JSON layout (`compact_graph` of the turner2021 fixtures) or our own toJSON(). */
  static fromJSON(j: { nodes: ReadonlyArray<Record<string, unknown>>; edges: ReadonlyArray<Record<string, unknown>>; task?: string }): ReducedGraph {
    const nodes = j.nodes.map((n) => ({
      id: Number(n.id),
      output: Number(n.output),
      skip: Number(n.skip ?? 0),
      contracted: Number(n.contracted ?? 1),
      state: (n.state as number[] | undefined) ?? [],
    }));
    const edges = j.edges.map((e) => ({ from: Number(e.from), to: Number(e.to), type: Number(e.type) }));
    return new ReducedGraph(nodes, edges, j.task ?? "");
  }

  counts(): ReducedGraphCounts {
    const edgeTypes: Record<string, number> = {};
    for (const e of [...this.edges].sort((a, b) => a.type - b.type)) edgeTypes[String(e.type)] = (edgeTypes[String(e.type)] ?? 0) + 1;
    return { nodes: this.nodes.length, edges: this.edges.length, selfLoops: this.edges.filter((e) => e.from === e.to).length, edgeTypes };
  }

  /**
   * Canonical key respecting node output labels, edge types and the start node: exact (minimum
   * over relabelings) up to CANONICAL_MAX_NODES nodes; above that a colour-refinement invariant
   * prefixed "wl:" (equal for isomorphic graphs; use isIsomorphic to decide).
   */
  typeKey(): string {
    const n = this.nodes.length;
    const idx = new Map(this.nodes.map((nd, i) => [nd.id, i]));
    const labels = this.nodes.map((nd) => nd.output + 0);
    const adj = new Map<string, number>();
    for (const e of this.edges) adj.set(`${idx.get(e.from)},${idx.get(e.to)}`, e.type);
    const start = idx.get(0) ?? -1;
    if (n > CANONICAL_MAX_NODES) return "wl:" + refinementKey(n, labels, adj, start);
    let best: string | null = null;
    const rest = [...Array(n).keys()].filter((i) => i !== start);
    const encode = (order: number[]): string => {
      const pos = new Map(order.map((v, p) => [v, p]));
      const lab = order.map((v) => labels[v]).join(",");
      const es: string[] = [];
      for (const [k, t] of adj) {
        const [a, b] = k.split(",").map(Number) as [number, number];
        es.push(`${pos.get(a)}>${pos.get(b)}:${t}`);
      }
      es.sort();
      return `n${n}|${start >= 0 ? "s" : "-"}|${lab}|${es.join(" ")}`;
    };
    const permute = (arr: number[], k: number): void => {
      if (k === arr.length) {
        const key = encode(start >= 0 ? [start, ...arr] : arr);
        if (best === null || key < best) best = key;
        return;
      }
      for (let i = k; i < arr.length; i++) {
        [arr[k], arr[i]] = [arr[i]!, arr[k]!];
        permute(arr, k + 1);
        [arr[k], arr[i]] = [arr[i]!, arr[k]!];
      }
    };
    permute(rest, 0);
    return best ?? `n0`;
  }

  /** Isomorphic with labels: start ↔ start, equal output labels, equal edge types (incl. self-loops). */
  isIsomorphic(other: ReducedGraph): boolean {
    return isomorphic(this, other, { labels: true, edgeTypes: true });
  }

  /**
   * The authors' type rule (§5.3 H): structural isomorphism ignoring attributes, plus equal sets of
   * edge types, matching node-0 self-loop type when both have one, and equal sets of edge types
   * leaving node 0 (unless type 2 is absent).
   */
  sameTurnerType(other: ReducedGraph): boolean {
    if (!isomorphic(this, other, { labels: false, edgeTypes: false, anchorStart: false })) return false;
    const typesOf = (g: ReducedGraph, pred: (e: ReducedEdge) => boolean) => [...new Set(g.edges.filter(pred).map((e) => e.type))].sort().join(",");
    if (typesOf(this, () => true) !== typesOf(other, () => true)) return false;
    const loop0 = (g: ReducedGraph) => g.edges.find((e) => e.from === 0 && e.to === 0);
    const a = loop0(this);
    const b = loop0(other);
    if (a && b && a.type !== b.type) return false;
    const has2 = this.edges.some((e) => e.type === 2) && other.edges.some((e) => e.type === 2);
    if (has2 && typesOf(this, (e) => e.from === 0) !== typesOf(other, (e) => e.from === 0)) return false;
    return true;
  }

  toJSON(): { task: string; typeKey: string; counts: ReducedGraphCounts; nodes: ReducedNode[]; edges: ReducedEdge[] } {
    return { task: this.task, typeKey: this.typeKey(), counts: this.counts(), nodes: this.nodes.map((n) => ({ ...n, state: [...n.state] })), edges: this.edges.map((e) => ({ ...e })) };
  }
}

function refinementKey(n: number, labels: number[], adj: Map<string, number>, start: number): string {
  const out: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  const inn: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [k, t] of adj) {
    const [a, b] = k.split(",").map(Number) as [number, number];
    out[a]!.push([b, t]);
    inn[b]!.push([a, t]);
  }
  let col = labels.map((l, i) => `${l}${i === start ? "s" : ""}`);
  for (let r = 0; r < n; r++) {
    col = col.map((c, i) => `${c}(${out[i]!.map(([j, t]) => `${t}:${col[j]}`).sort().join(";")}|${inn[i]!.map(([j, t]) => `${t}:${col[j]}`).sort().join(";")})`);
    const uniq = [...new Set(col)].sort();
    col = col.map((c) => String(uniq.indexOf(c)) + "_" + c.length);
  }
  return [...col].sort().join(",") + `|e${adj.size}`;
}

/** Backtracking isomorphism test for small graphs. */
export function isomorphic(a: ReducedGraph, b: ReducedGraph, opts: { labels: boolean; edgeTypes: boolean; anchorStart?: boolean }): boolean {
  const n = a.nodes.length;
  if (n !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  const anchor = opts.anchorStart ?? true;
  const ia = new Map(a.nodes.map((x, i) => [x.id, i]));
  const ib = new Map(b.nodes.map((x, i) => [x.id, i]));
  const ea = new Map(a.edges.map((e) => [`${ia.get(e.from)},${ia.get(e.to)}`, e.type]));
  const eb = new Map(b.edges.map((e) => [`${ib.get(e.from)},${ib.get(e.to)}`, e.type]));
  const deg = (g: ReducedGraph, im: Map<number, number>) => {
    const d = g.nodes.map(() => [0, 0, 0]);
    for (const e of g.edges) {
      d[im.get(e.from)!]![0]!++;
      d[im.get(e.to)!]![1]!++;
      if (e.from === e.to) d[im.get(e.from)!]![2]!++;
    }
    return d;
  };
  const da = deg(a, ia);
  const db = deg(b, ib);
  const map = new Array<number>(n).fill(-1);
  const used = new Array<boolean>(n).fill(false);
  const compatible = (i: number, j: number): boolean => {
    if (opts.labels && a.nodes[i]!.output !== b.nodes[j]!.output) return false;
    if (da[i]!.join() !== db[j]!.join()) return false;
    if (anchor && (a.nodes[i]!.id === 0) !== (b.nodes[j]!.id === 0)) return false;
    for (let k = 0; k < i; k++) {
      for (const [x, y] of [
        [i, k],
        [k, i],
        [i, i],
      ] as const) {
        const ta = ea.get(`${x},${y}`);
        const tb = eb.get(`${x === i ? j : map[x]},${y === i ? j : map[y]}`);
        if ((ta === undefined) !== (tb === undefined)) return false;
        if (opts.edgeTypes && ta !== tb) return false;
      }
    }
    if (i === 0) {
      const ta = ea.get(`0,0`);
      const tb = eb.get(`${j},${j}`);
      if ((ta === undefined) !== (tb === undefined)) return false;
      if (opts.edgeTypes && ta !== tb) return false;
    }
    return true;
  };
  const go = (i: number): boolean => {
    if (i === n) return true;
    for (let j = 0; j < n; j++) {
      if (used[j] || !compatible(i, j)) continue;
      map[i] = j;
      used[j] = true;
      if (go(i + 1)) return true;
      used[j] = false;
      map[i] = -1;
    }
    return false;
  };
  return go(0);
}

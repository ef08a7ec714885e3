/**
 * A small ordered directed graph with one integer `type` per edge, plus the handful of graph
 * algorithms the reduced-dynamics tool needs (contraction, weak components, first cycle, longest
 * DAG path, BFS shortest path, elementary cycles).
 *
 * Why not a library: the algorithm's results depend on iteration order (first edge found, first
 * cycle found) and on the exact contraction semantics (edges of the absorbed node are re-attached
 * to the kept node; an edge that already exists keeps its own type). A Map-based structure keeps
 * insertion order like the authors' networkx graphs, which a generic library does not promise.
 */

/** Node payload: representative state, readout (raw, later discretised), absorbed steps. */
export interface GraphNode {
  state: Float64Array;
  output: number;
  /** Original time steps absorbed by compaction (Turner's `skip`). */
  skip: number;
  /** Original nodes merged into this one, recursively (1 = itself only). */
  contracted: number;
}

export class DiGraph {
  readonly nodes = new Map<number, GraphNode>();
  readonly succ = new Map<number, Map<number, number>>();
  readonly pred = new Map<number, Map<number, number>>();

  get size(): number {
    return this.nodes.size;
  }

  addNode(id: number, data: GraphNode): void {
    if (!this.nodes.has(id)) {
      this.succ.set(id, new Map());
      this.pred.set(id, new Map());
    }
    this.nodes.set(id, data);
  }

  node(id: number): GraphNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`DiGraph: node ${id} does not exist.`);
    return n;
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }

  /** Add u→v; an existing edge gets the new type (like networkx add_edge with attributes). */
  addEdge(u: number, v: number, type: number): void {
    if (!this.nodes.has(u) || !this.nodes.has(v)) throw new Error(`DiGraph.addEdge: ${u}→${v} names a missing node.`);
    this.succ.get(u)!.set(v, type);
    this.pred.get(v)!.set(u, type);
  }

  hasEdge(u: number, v: number): boolean {
    return this.succ.get(u)?.has(v) ?? false;
  }

  edgeType(u: number, v: number): number {
    const t = this.succ.get(u)?.get(v);
    if (t === undefined) throw new Error(`DiGraph: no edge ${u}→${v}.`);
    return t;
  }

  removeEdge(u: number, v: number): void {
    this.succ.get(u)?.delete(v);
    this.pred.get(v)?.delete(u);
  }

  removeNode(id: number): void {
    if (!this.nodes.has(id)) return;
    for (const v of this.succ.get(id)!.keys()) this.pred.get(v)!.delete(id);
    for (const u of this.pred.get(id)!.keys()) this.succ.get(u)!.delete(id);
    this.succ.delete(id);
    this.pred.delete(id);
    this.nodes.delete(id);
  }

  successors(id: number): number[] {
    return [...(this.succ.get(id)?.keys() ?? [])];
  }

  predecessors(id: number): number[] {
    return [...(this.pred.get(id)?.keys() ?? [])];
  }

  outDegree(id: number): number {
    return this.succ.get(id)?.size ?? 0;
  }

  inDegree(id: number): number {
    return this.pred.get(id)?.size ?? 0;
  }

  /** All edges [u, v, type] in node order, then successor order. */
  edges(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (const [u, m] of this.succ) for (const [v, t] of m) out.push([u, v, t]);
    return out;
  }

  edgeCount(): number {
    let n = 0;
    for (const m of this.succ.values()) n += m.size;
    return n;
  }

  maxNodeId(): number {
    let m = -Infinity;
    for (const k of this.nodes.keys()) m = Math.max(m, k);
    return m;
  }

  /** Deep-enough copy: node payload objects are copied (states shared, they are never mutated in place). */
  copy(): DiGraph {
    const g = new DiGraph();
    for (const [id, d] of this.nodes) g.addNode(id, { ...d });
    for (const [u, v, t] of this.edges()) g.addEdge(u, v, t);
    return g;
  }

  /** Induced subgraph on `keep` (nodes ascending, adjacency order of this graph); payloads shared. */
  subgraph(keep: Iterable<number>): DiGraph {
    const set = new Set(keep);
    const g = new DiGraph();
    for (const id of [...set].sort((a, b) => a - b)) if (this.nodes.has(id)) g.addNode(id, this.nodes.get(id)!);
    for (const [u, v, t] of this.edges()) if (set.has(u) && set.has(v)) g.addEdge(u, v, t);
    return g;
  }

  /** Copy keeping only edges of one type (all nodes kept; payloads shared). */
  edgeTypeSubgraph(type: number): DiGraph {
    const g = new DiGraph();
    for (const [id, d] of this.nodes) g.addNode(id, d);
    for (const [u, v, t] of this.edges()) if (t === type) g.addEdge(u, v, t);
    return g;
  }

  /**
   * Merge node v into u (networkx `contracted_nodes` semantics): v's in- and out-edges are
   * re-attached to u; an edge that already exists keeps its type; with selfLoops=false the
   * edges between u and v are dropped (a self-loop of v still becomes a self-loop of u).
   */
  contract(u: number, v: number, selfLoops = true): void {
    if (u === v) return;
    const vData = this.node(v);
    const remap: Array<[number, number, number]> = [];
    for (const [w, t] of this.pred.get(v)!) remap.push([w, v, t]);
    for (const [x, t] of this.succ.get(v)!) remap.push([v, x, t]);
    this.removeNode(v);
    for (const [pw, px, t] of remap) {
      const w = pw === v ? u : pw;
      const x = px === v ? u : px;
      const isUV = (pw === u && px === v) || (pw === v && px === u);
      if (isUV && !selfLoops) continue;
      if (!this.hasEdge(w, x)) this.addEdge(w, x, t);
    }
    this.node(u).contracted += vData.contracted;
  }

  /** Weakly connected components, in order of their first node; members in discovery order. */
  weakComponents(): number[][] {
    const seen = new Set<number>();
    const comps: number[][] = [];
    for (const start of this.nodes.keys()) {
      if (seen.has(start)) continue;
      const comp: number[] = [];
      const queue = [start];
      seen.add(start);
      while (queue.length) {
        const x = queue.shift()!;
        comp.push(x);
        for (const y of [...this.succ.get(x)!.keys(), ...this.pred.get(x)!.keys()]) {
          if (!seen.has(y)) {
            seen.add(y);
            queue.push(y);
          }
        }
      }
      comps.push(comp);
    }
    return comps;
  }

  /** Nodes reachable from `source` (excluding it unless on a cycle through it). */
  descendants(source: number): Set<number> {
    const seen = new Set<number>();
    const stack = [source];
    while (stack.length) {
      const x = stack.pop()!;
      for (const y of this.succ.get(x)!.keys()) {
        if (!seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
      }
    }
    seen.delete(source);
    return seen;
  }

  /**
   * First directed cycle found by an edge-wise depth-first search from `source` (or from every node
   * in order). Returns the cycle's edges starting at the node where it closes, or null.
   */
  findCycle(source?: number): Array<[number, number]> | null {
    const starts = source === undefined ? [...this.nodes.keys()] : this.nodes.has(source) ? [source] : [];
    const explored = new Set<number>();
    for (const start of starts) {
      if (explored.has(start)) continue;
      let path: Array<[number, number]> = [];
      const seen = new Set<number>([start]);
      let active = new Set<number>([start]);
      let prevHead: number | null = null;
      // edge DFS
      const visitedNodes = new Set<number>();
      const iters = new Map<number, Iterator<number>>();
      const stack = [start];
      while (stack.length) {
        const cur = stack[stack.length - 1]!;
        if (!visitedNodes.has(cur)) {
          iters.set(cur, this.successors(cur)[Symbol.iterator]());
          visitedNodes.add(cur);
        }
        const nx = iters.get(cur)!.next();
        if (nx.done) {
          stack.pop();
          continue;
        }
        const tail = cur;
        const head = nx.value;
        stack.push(head);
        if (explored.has(head)) continue;
        if (prevHead !== null && tail !== prevHead) {
          for (;;) {
            const popped = path.pop();
            if (popped === undefined) {
              path = [];
              active = new Set([tail]);
              break;
            }
            active.delete(popped[1]);
            if (path.length && path[path.length - 1]![1] === tail) break;
          }
        }
        path.push([tail, head]);
        if (active.has(head)) {
          let i = 0;
          for (; i < path.length; i++) if (path[i]![0] === head) break;
          return path.slice(i);
        }
        seen.add(head);
        active.add(head);
        prevHead = head;
      }
      for (const s of seen) explored.add(s);
    }
    return null;
  }

  /** Shortest path source→target by BFS (null if unreachable). */
  shortestPath(source: number, target: number): number[] | null {
    const parent = new Map<number, number>([[source, source]]);
    const queue = [source];
    while (queue.length) {
      const x = queue.shift()!;
      if (x === target) break;
      for (const y of this.succ.get(x)!.keys()) {
        if (!parent.has(y)) {
          parent.set(y, x);
          queue.push(y);
        }
      }
    }
    if (!parent.has(target)) return null;
    const path = [target];
    while (path[path.length - 1] !== source) path.push(parent.get(path[path.length - 1]!)!);
    return path.reverse();
  }

  /** Longest path (unit weights) of a DAG; generation-wise topological order, first maximum wins. */
  dagLongestPath(): number[] {
    const indeg = new Map<number, number>();
    let gen: number[] = [];
    for (const v of this.nodes.keys()) {
      const d = this.inDegree(v);
      if (d > 0) indeg.set(v, d);
      else gen.push(v);
    }
    const order: number[] = [];
    while (gen.length) {
      const next: number[] = [];
      for (const v of gen) {
        order.push(v);
        for (const c of this.succ.get(v)!.keys()) {
          const d = indeg.get(c)! - 1;
          if (d === 0) {
            indeg.delete(c);
            next.push(c);
          } else indeg.set(c, d);
        }
      }
      gen = next;
    }
    if (order.length !== this.nodes.size) throw new Error("dagLongestPath: the graph has a cycle.");
    const dist = new Map<number, [number, number]>();
    for (const v of order) {
      let best: [number, number] = [0, v];
      let first = true;
      for (const u of this.pred.get(v)!.keys()) {
        const l = dist.get(u)![0] + 1;
        if (first || l > best[0]) {
          best = [l, u];
          first = false;
        }
      }
      dist.set(v, best);
    }
    let v = order[0]!;
    for (const x of order) if (dist.get(x)![0] > dist.get(v)![0]) v = x;
    const path: number[] = [];
    let u: number | null = null;
    while (u !== v) {
      path.push(v);
      u = v;
      v = dist.get(v)![1];
    }
    return path.reverse();
  }

  /** Elementary cycles (each rotated to start at its smallest node), in order of that node. */
  simpleCycles(): number[][] {
    const ids = [...this.nodes.keys()].sort((a, b) => a - b);
    const out: number[][] = [];
    for (const s of ids) {
      // cycles whose smallest node is s
      const path = [s];
      const onPath = new Set([s]);
      const iters: Array<Iterator<number>> = [this.successors(s)[Symbol.iterator]()];
      while (iters.length) {
        const it = iters[iters.length - 1]!.next();
        if (it.done) {
          iters.pop();
          onPath.delete(path.pop()!);
          continue;
        }
        const w = it.value;
        if (w === s) out.push([...path]);
        else if (w > s && !onPath.has(w)) {
          path.push(w);
          onPath.add(w);
          iters.push(this.successors(w)[Symbol.iterator]());
        }
      }
    }
    return out;
  }
}

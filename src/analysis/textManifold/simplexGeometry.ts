/**
 * Geometry of a simplex-shaped attractor manifold: its vertices (the points the readout assigns
 * most confidently to each class), the angles between them seen from their centroid (a regular
 * simplex has cos = −1/(C−1) between every pair: 120° for a triangle), and whether each class's
 * evidence words point to their own vertex.
 */
import { cosine } from "./wordEffects";

export interface SimplexVertices {
  readonly classes: number;
  readonly stateSize: number;
  /** Vertex of each class [C][S]: mean of the points with the largest readout margin for that class. */
  readonly vertices: number[][];
  /** Their centroid [S]. */
  readonly centroid: number[];
  /** Points averaged into each vertex. */
  readonly support: number[];
}

/**
 * @param points [K, S]; @param readouts [K, C] (the network's outputs at the points);
 * `top`: fraction of points (at least 1 of them) averaged into each vertex, by margin y_c − max_{c'≠c} y_c' (default 0.1).
 */
export function simplexVertices(points: ArrayLike<number>, readouts: ArrayLike<number>, classes: number, opts: { top?: number } = {}): SimplexVertices {
  const C = classes;
  if (!(Number.isInteger(C) && C >= 2)) throw new Error(`simplexVertices: classes must be an integer ≥ 2, got ${C}.`);
  if (readouts.length === 0 || readouts.length % C !== 0) throw new Error(`simplexVertices: readouts must be [K, ${C}] row-major, got ${readouts.length} values.`);
  const K = readouts.length / C;
  if (points.length % K !== 0) throw new Error(`simplexVertices: ${points.length} state values do not match ${K} points.`);
  const S = points.length / K;
  const top = opts.top ?? 0.1;
  if (!(top > 0 && top <= 1)) throw new Error(`simplexVertices: top must lie in (0, 1], got ${top}.`);
  const n = Math.max(1, Math.round(top * K));
  const vertices: number[][] = [];
  const support: number[] = [];
  for (let c = 0; c < C; c++) {
    const margin = Array.from({ length: K }, (_, k) => {
      let other = -Infinity;
      for (let d = 0; d < C; d++) if (d !== c) other = Math.max(other, readouts[k * C + d]!);
      return readouts[k * C + c]! - other;
    });
    const best = margin.map((m, k) => [m, k] as const).sort((a, b) => b[0] - a[0]).slice(0, n).map(([, k]) => k);
    const v = new Array<number>(S).fill(0);
    for (const k of best) for (let i = 0; i < S; i++) v[i]! += points[k * S + i]! / best.length;
    vertices.push(v);
    support.push(best.length);
  }
  const centroid = Array.from({ length: S }, (_, i) => vertices.reduce((s, v) => s + v[i]!, 0) / C);
  return { classes: C, stateSize: S, vertices, centroid, support };
}

export interface VertexGeometry {
  /** cos of the angle between every pair of centred vertices, pairs (a < b) in order. */
  readonly pairCosines: number[];
  /** The regular simplex's value −1/(C−1). */
  readonly regularCosine: number;
  /** Longest over shortest edge (1 for a regular simplex). */
  readonly edgeRatio: number;
}

export function vertexGeometry(v: SimplexVertices): VertexGeometry {
  const centred = v.vertices.map((x) => x.map((xi, i) => xi - v.centroid[i]!));
  const pairCosines: number[] = [];
  const edges: number[] = [];
  for (let a = 0; a < v.classes; a++) {
    for (let b = a + 1; b < v.classes; b++) {
      pairCosines.push(cosine(centred[a]!, centred[b]!));
      edges.push(Math.hypot(...v.vertices[a]!.map((x, i) => x - v.vertices[b]![i]!)));
    }
  }
  return { pairCosines, regularCosine: -1 / (v.classes - 1), edgeRatio: Math.max(...edges) / Math.min(...edges) };
}

/**
 * Cosines between the mean state step of each class's evidence words (rows, class c) and the
 * directions from the centroid to every vertex (columns, vertex d): [C][C]. Words point to their own
 * vertex when each row's largest entry is on the diagonal.
 * @param wordClass class of each word (−1: not an evidence word); @param steps [V][S] (wordEffects().state).
 */
export function wordVertexCosines(steps: ReadonlyArray<ReadonlyArray<number>>, wordClass: ReadonlyArray<number>, v: SimplexVertices): number[][] {
  if (steps.length !== wordClass.length) throw new Error(`wordVertexCosines: ${steps.length} word steps but ${wordClass.length} word classes.`);
  const dirs = v.vertices.map((x) => x.map((xi, i) => xi - v.centroid[i]!));
  return Array.from({ length: v.classes }, (_, c) => {
    const ws = wordClass.flatMap((k, w) => (k === c ? [w] : []));
    if (ws.length === 0) throw new Error(`wordVertexCosines: class ${c} has no evidence words.`);
    const mean = Array.from({ length: v.stateSize }, (_, i) => ws.reduce((s, w) => s + steps[w]![i]!, 0) / ws.length);
    return dirs.map((d) => cosine(mean, d));
  });
}

/** The diagonal of wordVertexCosines: per class, cos(step of its words, direction to its own vertex). */
export function wordVertexAlignment(steps: ReadonlyArray<ReadonlyArray<number>>, wordClass: ReadonlyArray<number>, v: SimplexVertices): number[] {
  return wordVertexCosines(steps, wordClass, v).map((row, c) => row[c]!);
}

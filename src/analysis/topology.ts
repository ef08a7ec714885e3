/**
 * Fixed-point topology of one network, and a distance between two topologies
 * (Maheswaranathan et al. 2019, "Universality and individuality in neural dynamics across large
 * populations of recurrent networks": networks of different architectures share the same
 * fixed-point topology although their geometry differs).
 *
 * The summary is invariant to the coordinates of the state space: it keeps only counts (stable and
 * unstable points per input, how many points have k unstable modes) and the connectivity graph
 * "saddle → the fixed point where each end of each unstable mode leads", found by following the
 * network's own float64 map (`stepModel`) from x* ± offset·v for each unstable eigenvector v.
 */
import type { Model } from "../core/types";
import { stateSize, stepModel } from "../models";
import type { FixedPoints } from "./fixedPoints";

export interface TopologyOptions {
  /** Start distance from the saddle along the unit unstable eigenvector (state units). Default 0.05. */
  readonly offset?: number;
  /** Steps of the map followed from each start (discrete nets; continuous nets: Euler steps of dt). Default 500. */
  readonly steps?: number;
  /** The followed state "arrives" at a fixed point of the record when closer than this. Default 0.05. */
  readonly arrivalTol?: number;
  /** Two inputs are the same input when their max-abs difference is ≤ this. Default 1e-9. */
  readonly inputTol?: number;
  /**
   * Unstable modes followed per saddle, largest |λ| (discrete) / Re λ (continuous) first. Default 1:
   * the dominant unstable mode, whose manifold is where generic perturbations leave the saddle.
   */
  readonly modesPerSaddle?: number;
}

/** One end of a followed unstable mode. */
export interface TopologyEdge {
  /** Index (into the FixedPoints record) of the saddle. */
  readonly saddle: number;
  /** Which unstable mode (0 = dominant) and which direction (+1 / −1). */
  readonly mode: number;
  readonly direction: 1 | -1;
  /** Index of the fixed point the trajectory reached, or −1 when it reached none (unresolved). */
  readonly target: number;
  /** Distance from the final state to that point (or to the nearest point when unresolved). */
  readonly distance: number;
}

export interface InputTopology {
  readonly input: number[];
  readonly nStable: number;
  readonly nUnstable: number;
  /** indexHistogram[k] = number of points with k unstable modes (k = 0 is stable). */
  readonly indexHistogram: number[];
}

export interface FixedPointTopology {
  /** Per distinct input, in order of first appearance. */
  readonly perInput: InputTopology[];
  /** Index histogram over all inputs. */
  readonly indexHistogram: number[];
  /** Number of unstable modes of each point of the record. */
  readonly pointIndex: number[];
  /** Which input group (into perInput) each point belongs to. */
  readonly pointInput: number[];
  /** Every followed unstable-mode end. */
  readonly edges: TopologyEdge[];
  /**
   * Edge-type counts, coordinate-free: key "k→j" = ends leaving an index-k saddle that reach an
   * index-j point ("k→none" when unresolved).
   */
  readonly edgeTypes: Record<string, number>;
  /** For each stable point (in record order), how many saddle ends reach it. */
  readonly stableInDegree: number[];
}

function dist(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[aOff + i]! - b[bOff + i]!) ** 2;
  return Math.sqrt(s);
}

/**
 * Topology summary of a decomposed FixedPoints record of `model` (counts per input, index histogram,
 * connectivity through unstable modes). Saddle ends are matched only to points of the same input.
 */
export function fixedPointTopology(model: Model, fps: FixedPoints, options: TopologyOptions = {}): FixedPointTopology {
  const offset = options.offset ?? 0.05;
  const steps = options.steps ?? 500;
  const arrivalTol = options.arrivalTol ?? 0.05;
  const inputTol = options.inputTol ?? 1e-9;
  const modesPerSaddle = options.modesPerSaddle ?? 1;
  if (!(offset > 0) || !(arrivalTol > 0) || !Number.isInteger(steps) || steps < 1 || !Number.isInteger(modesPerSaddle) || modesPerSaddle < 1) {
    throw new Error("fixedPointTopology: offset and arrivalTol must be > 0, steps and modesPerSaddle integers ≥ 1.");
  }
  const S = fps.stateSize;
  if (stateSize(model.spec) !== S || model.spec.inputSize !== fps.inputSize) {
    throw new Error(
      `fixedPointTopology: the record has state size ${S} and input size ${fps.inputSize}, the model ${stateSize(model.spec)} and ` +
        `${model.spec.inputSize}: pass the model the points were found for.`,
    );
  }
  if (!fps.eigRe || !fps.eigIm || !fps.rightRe) {
    throw new Error("fixedPointTopology: the record has no eigen-decomposition; search with decompose: true (the default).");
  }
  const I = fps.inputSize;
  const K = fps.count;
  const pointIndex = Array.from(fps.nUnstable);

  // Group points by input.
  const groups: number[][] = [];
  const reps: number[] = [];
  const pointInput = new Array<number>(K);
  for (let k = 0; k < K; k++) {
    let g = reps.findIndex((r) => {
      for (let i = 0; i < I; i++) if (Math.abs(fps.inputs[r * I + i]! - fps.inputs[k * I + i]!) > inputTol) return false;
      return true;
    });
    if (g < 0) {
      g = groups.length;
      groups.push([]);
      reps.push(k);
    }
    groups[g]!.push(k);
    pointInput[k] = g;
  }
  const hist = (idx: number[]): number[] => {
    const h: number[] = [];
    for (const n of idx) {
      while (h.length <= n) h.push(0);
      h[n]!++;
    }
    return h;
  };
  const perInput: InputTopology[] = groups.map((g, gi) => {
    const idx = g.map((k) => pointIndex[k]!);
    return {
      input: Array.from(fps.inputs.subarray(reps[gi]! * I, reps[gi]! * I + I)),
      nStable: idx.filter((n) => n === 0).length,
      nUnstable: idx.filter((n) => n > 0).length,
      indexHistogram: hist(idx),
    };
  });

  // Follow the unstable modes of each saddle.
  const re = fps.eigRe;
  const im = fps.eigIm;
  const edges: TopologyEdge[] = [];
  const continuous = fps.continuous;
  for (let k = 0; k < K; k++) {
    if (pointIndex[k] === 0) continue;
    const growth = (m: number): number => (continuous ? re[k * S + m]! : Math.hypot(re[k * S + m]!, im[k * S + m]!));
    const unstable: number[] = [];
    for (let m = 0; m < S; m++) if (continuous ? re[k * S + m]! >= 0 : growth(m) >= 1) unstable.push(m);
    unstable.sort((a, b) => growth(b) - growth(a));
    const u = fps.inputs.subarray(k * I, k * I + I);
    const candidates = groups[pointInput[k]!]!;
    unstable.slice(0, modesPerSaddle).forEach((m, rank) => {
      // Real part of the right eigenvector (for a complex pair it spans the rotation plane's first axis).
      const v = new Float64Array(S);
      for (let i = 0; i < S; i++) v[i] = fps.rightRe![k * S * S + i * S + m]!;
      const norm = Math.hypot(...v);
      for (const direction of [1, -1] as const) {
        let h = new Float64Array(S);
        for (let i = 0; i < S; i++) h[i] = fps.xstar[k * S + i]! + (direction * offset * v[i]!) / (norm || 1);
        for (let t = 0; t < steps; t++) h = stepModel(model, h, u);
        let best = -1;
        let bestD = Infinity;
        for (const j of candidates) {
          const d = dist(h, 0, fps.xstar, j * S, S);
          if (d < bestD) {
            bestD = d;
            best = j;
          }
        }
        edges.push({ saddle: k, mode: rank, direction, target: bestD <= arrivalTol ? best : -1, distance: bestD });
      }
    });
  }
  const edgeTypes: Record<string, number> = {};
  const inDeg = new Map<number, number>();
  for (const e of edges) {
    const key = pointIndex[e.saddle] + "→" + (e.target < 0 ? "none" : String(pointIndex[e.target]));
    edgeTypes[key] = (edgeTypes[key] ?? 0) + 1;
    if (e.target >= 0 && pointIndex[e.target] === 0) inDeg.set(e.target, (inDeg.get(e.target) ?? 0) + 1);
  }
  const stableInDegree: number[] = [];
  for (let k = 0; k < K; k++) if (pointIndex[k] === 0) stableInDegree.push(inDeg.get(k) ?? 0);
  return { perInput, indexHistogram: hist(pointIndex), pointIndex, pointInput, edges, edgeTypes, stableInDegree };
}

export interface TopologyDistanceOptions {
  /** Weight of the connectivity term. Default 1. */
  readonly connectivityWeight?: number;
  /** Inputs are matched across networks when their max-abs difference is ≤ this. Default 1e-6. */
  readonly inputTol?: number;
}

export interface TopologyDistance {
  /** counts + connectivityWeight · connectivity. */
  readonly distance: number;
  /**
   * L1 distance between the count vectors: per matched input, [nStable, nUnstable] (an input present
   * in only one network counts against zeros), plus the L1 distance of the overall index histograms.
   */
  readonly counts: number;
  /**
   * Graph-edit-style term: L1 distance between the edge-type counts ("k→j") plus the L1 distance
   * between the stable points' in-degree sequences sorted in descending order (zero-padded). Both
   * are label-free lower bounds on the number of edge insertions/deletions turning one graph into
   * the other (each edit changes one edge-type count by 1 and one in-degree by at most 1).
   */
  readonly connectivity: number;
}

const l1 = (a: number[], b: number[]): number => {
  let s = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return s;
};

/** Distance between two fixed-point topologies (0 when counts and connectivity agree). */
export function topologyDistance(a: FixedPointTopology, b: FixedPointTopology, options: TopologyDistanceOptions = {}): TopologyDistance {
  const w = options.connectivityWeight ?? 1;
  const tol = options.inputTol ?? 1e-6;
  const same = (x: number[], y: number[]): boolean => x.length === y.length && x.every((v, i) => Math.abs(v - y[i]!) <= tol);
  let counts = l1(a.indexHistogram, b.indexHistogram);
  const usedB = new Set<number>();
  for (const ga of a.perInput) {
    const j = b.perInput.findIndex((gb, jj) => !usedB.has(jj) && same(ga.input, gb.input));
    if (j >= 0) usedB.add(j);
    const gb = j >= 0 ? b.perInput[j]! : { nStable: 0, nUnstable: 0 };
    counts += Math.abs(ga.nStable - gb.nStable) + Math.abs(ga.nUnstable - gb.nUnstable);
  }
  b.perInput.forEach((gb, j) => {
    if (!usedB.has(j)) counts += gb.nStable + gb.nUnstable;
  });
  const keys = new Set([...Object.keys(a.edgeTypes), ...Object.keys(b.edgeTypes)]);
  let connectivity = 0;
  for (const key of keys) connectivity += Math.abs((a.edgeTypes[key] ?? 0) - (b.edgeTypes[key] ?? 0));
  const desc = (x: number[]): number[] => [...x].sort((p, q) => q - p);
  connectivity += l1(desc(a.stableInDegree), desc(b.stableInDegree));
  return { distance: counts + w * connectivity, counts, connectivity };
}

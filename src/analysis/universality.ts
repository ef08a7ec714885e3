/**
 * Population-level helpers for the universality study (Maheswaranathan, Williams, Golub, Ganguli &
 * Sussillo 2019): SVCCA distances over a whole population, how well a distance matrix separates
 * labelled groups (architectures), and which memories the saddles of a fixed-point topology link.
 */
import type { MatrixLike } from "./linalg/matrix";
import { cca } from "./projection/cca";
import type { DistanceMatrix, PairwiseOptions } from "./projection/distanceMatrix";
import { pairwiseDistances } from "./projection/distanceMatrix";
import { svdReduce } from "./projection/svcca";
import type { SvccaOptions } from "./projection/svcca";
import type { FixedPointTopology } from "./topology";
import { Rng } from "../core/random";
import { permutationPValue, shuffled } from "../notebook/stats";

/**
 * SVCCA distance (1 − mean canonical correlation of the top-k singular directions) between every
 * pair of networks' activities recorded on the same input battery: [samples, units_i] each.
 * Equal to calling `svcca` on every pair, but each network's SVD reduction is computed once.
 */
export function svccaDistances(activities: ReadonlyArray<MatrixLike>, opts: SvccaOptions & PairwiseOptions = {}): DistanceMatrix {
  if (activities.length < 2) throw new Error(`svccaDistances: need at least 2 networks' activities, got ${activities.length}.`);
  const reduced = activities.map((a, i) => {
    try {
      return svdReduce(a, opts);
    } catch (e) {
      throw new Error(`svccaDistances: network ${i}: ${(e as Error).message}`);
    }
  });
  const rows = reduced[0]!.rows;
  reduced.forEach((r, i) => {
    if (r.rows !== rows) {
      throw new Error(`svccaDistances: network ${i} has ${r.rows} samples but network 0 has ${rows}; record every network on the same input battery.`);
    }
  });
  return pairwiseDistances(
    reduced,
    (a, b) => {
      const c = cca(a, b).correlations;
      let mean = 0;
      for (const v of c) mean += v;
      return Math.max(0, 1 - mean / c.length);
    },
    { ...(opts.labels ? { labels: opts.labels } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
  );
}

export interface GroupSeparation {
  /** Distinct group labels in order of first appearance. */
  readonly groups: string[];
  /** Mean distance over pairs in the same group / in different groups. */
  readonly meanWithin: number;
  readonly meanBetween: number;
  /**
   * meanBetween / meanWithin: > 1 when groups cluster. 1 when both means are 0 (all items identical:
   * no separation), Infinity when only the within-group distances are 0.
   */
  readonly ratio: number;
  /**
   * Leave-one-out 1-nearest-neighbour accuracy of the group label. Ties are split: an item whose
   * nearest distance is shared by several others scores the fraction of them in its own group.
   */
  readonly nnAccuracy: number;
  /** Per-item 1-NN score (0..1, fractional under ties). */
  readonly nnScore: number[];
  /**
   * Expected 1-NN accuracy when the neighbour is a random other item: mean over items of
   * (own group size − 1) / (n − 1). The value an architecture-blind distance would give.
   */
  readonly chance: number;
}

/**
 * How strongly a distance matrix separates labelled groups (e.g. SVCCA distances by architecture).
 * Needs ≥ 2 groups and at least one group with ≥ 2 members.
 */
export function groupSeparation(D: DistanceMatrix, groups: ReadonlyArray<string | number | boolean>): GroupSeparation {
  const n = D.size;
  if (groups.length !== n) throw new Error(`groupSeparation: ${groups.length} group labels for a ${n}×${n} distance matrix; pass one per item.`);
  const g = groups.map(String);
  const names = [...new Set(g)];
  if (names.length < 2) throw new Error(`groupSeparation: all ${n} items are in group "${names[0]}"; need at least 2 groups to compare.`);
  const size = new Map<string, number>();
  for (const x of g) size.set(x, (size.get(x) ?? 0) + 1);
  if (![...size.values()].some((s) => s >= 2)) throw new Error("groupSeparation: every group has one member, so no within-group distance exists; add members.");
  let sw = 0;
  let nw = 0;
  let sb = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = D.data[i * n + j]!;
      if (g[i] === g[j]) {
        sw += d;
        nw++;
      } else {
        sb += d;
        nb++;
      }
    }
  }
  const meanWithin = sw / nw;
  const meanBetween = sb / nb;
  const ratio = meanWithin === 0 ? (meanBetween === 0 ? 1 : Infinity) : meanBetween / meanWithin;
  const nnScore = g.map((gi, i) => {
    let best = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) best = Math.min(best, D.data[i * n + j]!);
    // Relative tie tolerance so round-off does not break exact ties.
    const tol = 1e-12 * Math.max(1, Math.abs(best));
    let tied = 0;
    let same = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || D.data[i * n + j]! > best + tol) continue;
      tied++;
      if (g[j] === gi) same++;
    }
    return same / tied;
  });
  const nnAccuracy = nnScore.reduce((s, v) => s + v, 0) / n;
  const chance = g.reduce((s, gi) => s + (size.get(gi)! - 1) / (n - 1), 0) / n;
  return { groups: names, meanWithin, meanBetween, ratio, nnAccuracy, nnScore, chance };
}

/** A pair of stable points linked through one saddle: the two ends of its dominant unstable mode. */
export interface SaddleLink {
  readonly saddle: number;
  /** Indices (into the FixedPoints record) of the two stable points reached, lower first. */
  readonly a: number;
  readonly b: number;
}

/**
 * The links between stable points made by saddles of a given index (default 1): for every such saddle
 * whose dominant unstable mode leads, in both directions, to two different stable points. Saddles
 * with an unresolved end, or whose two ends reach the same point, are counted in `unlinked`.
 */
export function saddleLinks(topology: FixedPointTopology, options: { index?: number } = {}): { links: SaddleLink[]; unlinked: number[] } {
  const index = options.index ?? 1;
  const ends = new Map<number, number[]>();
  for (const e of topology.edges) {
    if (e.mode !== 0 || topology.pointIndex[e.saddle] !== index) continue;
    const list = ends.get(e.saddle) ?? [];
    list.push(e.target);
    ends.set(e.saddle, list);
  }
  const links: SaddleLink[] = [];
  const unlinked: number[] = [];
  for (const [saddle, t] of ends) {
    const ok = t.length === 2 && t.every((k) => k >= 0 && topology.pointIndex[k] === 0) && t[0] !== t[1];
    if (ok) links.push({ saddle, a: Math.min(t[0]!, t[1]!), b: Math.max(t[0]!, t[1]!) });
    else unlinked.push(saddle);
  }
  return { links, unlinked };
}

export interface SeparationTest {
  /** meanBetween − meanWithin of the true labels (defined also when every distance is 0, unlike the ratio). */
  readonly observed: number;
  /** Permutation p-value (+1 corrected) of "the labels separate the distances": P(null ≥ observed). */
  readonly pValue: number;
  readonly permutations: number;
}

/**
 * Permutation test of group separation: shuffles the labels `permutations` times (seeded) and
 * compares meanBetween − meanWithin with the shuffled values. A small p-value says the groups
 * cluster; the smallest reachable p-value is 1/(1 + permutations), and with few items also
 * 1/(number of distinct labellings), which the caller must keep below the level it claims.
 */
export function separationTest(D: DistanceMatrix, groups: ReadonlyArray<string | number | boolean>, opts: { permutations: number; seed: number }): SeparationTest {
  const R = opts.permutations;
  if (!Number.isInteger(R) || R < 1) throw new Error(`separationTest: permutations must be a positive integer, got ${R}.`);
  const stat = (g: ReadonlyArray<string | number | boolean>): number => {
    const s = groupSeparation(D, g);
    return s.meanBetween - s.meanWithin;
  };
  const observed = stat(groups);
  const rng = new Rng(opts.seed);
  const nulls = new Float64Array(R);
  for (let r = 0; r < R; r++) nulls[r] = stat(shuffled(groups, rng));
  // Exact ties with the observed value count as "as extreme" (relative tolerance for round-off).
  const tol = 1e-12 * Math.max(1, Math.abs(observed));
  return { observed, pValue: permutationPValue(observed - tol, nulls), permutations: R };
}

/**
 * Which of the given edges (pairs of stable-point indices, e.g. `oneBitNeighbours` of their
 * memories) are linked by at least one saddle of `links`: one boolean per edge.
 */
export function linkedEdges(links: readonly SaddleLink[], edges: ReadonlyArray<readonly [number, number]>): boolean[] {
  const have = new Set(links.map((l) => Math.min(l.a, l.b) + ":" + Math.max(l.a, l.b)));
  return edges.map(([a, b]) => have.has(Math.min(a, b) + ":" + Math.max(a, b)));
}

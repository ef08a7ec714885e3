/**
 * How well a map's nearest neighbour predicts a label (solution type, architecture), against chance:
 * leave-one-out 1-NN accuracy (groupSeparation) and its label-permutation p-value, so the θ map, the
 * SVCCA–MDS map and the feature–MDS map are compared with one statistic on the same networks.
 */
import { Rng } from "../../core/random";
import { permutationPValue, shuffled } from "../../notebook/stats";
import type { DistanceMatrix } from "../projection/distanceMatrix";
import { groupSeparation } from "../universality";

export interface NearestNeighbourTest {
  readonly accuracy: number;
  /** Expected accuracy of a random neighbour (groupSeparation's chance). */
  readonly chance: number;
  /** P(permuted-label accuracy ≥ observed), with the +1 correction. */
  readonly pValue: number;
  readonly permutations: number;
  readonly n: number;
}

export function nearestNeighbourTest(D: DistanceMatrix, labels: ReadonlyArray<string>, o: { permutations: number; seed: number }): NearestNeighbourTest {
  if (labels.length !== D.size) throw new Error(`nearestNeighbourTest: ${labels.length} labels for ${D.size} items.`);
  if (new Set(labels).size < 2) throw new Error("nearestNeighbourTest: all items carry the same label; a 1-NN test needs at least 2 groups.");
  const obs = groupSeparation(D, labels);
  const rng = new Rng(o.seed);
  const nulls = Array.from({ length: o.permutations }, () => groupSeparation(D, shuffled(labels, rng)).nnAccuracy);
  return { accuracy: obs.nnAccuracy, chance: obs.chance, pValue: permutationPValue(obs.nnAccuracy, nulls), permutations: o.permutations, n: D.size };
}

/** Euclidean distances between the rows of a [n, dims] coordinate matrix (e.g. an MDS map). */
export function coordinateDistances(coords: { rows: number; cols: number; data: ArrayLike<number> }, labels?: readonly string[]): DistanceMatrix {
  const n = coords.rows;
  const c = coords.cols;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let e = 0; e < c; e++) s += (coords.data[i * c + e]! - coords.data[j * c + e]!) ** 2;
      data[i * n + j] = data[j * n + i] = Math.sqrt(s);
    }
  }
  return labels ? { size: n, data, labels } : { size: n, data };
}

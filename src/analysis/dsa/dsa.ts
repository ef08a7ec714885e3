/**
 * Dynamical Similarity Analysis (Ostrow, Eisen, Kozachkov & Fiete 2023; the metric of the CtDB
 * benchmark): fit each network's delay-embedded, reduced-rank DMD operator (dmd.ts), then compare the
 * operators by Procrustes analysis over vector fields (procrustes.ts). Two networks are close when
 * their dynamics are the same linear map up to an orthogonal change of basis, whatever their units.
 *
 * Unlike SVCCA, DSA compares dynamics, not samples: networks may have different unit counts, trial
 * counts and trial lengths. The operators must have equal size, so every network is fitted at one
 * common rank r: the given `rank` (default min(10, smallest embedding dimension)), or, with
 * `varianceFraction`, the largest rank any network needs to reach that fraction (so each network's
 * model explains at least that much of its variance).
 */
import type { DistanceMatrix, PairwiseOptions } from "../projection/distanceMatrix";
import { pairwiseDistances } from "../projection/distanceMatrix";
import type { MatrixLike } from "../linalg/matrix";
import type { Dmd, DmdOptions, HankelSvd } from "./dmd";
import { dmdEmbedding, dmdRank, fitDmdAtRank, hankelSvd } from "./dmd";
import type { TrajectoryInput } from "./hankel";
import type { VectorFieldProcrustesOptions, VectorFieldProcrustesResult } from "./procrustes";
import { vectorFieldProcrustes } from "./procrustes";

export interface DsaOptions extends DmdOptions, VectorFieldProcrustesOptions {}

export interface DsaResult extends VectorFieldProcrustesResult {
  /** The two fitted models (equal rank). */
  readonly dmdX: Dmd;
  readonly dmdY: Dmd;
}

/**
 * Fits every network's DMD at one common rank (module doc). Errors name the network index.
 */
export function fitDmdPopulation(inputs: ReadonlyArray<TrajectoryInput>, opts: DmdOptions = {}, who = "fitDmdPopulation"): Dmd[] {
  if (inputs.length === 0) throw new Error(`${who}: no networks given.`);
  const svds: HankelSvd[] = inputs.map((x, i) => {
    try {
      return hankelSvd(dmdEmbedding(x, opts));
    } catch (e) {
      throw new Error(`${who}: network ${i}: ${(e as Error).message}`);
    }
  });
  let r: number;
  if (opts.rank !== undefined || opts.varianceFraction !== undefined) {
    const ranks = svds.map((s, i) => dmdRank(s, opts, `${who}: network ${i}`));
    r = Math.max(...ranks);
  } else {
    r = Math.min(10, ...svds.map((s) => s.embedding.matrix.cols));
  }
  return svds.map((s, i) => {
    try {
      return fitDmdAtRank(s, r, opts, `${who}: network ${i}`);
    } catch (e) {
      if (opts.varianceFraction === undefined) throw e;
      throw new Error(`${(e as Error).message} (The common rank ${r} is the largest any network needs for varianceFraction ${opts.varianceFraction}; every network is fitted at it.)`);
    }
  });
}

function operatorOf(m: Dmd | MatrixLike): MatrixLike {
  return (m as Dmd).A !== undefined && typeof (m as Dmd).rank === "number" ? (m as Dmd).A : (m as MatrixLike);
}

/**
 * Vector-field Procrustes distances between every pair of fitted models (or bare r×r operators),
 * as a DistanceMatrix. Each pair uses the same seed, so an entry does not depend on the others.
 */
export function operatorDistances(
  models: ReadonlyArray<Dmd | MatrixLike>,
  opts: VectorFieldProcrustesOptions & PairwiseOptions = {},
): DistanceMatrix {
  const ops = models.map(operatorOf);
  return pairwiseDistances(ops, (a, b, i, j) => {
    try {
      return vectorFieldProcrustes(a, b, opts).distance;
    } catch (e) {
      throw new Error(`operatorDistances: networks ${i} and ${j}: ${(e as Error).message}`);
    }
  }, { ...(opts.labels ? { labels: opts.labels } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
}

/**
 * DSA distance between every pair of networks: same call shape as `svccaDistances`. Each input is one
 * network's trajectories (a [trials·steps, units] activity matrix with `trials` set, as notebook 07
 * records it, or {data, shape: [trials, steps, units]}, or [trial][step][unit] arrays). Each
 * network's DMD is fitted once; the distance is `metric` (default "angular", radians in [0, π]).
 */
export function dsaDistances(inputs: ReadonlyArray<TrajectoryInput>, opts: DsaOptions & PairwiseOptions = {}): DistanceMatrix {
  if (inputs.length < 2) throw new Error(`dsaDistances: need at least 2 networks' trajectories, got ${inputs.length}.`);
  if (opts.labels && opts.labels.length !== inputs.length) {
    throw new Error(`dsaDistances: ${opts.labels.length} labels for ${inputs.length} networks; pass one label per network.`);
  }
  const dmds = fitDmdPopulation(inputs, opts, "dsaDistances");
  return operatorDistances(dmds, opts);
}

/** DSA between two networks' trajectories (both fitted at one common rank, see module doc). */
export function dsa(x: TrajectoryInput, y: TrajectoryInput, opts: DsaOptions = {}): DsaResult {
  const [dmdX, dmdY] = fitDmdPopulation([x, y], opts, "dsa");
  return { ...vectorFieldProcrustes(dmdX.A, dmdY.A, opts), dmdX, dmdY };
}

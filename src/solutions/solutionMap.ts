/**
 * solutionMap(networks, options): a 2-D map of a population's solution space (Turner et al. 2021
 * §5.6, the thesis talk). Each trained network is embedded by its standardised §5.5 feature vector;
 * classical MDS of the Euclidean distances gives the map, coloured by solution type. Training
 * checkpoints are placed into the same map by the out-of-sample formula of classical MDS (Gower
 * 1968; landmark MDS, de Silva & Tenenbaum 2004) — the final networks stay fixed and every
 * checkpoint gets the coordinates that best reproduce its distances to them — and are connected in
 * training order.
 *
 * Why features: they are what §5.5 shows to carry type information (κ̄ ≈ 0.4–0.6), they exist for
 * every network and checkpoint without a pairwise graph distance, and standardising with the final
 * population's mean and SD puts checkpoints on the same scale. (For Euclidean distances, classical
 * MDS equals PCA of the standardised features, and the Gower projection equals projecting onto the
 * same axes; the MDS form also works for any other distance.)
 */
import { classicalMds, type MdsResult } from "../analysis/projection/mds";

export interface MapNetwork {
  readonly id: string;
  readonly type: string;
  readonly features: ArrayLike<number>;
}

export interface MapCheckpoint {
  readonly epoch: number;
  readonly features: ArrayLike<number>;
  /** Its type (e.g. the reduced-graph type), shown on hover and used for colouring. */
  readonly type?: string;
  /** Marked as a bifurcation (type change from the previous checkpoint). */
  readonly bifurcation?: boolean;
}

export interface MapTrajectoryInput {
  /** Id of the final network this training run produced (must be among the networks). */
  readonly id: string;
  readonly checkpoints: ReadonlyArray<MapCheckpoint>;
  /** Epoch of the final weights (default: the last checkpoint's). */
  readonly finalEpoch?: number;
}

export interface MapPoint {
  readonly id: string;
  readonly type: string;
  readonly x: number;
  readonly y: number;
}

export interface MapTrajectoryPoint {
  readonly epoch: number;
  readonly x: number;
  readonly y: number;
  readonly type: string;
  readonly bifurcation: boolean;
  /** The trained network itself (last point of every trajectory). */
  readonly final: boolean;
}

export interface MapTrajectory {
  readonly id: string;
  /** Checkpoints with finite features, in training order, then the final network. */
  readonly points: ReadonlyArray<MapTrajectoryPoint>;
  /** Checkpoints skipped because a feature was not finite. */
  readonly skipped: number;
}

/** The map: plain data (rendered by solutionMapPlot in src/plots/solutions). */
export class SolutionMap {
  constructor(
    readonly points: ReadonlyArray<MapPoint>,
    readonly trajectories: ReadonlyArray<MapTrajectory>,
    readonly featureNames: ReadonlyArray<string>,
    /** Kruskal stress-1 and the share of the positive MDS spectrum in the 2 axes. */
    readonly stress: number,
    readonly explained: number,
    /** Standardisation of the features (final networks' mean and population SD). */
    readonly mean: Float64Array,
    readonly sd: Float64Array,
  ) {}
  /**
   * Mean map distance between networks of the same type divided by that between networks of
   * different types (< 1: types occupy separate regions of the map; NaN if either set is empty).
   * `types` relabels the points (one label per point, e.g. shuffled for a permutation test).
   */
  typeSeparation(types?: ReadonlyArray<string>): number {
    if (types !== undefined && types.length !== this.points.length) {
      throw new Error(`SolutionMap.typeSeparation: got ${types.length} labels for ${this.points.length} points; pass one label per point.`);
    }
    const label = (i: number) => (types ? types[i] : this.points[i]!.type);
    let within = 0;
    let nw = 0;
    let between = 0;
    let nb = 0;
    const p = this.points;
    for (let i = 0; i < p.length; i++)
      for (let j = i + 1; j < p.length; j++) {
        const d = Math.hypot(p[i]!.x - p[j]!.x, p[i]!.y - p[j]!.y);
        if (label(i) === label(j)) {
          within += d;
          nw++;
        } else {
          between += d;
          nb++;
        }
      }
    return nw && nb ? within / nw / (between / nb) : NaN;
  }
  get types(): string[] {
    return [...new Set(this.points.map((p) => p.type))];
  }
  toString(): string {
    const b = this.trajectories.reduce((s, t) => s + t.points.filter((p) => p.bifurcation).length, 0);
    return `SolutionMap: ${this.points.length} networks, ${this.types.length} types, ${this.trajectories.length} training trajectories (${b} bifurcations marked), MDS stress ${this.stress.toFixed(3)}, ${(this.explained * 100).toFixed(0)} % of the spectrum`;
  }
}

/** Out-of-sample classical-MDS coordinates of a point from its squared distances to the n embedded points. */
export function mdsProject(mds: Pick<MdsResult, "coords" | "eigenvalues">, landmarkColumnMeans: ArrayLike<number>, d2: ArrayLike<number>): number[] {
  const { rows: n, cols: k, data } = mds.coords;
  if (d2.length !== n) throw new RangeError(`mdsProject: ${d2.length} distances for ${n} embedded points.`);
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const lam = mds.eigenvalues[c]!;
    if (!(lam > 0)) {
      out.push(0);
      continue;
    }
    let s = 0;
    for (let j = 0; j < n; j++) s += data[j * k + c]! * (landmarkColumnMeans[j]! - d2[j]!);
    out.push(s / (2 * lam));
  }
  return out;
}

export interface SolutionMapOptions {
  readonly featureNames?: ReadonlyArray<string>;
  readonly trajectories?: ReadonlyArray<MapTrajectoryInput>;
}

export function solutionMap(networks: ReadonlyArray<MapNetwork>, options: SolutionMapOptions = {}): SolutionMap {
  const who = "solutionMap";
  const n = networks.length;
  if (n < 3) throw new RangeError(`${who}: need at least 3 networks, got ${n}.`);
  const d = networks[0]!.features.length;
  networks.forEach((net, i) => {
    if (net.features.length !== d) throw new RangeError(`${who}: network ${net.id} has ${net.features.length} features, the first has ${d}.`);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(net.features[j]!)) throw new RangeError(`${who}: feature ${options.featureNames?.[j] ?? j} of network ${net.id} (#${i}) is ${net.features[j]}; drop that network first.`);
    }
  });
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const net of networks) for (let j = 0; j < d; j++) mean[j]! += net.features[j]! / n;
  for (const net of networks) for (let j = 0; j < d; j++) sd[j]! += (net.features[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = sd[j]! > 0 ? Math.sqrt(sd[j]!) : 1;
  const z = (f: ArrayLike<number>) => Float64Array.from({ length: d }, (_, j) => (f[j]! - mean[j]!) / sd[j]!);
  const Z = networks.map((net) => z(net.features));
  const d2 = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (a[j]! - b[j]!) ** 2;
    return s;
  };
  const D2 = Z.map((a) => Z.map((b) => d2(a, b)));
  const mds = classicalMds(
    D2.map((r) => r.map(Math.sqrt)),
    2,
  );
  const colMeans = Float64Array.from({ length: n }, (_, j) => D2.reduce((s, r) => s + r[j]! / n, 0));
  const points = networks.map((net, i) => ({ id: net.id, type: net.type, x: mds.coords.data[i * 2]!, y: mds.coords.data[i * 2 + 1]! }));
  const byId = new Map(points.map((p) => [p.id, p]));
  const trajectories = (options.trajectories ?? []).map((tr) => {
    const end = byId.get(tr.id);
    if (!end) throw new RangeError(`${who}: trajectory "${tr.id}" names no network of the map; ids are ${[...byId.keys()].slice(0, 5).join(", ")}, …`);
    let skipped = 0;
    const pts: MapTrajectoryPoint[] = [];
    for (const c of tr.checkpoints) {
      if (c.features.length !== d) throw new RangeError(`${who}: a checkpoint of "${tr.id}" has ${c.features.length} features, networks have ${d}.`);
      if (![...Array(d).keys()].every((j) => Number.isFinite(c.features[j]!))) {
        skipped++;
        continue;
      }
      const zc = z(c.features);
      const [x, y] = mdsProject(mds, colMeans, Z.map((b) => d2(zc, b)));
      pts.push({ epoch: c.epoch, x: x!, y: y!, type: c.type ?? "", bifurcation: c.bifurcation ?? false, final: false });
    }
    pts.sort((a, b) => a.epoch - b.epoch);
    const finalEpoch = tr.finalEpoch ?? (pts.length ? pts[pts.length - 1]!.epoch : 0);
    pts.push({ epoch: finalEpoch, x: end.x, y: end.y, type: end.type, bifurcation: false, final: true });
    return { id: tr.id, points: pts, skipped };
  });
  return new SolutionMap(points, trajectories, options.featureNames ?? Array.from({ length: d }, (_, j) => `f${j}`), mds.stress, mds.explained, mean, sd);
}

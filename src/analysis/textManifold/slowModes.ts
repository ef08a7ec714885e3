/**
 * Slow modes of fixed points: how many eigenvalues of the linearised map lie near the unit circle.
 * On a (C−1)-dimensional attractor manifold each point has C−1 of them (the directions along the
 * manifold, where the accumulated evidence is remembered) and the rest decay.
 */
import type { FixedPointsData } from "../fixedPoints/FixedPoints";

/** |λ| per point, sorted descending (the search's order): [K][S]. */
export function eigenMagnitudes(fps: Pick<FixedPointsData, "count" | "stateSize" | "eigRe" | "eigIm" | "continuous">): number[][] {
  if (fps.continuous) throw new Error("eigenMagnitudes: the points are of a continuous-time net (stability is Re λ); use a discrete-time architecture.");
  const { eigRe, eigIm, count: K, stateSize: S } = fps;
  if (!eigRe || !eigIm) throw new Error("eigenMagnitudes: the fixed points carry no eigenvalues; search with decompose: true (the default) or run decomposeFixedPoints.");
  return Array.from({ length: K }, (_, k) =>
    Array.from({ length: S }, (_, i) => Math.hypot(eigRe[k * S + i]!, eigIm[k * S + i]!)).sort((a, b) => b - a),
  );
}

export interface SlowModeCounts {
  /** Number of eigenvalues with |λ| ≥ minMagnitude, per point. */
  readonly counts: number[];
  /** The threshold used. */
  readonly minMagnitude: number;
  /** Time constant −1/ln(minMagnitude) in steps: modes at least this slow count. */
  readonly minTimeConstant: number;
}

/**
 * Count the slow modes of every point: eigenvalues with |λ| ≥ minMagnitude, i.e. time constant
 * τ = −1/ln|λ| at least −1/ln(minMagnitude) steps (choose it from the task: memory must outlast a document).
 */
export function slowModeCounts(fps: Pick<FixedPointsData, "count" | "stateSize" | "eigRe" | "eigIm" | "continuous">, minMagnitude: number): SlowModeCounts {
  if (!(minMagnitude > 0 && minMagnitude < 1)) throw new Error(`slowModeCounts: minMagnitude must lie in (0, 1), got ${minMagnitude}.`);
  const mags = eigenMagnitudes(fps);
  return { counts: mags.map((m) => m.filter((v) => v >= minMagnitude).length), minMagnitude, minTimeConstant: -1 / Math.log(minMagnitude) };
}

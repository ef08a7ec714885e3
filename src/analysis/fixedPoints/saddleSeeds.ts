/**
 * Initial states for finding the saddles between neighbouring stable fixed points.
 *
 * A search seeded only from sampled trajectory states finds however many saddles happen to lie
 * near those samples, so a saddle count then measures the search rather than the network. The
 * saddle that separates two neighbouring attractors (one flipped bit of a flip-flop memory) sits
 * on the boundary of their basins; the straight segment between the two attractors crosses that
 * boundary. We locate the crossing by bisection (which end does the network settle on?) and seed
 * the search there, with jittered copies and a few points spread along the segment.
 */
import { Rng } from "../../core/random";

/** Pairs [i, j] (i < j) of equal-length codes that differ in exactly one position: the edges of a cube of memories. */
export function oneBitNeighbours(codes: readonly string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      const a = codes[i]!;
      const b = codes[j]!;
      if (a.length !== b.length) {
        throw new Error(`oneBitNeighbours: codes ${JSON.stringify(a)} and ${JSON.stringify(b)} differ in length; pass one code per point, all of one length.`);
      }
      let diff = 0;
      for (let c = 0; c < a.length; c++) if (a[c] !== b[c]) diff++;
      if (diff === 1) pairs.push([i, j]);
    }
  }
  return pairs;
}

export interface SaddleSeedOptions {
  /** Seed of the jitter. */
  readonly seed: number;
  /** Fractions of the way from point a to point b at which further seeds lie. Default [0.25, 0.5, 0.75]. */
  readonly fractions?: readonly number[];
  /** Jittered copies of each located boundary point. Default 4. */
  readonly jittered?: number;
  /** Std of the jitter, relative to the pair's distance ‖b − a‖. Default 0.05. */
  readonly jitter?: number;
  /**
   * Runs the network on from `count` states (row-major [count, S]) under the search's input and
   * returns where they end; without it no boundary is located and only the segment seeds are made.
   */
  readonly settle?: (states: Float64Array, count: number) => Float64Array;
  /** Bisection steps on each segment. Default 12 (the boundary to 2⁻¹² of the segment). */
  readonly bisections?: number;
}

export interface SaddleSeeds {
  /** Initial states, row-major [count, S]. */
  readonly states: Float64Array;
  readonly count: number;
  /** Which pair (index into the pairs passed) each seed came from. */
  readonly pair: Int32Array;
  /**
   * Per pair, the located basin boundary as a fraction of the way from a to b, or NaN when it was
   * not located (no `settle`, or the segment passes through a third basin first).
   */
  readonly boundary: Float64Array;
}

function nearest(x: Float64Array, off: number, points: Float64Array, S: number, K: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let k = 0; k < K; k++) {
    let d = 0;
    for (let i = 0; i < S; i++) d += (x[off + i]! - points[k * S + i]!) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/**
 * Seeds between each pair of `points` (row-major [K, S], e.g. the stable fixed points): for each
 * pair its basin-boundary point (when `settle` is given) and `jittered` noisy copies of it, then the
 * points at `fractions` of the segment. All pairs are bisected together, one `settle` call per step.
 */
export function saddleSeeds(points: Float64Array, stateSize: number, pairs: ReadonlyArray<readonly [number, number]>, opts: SaddleSeedOptions): SaddleSeeds {
  const S = stateSize;
  if (!Number.isInteger(S) || S < 1) throw new Error(`saddleSeeds: stateSize must be a positive integer, got ${S}.`);
  if (points.length % S !== 0) throw new Error(`saddleSeeds: ${points.length} values are not a whole number of ${S}-dimensional points.`);
  const K = points.length / S;
  for (const [a, b] of pairs) {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < K && b < K && a !== b)) {
      throw new Error(`saddleSeeds: pair [${a}, ${b}] must name two different points in [0, ${K}).`);
    }
  }
  const fractions = opts.fractions ?? [0.25, 0.5, 0.75];
  if (fractions.some((f) => !(f > 0 && f < 1))) throw new Error(`saddleSeeds: fractions must lie strictly between 0 and 1, got ${JSON.stringify(fractions)}.`);
  const jittered = opts.jittered ?? 4;
  const jitter = opts.jitter ?? 0.05;
  const bisections = opts.bisections ?? 12;
  if (!Number.isInteger(jittered) || jittered < 0 || !(jitter >= 0) || !Number.isInteger(bisections) || bisections < 1) {
    throw new Error("saddleSeeds: jittered must be an integer ≥ 0, jitter ≥ 0 and bisections an integer ≥ 1.");
  }
  const P = pairs.length;
  const along = (p: number, t: number, out: Float64Array, off: number): void => {
    const [a, b] = pairs[p]!;
    for (let i = 0; i < S; i++) out[off + i] = (1 - t) * points[a * S + i]! + t * points[b * S + i]!;
  };

  // Bisection on every segment at once: lo settles on a, hi on b; stop a pair when the midpoint settles elsewhere.
  const boundary = new Float64Array(P).fill(NaN);
  if (opts.settle && P > 0) {
    const lo = new Float64Array(P);
    const hi = new Float64Array(P).fill(1);
    const live = new Uint8Array(P).fill(1);
    const mids = new Float64Array(P * S);
    for (let step = 0; step < bisections; step++) {
      for (let p = 0; p < P; p++) along(p, (lo[p]! + hi[p]!) / 2, mids, p * S);
      const ends = opts.settle(mids, P);
      if (ends.length !== P * S) throw new Error(`saddleSeeds: settle returned ${ends.length} values for ${P} states of size ${S}; return [count, S].`);
      for (let p = 0; p < P; p++) {
        if (!live[p]) continue;
        const k = nearest(ends, p * S, points, S, K);
        const mid = (lo[p]! + hi[p]!) / 2;
        if (k === pairs[p]![0]) lo[p] = mid;
        else if (k === pairs[p]![1]) hi[p] = mid;
        else live[p] = 0;
      }
    }
    for (let p = 0; p < P; p++) if (live[p]) boundary[p] = (lo[p]! + hi[p]!) / 2;
  }

  const rng = new Rng(opts.seed);
  const rows: number[] = [];
  const out: number[] = [];
  const tmp = new Float64Array(S);
  for (let p = 0; p < P; p++) {
    const [a, b] = pairs[p]!;
    let len = 0;
    for (let i = 0; i < S; i++) len += (points[b * S + i]! - points[a * S + i]!) ** 2;
    const sd = jitter * Math.sqrt(len);
    if (!Number.isNaN(boundary[p]!)) {
      along(p, boundary[p]!, tmp, 0);
      out.push(...tmp);
      rows.push(p);
      for (let r = 0; r < jittered; r++) {
        for (let i = 0; i < S; i++) out.push(tmp[i]! + rng.normal(0, sd));
        rows.push(p);
      }
    }
    for (const f of fractions) {
      along(p, f, tmp, 0);
      out.push(...tmp);
      rows.push(p);
    }
  }
  return { states: Float64Array.from(out), count: rows.length, pair: Int32Array.from(rows), boundary };
}

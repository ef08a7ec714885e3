/**
 * Initial states for finding the saddles between neighbouring stable fixed points.
 *
 * A search seeded only from sampled trajectory states finds however many saddles happen to lie
 * near those samples, so a saddle count then measures the search rather than the network. The
 * saddle that separates two neighbouring attractors (one flipped bit of a flip-flop memory) sits
 * on the boundary of their basins; the straight segment between the two attractors crosses that
 * boundary. We locate the crossing by bisection (which end does the network settle on?) and seed
 * the search there, with jittered copies and a few points spread along the segment.
 *
 * The crossing can lie far from the saddle along the boundary, where the q-minimisation may stop
 * at a slow point instead. Edge tracking (Skufca, Yorke & Eckhardt 2006) walks it there: run the
 * two bracketing states on together (the boundary is invariant, and within it an index-1 saddle
 * attracts), re-bisect between them when they drift apart along the unstable mode, repeat. The
 * bracket's midpoint after each round is a further seed, ever closer to the saddle.
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
  /**
   * Edge tracking: runs `count` states (row-major [count, S]) on for `steps` steps under the
   * search's input and returns where they are. With it (and `settle`) each located boundary is
   * tracked for `trackSteps` steps of the dynamics; without it no tracking is done.
   */
  readonly advance?: (states: Float64Array, count: number, steps: number) => Float64Array;
  /** Steps of the dynamics each boundary is tracked for. Default 400. */
  readonly trackSteps?: number;
  /** Tracked points kept as seeds per pair: at most one per 1/trackSeeds of trackSteps (the last at the end, or where the bracket came to rest). Default 6. */
  readonly trackSeeds?: number;
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
  /** Per pair, the steps of the dynamics it was tracked for (less than trackSteps when a midpoint settled on a third point). */
  readonly tracked: Int32Array;
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
 * pair its basin-boundary point (when `settle` is given), `jittered` noisy copies of it, the
 * edge-tracked points (when `advance` is given too), then the points at `fractions` of the segment.
 * All pairs are bisected together, one `settle` call per step.
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
  // ‖b − a‖ per pair: the scale of the bracket tolerances and of the jitter.
  const len = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const [a, b] = pairs[p]!;
    let d = 0;
    for (let i = 0; i < S; i++) d += (points[b * S + i]! - points[a * S + i]!) ** 2;
    len[p] = Math.sqrt(d);
  }
  const along = (p: number, t: number, out: Float64Array, off: number): void => {
    const [a, b] = pairs[p]!;
    for (let i = 0; i < S; i++) out[off + i] = (1 - t) * points[a * S + i]! + t * points[b * S + i]!;
  };

  const trackSteps = opts.advance ? (opts.trackSteps ?? 400) : 0;
  const trackSeeds = opts.trackSeeds ?? 6;
  if (!Number.isInteger(trackSteps) || trackSteps < 0 || !Number.isInteger(trackSeeds) || trackSeeds < 1) {
    throw new Error("saddleSeeds: trackSteps must be an integer ≥ 0 and trackSeeds an integer ≥ 1.");
  }
  const settle = opts.settle;
  const settleChecked = (xs: Float64Array, n: number): Float64Array => {
    const ends = settle!(xs, n);
    if (ends.length !== n * S) throw new Error(`saddleSeeds: settle returned ${ends.length} values for ${n} states of size ${S}; return [count, S].`);
    return ends;
  };
  // Bisection between two states per pair, the live pairs `need` selects at once (one settle call
  // per step): lo settles on a, hi on b; a pair stops (live = 0) when a midpoint settles on a third point.
  const bisect = (lo: Float64Array, hi: Float64Array, live: Uint8Array, steps: number, need: (p: number) => boolean = () => true): void => {
    const ps = Array.from({ length: P }, (_, p) => p).filter((p) => live[p] === 1 && need(p));
    const mids = new Float64Array(ps.length * S);
    for (let step = 0; step < steps && ps.length > 0; step++) {
      ps.forEach((p, r) => {
        for (let i = 0; i < S; i++) mids[r * S + i] = 0.5 * (lo[p * S + i]! + hi[p * S + i]!);
      });
      const ends = settleChecked(mids, ps.length);
      ps.forEach((p, r) => {
        if (!live[p]) return;
        const k = nearest(ends, r * S, points, S, K);
        const dst = k === pairs[p]![0] ? lo : k === pairs[p]![1] ? hi : null;
        if (dst) dst.set(mids.subarray(r * S, (r + 1) * S), p * S);
        else live[p] = 0;
      });
    }
  };

  // Edge tracking, per pair: advance the bracket by s steps; if it opened wider than OPEN of the
  // segment (the unstable mode has grown too far to bisect back reliably) undo and halve s, else
  // keep it, bisect it shut again (to TIGHT) and double s when it barely opened. A pair is done when
  // its bracket has stopped moving (it sits on the saddle: less than STILL of the segment per step).
  // Pairs advance in groups of equal s, so each advance call is one batch.
  const OPEN = 0.05;
  const STILL = 1e-6;
  const TIGHT = 2 ** -bisections;
  const MAX_S = 64;
  const track = (lo: Float64Array, hi: Float64Array, live: Uint8Array, per: number[][]): void => {
    const gap = (p: number): number => {
      let d = 0;
      for (let i = 0; i < S; i++) d += (hi[p * S + i]! - lo[p * S + i]!) ** 2;
      return Math.sqrt(d) / len[p]!;
    };
    const step = new Int32Array(P).fill(1);
    const nextSeed = new Int32Array(P).fill(1);
    const moved = new Int32Array(P);
    const done = new Uint8Array(P);
    const mid = (p: number): number[] => Array.from({ length: S }, (_, i) => 0.5 * (lo[p * S + i]! + hi[p * S + i]!));
    const prev = Array.from({ length: P }, (_, p) => mid(p));
    const active = (p: number) => live[p] === 1 && done[p] === 0 && tracked[p]! < trackSteps;
    while (Array.from({ length: P }, (_, p) => p).some(active)) {
      const groups = new Map<number, number[]>();
      for (let p = 0; p < P; p++) {
        if (!active(p)) continue;
        const sp = Math.min(step[p]!, trackSteps - tracked[p]!);
        const g = groups.get(sp);
        if (g) g.push(p);
        else groups.set(sp, [p]);
      }
      for (const [sp, ps] of groups) {
        const n = ps.length;
        const both = new Float64Array(2 * n * S);
        ps.forEach((p, r) => {
          both.set(lo.subarray(p * S, (p + 1) * S), r * S);
          both.set(hi.subarray(p * S, (p + 1) * S), (n + r) * S);
        });
        const ahead = opts.advance!(both, 2 * n, sp);
        if (ahead.length !== 2 * n * S) throw new Error(`saddleSeeds: advance returned ${ahead.length} values for ${2 * n} states of size ${S}; return [count, S].`);
        ps.forEach((p, r) => {
          const saveLo = lo.slice(p * S, (p + 1) * S);
          const saveHi = hi.slice(p * S, (p + 1) * S);
          lo.set(ahead.subarray(r * S, (r + 1) * S), p * S);
          hi.set(ahead.subarray((n + r) * S, (n + r + 1) * S), p * S);
          const g = gap(p);
          if (g > OPEN && sp > 1) {
            lo.set(saveLo, p * S);
            hi.set(saveHi, p * S);
            step[p] = Math.max(1, sp >> 1);
            return;
          }
          tracked[p] = tracked[p]! + sp;
          moved[p] = sp;
          if (g < OPEN / 8) step[p] = Math.min(MAX_S, 2 * sp);
        });
      }
      // Shut every bracket that moved and opened past TIGHT (one settle call per bisection step).
      const open = (p: number) => moved[p]! > 0 && gap(p) > TIGHT;
      let worst = 0;
      for (let p = 0; p < P; p++) if (live[p] && open(p)) worst = Math.max(worst, gap(p));
      if (worst > TIGHT) bisect(lo, hi, live, Math.min(60, Math.ceil(Math.log2(worst / TIGHT))), open);
      for (let p = 0; p < P; p++) {
        if (!live[p] || moved[p] === 0) continue;
        const m = mid(p);
        let d = 0;
        for (let i = 0; i < S; i++) d += (m[i]! - prev[p]![i]!) ** 2;
        const still = Math.sqrt(d) / (len[p]! * moved[p]!) < STILL;
        prev[p] = m;
        moved[p] = 0;
        if (still) {
          done[p] = 1;
          per[p]!.push(...m);
          continue;
        }
        // One seed per milestone passed (a long advance may pass several: one seed for them).
        let passed = false;
        while (nextSeed[p]! <= trackSeeds && tracked[p]! >= (nextSeed[p]! * trackSteps) / trackSeeds) {
          passed = true;
          nextSeed[p] = nextSeed[p]! + 1;
        }
        if (passed) per[p]!.push(...m);
      }
    }
  };

  const boundary = new Float64Array(P).fill(NaN);
  const tracked = new Int32Array(P);
  const seedsOf: Float64Array[] = Array.from({ length: P }, () => new Float64Array(0));
  if (settle && P > 0) {
    const lo = new Float64Array(P * S);
    const hi = new Float64Array(P * S);
    for (let p = 0; p < P; p++) {
      along(p, 0, lo, p * S);
      along(p, 1, hi, p * S);
    }
    const live = new Uint8Array(P).fill(1);
    bisect(lo, hi, live, bisections);
    // The boundary as a fraction of the segment (lo and hi still lie on it).
    for (let p = 0; p < P; p++) {
      if (!live[p]) continue;
      const [a, b] = pairs[p]!;
      let num = 0, den = 0;
      for (let i = 0; i < S; i++) {
        const d = points[b * S + i]! - points[a * S + i]!;
        num += (0.5 * (lo[p * S + i]! + hi[p * S + i]!) - points[a * S + i]!) * d;
        den += d * d;
      }
      boundary[p] = num / den;
    }
    const per: number[][] = Array.from({ length: P }, () => []);
    if (trackSteps > 0) track(lo, hi, live, per);
    for (let p = 0; p < P; p++) seedsOf[p] = Float64Array.from(per[p]!);
  }

  const rng = new Rng(opts.seed);
  const rows: number[] = [];
  const out: number[] = [];
  const tmp = new Float64Array(S);
  for (let p = 0; p < P; p++) {
    const sd = jitter * len[p]!;
    if (!Number.isNaN(boundary[p]!)) {
      along(p, boundary[p]!, tmp, 0);
      out.push(...tmp);
      rows.push(p);
      for (let r = 0; r < jittered; r++) {
        for (let i = 0; i < S; i++) out.push(tmp[i]! + rng.normal(0, sd));
        rows.push(p);
      }
      out.push(...seedsOf[p]!);
      for (let r = 0; r < seedsOf[p]!.length / S; r++) rows.push(p);
    }
    for (const f of fractions) {
      along(p, f, tmp, 0);
      out.push(...tmp);
      rows.push(p);
    }
  }
  return { states: Float64Array.from(out), count: rows.length, pair: Int32Array.from(rows), boundary, tracked };
}

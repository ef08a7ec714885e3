/**
 * The search a careful expert runs when all they have is a network and an input: initial states
 * from every place a fixed point can hide, a second pass seeded between the attractors, and a report
 * of where each group of initial states ended.
 *
 * Why several sources (measured on FixedPointFinder's 16-unit tanh flip-flop example, whose authors'
 * finder reports 8 stable points, 12 index-1 saddles and 7 higher-index points):
 * - states on the task's trajectories with little noise all fall into the 8 attractors (256 of 256);
 *   the saddles and the centre need starts away from the trajectories (FixedPointFinder's own
 *   example adds noise of 0.5, about half the trajectories' spread);
 * - a Gaussian cloud at the origin, with no task, finds unstable points only: tanh units start
 *   unsaturated, far from the memories at the cube's corners;
 * - free runs from random states end on attractors whether or not a task visits them;
 * - the saddle between two attractors sits on their basin boundary, which the segment between them
 *   crosses (saddleSeeds locates and tracks it).
 */
import type { Model } from "../../core/types";
import { Rng } from "../../core/random";
import { runModel, stateSize } from "../../models";
import type { Task } from "../../tasks/types";
import { FixedPoints } from "./FixedPoints";
import { FixedPointOptions, FixedPointSearch, findFixedPointsDetailed } from "./findFixedPoints";
import { saddleSeeds } from "./saddleSeeds";
import { sampleStates } from "./sampleStates";

/** One group of initial states and where its members ended. */
export interface SourceReport {
  readonly source: string;
  readonly states: number;
  /** Ended at a kept point of each kind (within tolUnique of it). */
  readonly stable: number;
  readonly index1: number;
  readonly higherIndex: number;
  readonly slow: number;
  /** Did not reach tolQ and did not stop at a local minimum of q: not a point, not reported. */
  readonly unconverged: number;
  /** Converged to a point that was dropped (distance outlier) or to none kept. */
  readonly elsewhere: number;
}

export interface DefaultSearchOptions extends Omit<FixedPointOptions, "inits" | "inputs"> {
  /** The constant input (inputSize values). Default zeros. */
  readonly input?: ArrayLike<number>;
  /** A task whose validation trajectories seed the search (optional). */
  readonly task?: Pick<Task, "name" | "inputSize" | "validation">;
  /** Your own initial states [K, S]: used instead of the default sources. */
  readonly initStates?: ArrayLike<number>;
  /** Seed of every random draw. Default 0. */
  readonly seed?: number;
  /** States per default source. Default 256. */
  readonly perSource?: number;
  /** Search between the stable points of the first pass (default true). */
  readonly saddleSearch?: boolean;
}

export interface DefaultSearch {
  /** Every fixed and slow point found (unconverged searches are not points and are not here). */
  readonly points: FixedPoints;
  /** Where each source's initial states ended. */
  readonly report: ReadonlyArray<SourceReport>;
  /** Initial states used, in all. */
  readonly initialStates: number;
  readonly unconverged: number;
  readonly seconds: number;
}

interface Source {
  name: string;
  states: Float64Array;
}

/** Mean and root-mean-square spread of a cloud of states [n, S]. */
function centreAndSpread(x: ArrayLike<number>, S: number): { c: Float64Array; r: number } {
  const n = x.length / S;
  const c = new Float64Array(S);
  for (let k = 0; k < n; k++) for (let i = 0; i < S; i++) c[i]! += x[k * S + i]! / n;
  let v = 0;
  for (let k = 0; k < n; k++) for (let i = 0; i < S; i++) v += (x[k * S + i]! - c[i]!) ** 2;
  return { c, r: Math.sqrt(v / Math.max(1, n * S)) };
}

/** Runs `count` states on for `steps` steps under the constant input; returns the end states. */
function advanceUnder(model: Model, u: Float64Array, states: Float64Array, count: number, steps: number): Float64Array {
  const I = model.spec.inputSize;
  const S = stateSize(model.spec);
  const inputs = new Float32Array(count * steps * I);
  for (let b = 0; b < count; b++) for (let t = 0; t < steps; t++) for (let m = 0; m < I; m++) inputs[(b * steps + t) * I + m] = u[m]!;
  const run = runModel(model, inputs, { batch: count, time: steps, h0: states });
  const out = new Float64Array(count * S);
  for (let b = 0; b < count; b++) for (let i = 0; i < S; i++) out[b * S + i] = run.states[(b * steps + steps - 1) * S + i]!;
  return out;
}

function gaussianCloud(rng: Rng, c: Float64Array, scale: number, n: number): Float64Array {
  const S = c.length;
  const out = new Float64Array(n * S);
  for (let k = 0; k < n; k++) for (let i = 0; i < S; i++) out[k * S + i] = c[i]! + rng.normal(0, scale);
  return out;
}

/** The default initial-state sources (see the module comment). */
function defaultSources(model: Model, u: Float64Array, o: DefaultSearchOptions): Source[] {
  const S = stateSize(model.spec);
  const n = o.perSource ?? 256;
  const rng = new Rng(o.seed ?? 0);
  const sources: Source[] = [];
  let ref: { c: Float64Array; r: number } = { c: new Float64Array(S), r: 1 };
  if (o.task) {
    const trials = o.task.validation();
    const run = runModel(model, trials.inputs, { batch: trials.batch, time: trials.time, ...(trials.h0 ? { h0: trials.h0 } : {}) });
    const traj = { data: run.states, shape: [trials.batch, trials.time, S] as [number, number, number] };
    ref = centreAndSpread(run.states, S);
    sources.push({ name: `${o.task.name} trajectories`, states: sampleStates(traj, n, { seed: rng.int(0, 2 ** 31 - 1) }).states });
    sources.push({ name: `${o.task.name} trajectories + noise 0.5×spread`, states: sampleStates(traj, n, { noise: 0.5 * ref.r, seed: rng.int(0, 2 ** 31 - 1) }).states });
  }
  // Free runs: 200 steps under the input from a wide cloud; their ends sit on attractors, their paths
  // (sampled with noise, as the trajectories above) on the way there.
  // Half start around the visited region, half from a wide cloud at the origin (σ ≥ 1, the range of
  // tanh-like units): attractors the task never visits lie outside the visited region.
  const FREE_STEPS = 200;
  const half = Math.floor(n / 2);
  let cRms = 0;
  for (const v of ref.c) cRms += v * v / S;
  const wide = Math.max(1, 2 * ref.r + Math.sqrt(cRms));
  const starts = new Float64Array(n * S);
  starts.set(gaussianCloud(rng, ref.c, 2 * ref.r, half));
  starts.set(gaussianCloud(rng, new Float64Array(S), wide, n - half), half * S);
  const I = model.spec.inputSize;
  const inputs = new Float32Array(n * FREE_STEPS * I);
  for (let b = 0; b < n; b++) for (let t = 0; t < FREE_STEPS; t++) for (let m = 0; m < I; m++) inputs[(b * FREE_STEPS + t) * I + m] = u[m]!;
  const free = runModel(model, inputs, { batch: n, time: FREE_STEPS, h0: starts });
  const ends = new Float64Array(n * S);
  for (let b = 0; b < n; b++) for (let i = 0; i < S; i++) ends[b * S + i] = free.states[(b * FREE_STEPS + FREE_STEPS - 1) * S + i]!;
  const finite = (x: Float64Array): Float64Array => {
    const keep: number[] = [];
    for (let k = 0; k < x.length / S; k++) if (x.subarray(k * S, (k + 1) * S).every(Number.isFinite)) keep.push(k);
    return Float64Array.from(keep.flatMap((k) => Array.from(x.subarray(k * S, (k + 1) * S))));
  };
  sources.push({ name: "ends of free runs from random states", states: finite(ends) });
  // The random clouds span whichever is wider: the visited region or the free runs' ends.
  const freeRef = centreAndSpread(finite(ends), S);
  const scale = Math.max(o.task ? ref.r : 0, freeRef.r) || 1;
  const validMask = Array.from({ length: n * FREE_STEPS }, (_, i) => (free.states.subarray(i * S, (i + 1) * S).every(Number.isFinite) ? 1 : 0));
  if (validMask.some((v) => v)) {
    sources.push({
      name: "free-run paths + noise 0.5×spread",
      states: sampleStates({ data: free.states, shape: [n, FREE_STEPS, S] }, n, { noise: 0.5 * scale, seed: rng.int(0, 2 ** 31 - 1), validMask }).states,
    });
  }
  // Random states at three scales around the visited region (or the origin, with no task).
  const c = o.task ? ref.c : freeRef.c;
  const third = Math.ceil(n / 3);
  for (const s of [0.5, 1, 2]) sources.push({ name: `random states, ${s}×spread`, states: gaussianCloud(rng, c, s * scale, third) });
  return sources.filter((s) => s.states.length > 0);
}

/** Where each source's states ended (optimised point k of `all` belongs to the source at its offset). */
function reportOf(sources: Source[], search: FixedPointSearch, kept: FixedPoints, tolUnique: number): SourceReport[] {
  const all = search.all;
  const S = all.stateSize;
  const isFixed = all.isFixed;
  const isSlow = all.isSlow;
  const nUnstable = kept.count > 0 ? kept.nUnstable : new Int32Array(0);
  const keptSlow = kept.isSlow;
  let offset = 0;
  return sources.map((src) => {
    const count = src.states.length / S;
    const r = { source: src.name, states: count, stable: 0, index1: 0, higherIndex: 0, slow: 0, unconverged: 0, elsewhere: 0 };
    for (let k = offset; k < offset + count; k++) {
      if (!isFixed[k] && !isSlow[k]) {
        r.unconverged++;
        continue;
      }
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < kept.count; j++) {
        let d = 0;
        for (let i = 0; i < S; i++) d += (all.xstar[k * S + i]! - kept.xstar[j * S + i]!) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      // 10× the dedup radius: a duplicate of a kept point lies within tolUnique of some duplicate.
      if (best < 0 || Math.sqrt(bestD) > 10 * tolUnique) r.elsewhere++;
      else if (keptSlow[best]) r.slow++;
      else if (nUnstable[best] === 0) r.stable++;
      else if (nUnstable[best] === 1) r.index1++;
      else r.higherIndex++;
    }
    offset += count;
    return r;
  });
}

/**
 * Finds the fixed and slow points of `model` under one constant input with the default sources (or
 * your `initStates`), then searches between the stable points it found. Unconverged searches are
 * counted, never reported as points.
 */
export function searchFixedPoints(model: Model, o: DefaultSearchOptions = {}): DefaultSearch {
  const t0 = performance.now();
  const S = stateSize(model.spec);
  const I = model.spec.inputSize;
  const u = Float64Array.from(o.input ?? new Array<number>(I).fill(0));
  if (u.length !== I) throw new Error(`searchFixedPoints: the input has ${u.length} values; the network takes ${I} inputs.`);
  if (!u.every(Number.isFinite)) throw new Error("searchFixedPoints: the input has a non-finite value; give finite numbers.");
  if (o.task && o.task.inputSize !== I) throw new Error(`searchFixedPoints: task "${o.task.name}" has ${o.task.inputSize} inputs, the network ${I}.`);
  const { input: _i, task: _t, initStates, perSource: _p, saddleSearch, ...fpOptions } = o;
  void _i, _t, _p;
  const tolUnique = fpOptions.tolUnique ?? 1e-3;

  const sources: Source[] = initStates !== undefined ? [{ name: "given initial states", states: Float64Array.from(initStates) }] : defaultSources(model, u, o);
  const run = (srcs: Source[]): FixedPointSearch => {
    const K = srcs.reduce((s, x) => s + x.states.length / S, 0);
    const inits = new Float64Array(K * S);
    let off = 0;
    for (const x of srcs) {
      inits.set(x.states, off);
      off += x.states.length;
    }
    return findFixedPointsDetailed(model, { ...fpOptions, inits, inputs: u });
  };
  const first = run(sources);
  const keep = (fps: FixedPoints): FixedPoints => fps.filter(fps.isFixed.map((f, k) => f || fps.isSlow[k]!));
  let points = keep(first.unique);
  const report = reportOf(sources, first, points, tolUnique);

  if ((saddleSearch ?? true) && initStates === undefined && points.count > 0) {
    const stable = points.filter(points.isStable.map((s, k) => s && points.isFixed[k]!));
    const P = stable.count;
    if (P >= 2) {
      // All pairs up to 16 attractors (120 segments); beyond that each one's 4 nearest neighbours.
      const pairs: Array<[number, number]> = [];
      if (P <= 16) {
        for (let a = 0; a < P; a++) for (let b = a + 1; b < P; b++) pairs.push([a, b]);
      } else {
        const seen = new Set<string>();
        for (let a = 0; a < P; a++) {
          const d = Array.from({ length: P }, (_, b) => {
            let s = 0;
            for (let i = 0; i < S; i++) s += (stable.xstar[a * S + i]! - stable.xstar[b * S + i]!) ** 2;
            return [s, b] as const;
          }).sort((x, y) => x[0] - y[0]);
          for (const [, b] of d.slice(1, 5)) {
            const key = a < b ? `${a},${b}` : `${b},${a}`;
            if (!seen.has(key)) {
              seen.add(key);
              pairs.push(a < b ? [a, b] : [b, a]);
            }
          }
        }
      }
      const seeds = saddleSeeds(stable.xstar, S, pairs, {
        seed: o.seed ?? 0,
        settle: (x, count) => advanceUnder(model, u, x, count, 400),
        advance: (x, count, steps) => advanceUnder(model, u, x, count, steps),
      });
      const saddleSource: Source = { name: `between ${P} stable points (${pairs.length} segments)`, states: seeds.states };
      let second: FixedPointSearch | null = null;
      try {
        second = run([saddleSource]);
      } catch {
        second = null; // no point survived from the segments: the first pass stands
      }
      if (second) {
        const found = keep(second.unique);
        points = found.count > 0 ? points.merge(found).deduplicate(tolUnique) : points;
        report.push(...reportOf([saddleSource], second, points, tolUnique));
      } else {
        report.push({ source: saddleSource.name, states: seeds.count, stable: 0, index1: 0, higherIndex: 0, slow: 0, unconverged: 0, elsewhere: seeds.count });
      }
    }
  }
  const total = report.reduce((s, r) => s + r.states, 0);
  return { points, report, initialStates: total, unconverged: report.reduce((s, r) => s + r.unconverged, 0), seconds: (performance.now() - t0) / 1000 };
}

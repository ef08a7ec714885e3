/**
 * Initial states for the fixed-point search, drawn from the network's own trajectories (so the
 * search stays in the region the network visits), plus optional Gaussian noise.
 */
import { Rng } from "../../core/random";

/** States [B, T, S] row-major (e.g. runModel(...).states with its batch and time). */
export interface StateTrajectories {
  readonly data: ArrayLike<number>;
  readonly shape: readonly [number, number, number];
}

export interface SampleStatesOptions {
  /** Std of i.i.d. Gaussian noise added to every sampled state. Default 0. */
  noise?: number;
  /** Seed of the draw (default 0). */
  seed?: number;
  /** [B, T] (or [B·T]) mask: only (trial, time) pairs with a truthy entry are drawn. Default: all. */
  validMask?: ArrayLike<number | boolean>;
}

export interface SampledStates {
  /** [n, S] float64. */
  readonly states: Float64Array;
  readonly count: number;
  readonly stateSize: number;
  /** Trial and time index of each draw (to pair states with the inputs at those steps). */
  readonly trials: Int32Array;
  readonly times: Int32Array;
}

/** n draws, uniformly over the valid (trial, time) pairs with replacement (as FixedPointFinder). */
export function sampleStates(traj: StateTrajectories, nInits: number, opts: SampleStatesOptions = {}): SampledStates {
  const [B, T, S] = traj.shape;
  if (![B, T, S].every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error(`sampleStates: shape must be three positive integers [B, T, S], got [${traj.shape.join(", ")}].`);
  }
  if (traj.data.length !== B * T * S) {
    throw new Error(`sampleStates: data has ${traj.data.length} values but shape [${B}, ${T}, ${S}] needs ${B * T * S}.`);
  }
  if (!(Number.isInteger(nInits) && nInits > 0)) {
    throw new Error(`sampleStates: nInits must be a positive integer, got ${nInits}.`);
  }
  const noise = opts.noise ?? 0;
  if (!(noise >= 0)) throw new Error(`sampleStates: noise must be ≥ 0, got ${noise}.`);
  const valid: number[] = [];
  if (opts.validMask) {
    if (opts.validMask.length !== B * T) {
      throw new Error(`sampleStates: validMask has ${opts.validMask.length} entries, expected B·T = ${B * T}.`);
    }
    for (let i = 0; i < B * T; i++) if (opts.validMask[i]) valid.push(i);
    if (valid.length === 0) throw new Error("sampleStates: validMask selects no (trial, time) pair.");
  }
  const nValid = opts.validMask ? valid.length : B * T;
  const rng = new Rng(opts.seed ?? 0);
  const states = new Float64Array(nInits * S);
  const trials = new Int32Array(nInits);
  const times = new Int32Array(nInits);
  for (let n = 0; n < nInits; n++) {
    const j = rng.int(0, nValid - 1);
    const bt = opts.validMask ? valid[j]! : j;
    trials[n] = Math.floor(bt / T);
    times[n] = bt % T;
    for (let i = 0; i < S; i++) {
      const v = traj.data[bt * S + i]!;
      if (!Number.isFinite(v)) {
        throw new Error(
          `sampleStates: state (trial ${trials[n]}, time ${times[n]}, unit ${i}) is ${v}; the trajectories diverged. ` +
            `Pass validMask to exclude them or fix the network.`,
        );
      }
      states[n * S + i] = v + (noise > 0 ? rng.normal(0, noise) : 0);
    }
  }
  return { states, count: nInits, stateSize: S, trials, times };
}

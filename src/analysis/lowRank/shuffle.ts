/**
 * Shuffling W0 (Schuessler et al. 2020, claim 3): permute all N² entries of W0 at random, which keeps
 * its entry distribution and spectral statistics but destroys any correlation with ΔW, then add the
 * learned ΔW back. A large loss means ΔW only works together with this particular W0.
 */
import { Rng } from "../../core/random";
import type { DenseMatrix, MatrixLike } from "../linalg/matrix";
import { toDense } from "../linalg/matrix";
import { addScaled } from "./matrices";
import type { ConnectivityChange } from "./connectivityChange";
import type { RecurrentLossFn } from "./truncation";

/** Uniform random permutation of 0..n−1 (Fisher–Yates, seeded). */
export function randomPermutation(n: number, seed: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randomPermutation: n must be a non-negative integer, got ${n}.`);
  const rng = new Rng(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** All entries of m randomly permuted (same multiset of values, same shape); reproducible by seed. */
export function shuffleEntries(m: MatrixLike, seed: number): DenseMatrix {
  const a = toDense(m, "shuffleEntries");
  const p = randomPermutation(a.data.length, seed);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[p[i]!]!;
  return { rows: a.rows, cols: a.cols, data: out };
}

export interface ShuffleLoss {
  /** Loss of shuffle(W0) + ΔW, one per shuffle seed. */
  readonly loss: number[];
  readonly mean: number;
  /** Loss of the trained W (for reference). */
  readonly lossTrained: number;
}

/** Loss after shuffling W0 and adding ΔW, for each seed (default one seed, 0). */
export function shuffleLoss(change: ConnectivityChange, loss: RecurrentLossFn, opts: { seeds?: ReadonlyArray<number> } = {}): ShuffleLoss {
  const seeds = opts.seeds ?? [0];
  if (seeds.length === 0) throw new Error("shuffleLoss: give at least one seed.");
  const ws = seeds.map((s) => addScaled(shuffleEntries(change.w0, s), change.delta));
  const values = Array.from(loss([...ws, change.w]));
  if (values.length !== ws.length + 1) throw new Error(`shuffleLoss: the loss callback returned ${values.length} values for ${ws.length + 1} matrices.`);
  const l = values.slice(0, ws.length);
  return { loss: l, mean: l.reduce((x, y) => x + y, 0) / l.length, lossTrained: values[ws.length]! };
}

/**
 * Per-network bookkeeping of a training run (mutable while training, saved in snapshots).
 */
import type { NetworkHistory, StopReason } from "./types";

export interface NetState {
  lr: number;
  bestLoss: number;
  bestEpoch: number;
  /** Epochs since the last improvement. */
  sinceImprovement: number;
  improvements: number;
  stopReason: StopReason | null;
  epochs: number;
  updates: number;
  restores: number;
  lastLoss: number;
  accuracy: number;
  error?: string;
}

export function newNetState(lr: number): NetState {
  return {
    lr,
    bestLoss: Infinity,
    bestEpoch: -1,
    sinceImprovement: 0,
    improvements: 0,
    stopReason: null,
    epochs: 0,
    updates: 0,
    restores: 0,
    lastLoss: NaN,
    accuracy: NaN,
  };
}

export function newHistory(): NetworkHistory {
  return { loss: [], gradNorm: [], lr: [], validation: [], restores: [] };
}

/** Copy network i's slice of every array from src into dst (same layout). */
export function copyNetwork(
  dst: Record<string, Float32Array>,
  src: Readonly<Record<string, Float32Array>>,
  networks: number,
  i: number,
): void {
  for (const name of Object.keys(src)) {
    const s = src[name]!;
    const per = s.length / networks;
    dst[name]!.set(s.subarray(i * per, (i + 1) * per), i * per);
  }
}

/** Network i's arrays (copies, one-network shape). */
export function sliceNetwork(arrays: Readonly<Record<string, Float32Array>>, networks: number, i: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(arrays)) {
    const a = arrays[name]!;
    const per = a.length / networks;
    out[name] = a.slice(i * per, (i + 1) * per);
  }
  return out;
}

/** The stacked arrays of the networks listed in `which` (in that order). */
export function gatherNetworks(arrays: Readonly<Record<string, Float32Array>>, networks: number, which: ReadonlyArray<number>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(arrays)) {
    const a = arrays[name]!;
    const per = a.length / networks;
    const o = new Float32Array(per * which.length);
    which.forEach((i, k) => o.set(a.subarray(i * per, (i + 1) * per), k * per));
    out[name] = o;
  }
  return out;
}

/** Inverse of gatherNetworks into full-size zero-filled arrays. */
export function scatterNetworks(
  compact: Readonly<Record<string, Float32Array>>,
  networks: number,
  which: ReadonlyArray<number>,
): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(compact)) {
    const c = compact[name]!;
    const per = c.length / which.length;
    const o = new Float32Array(per * networks);
    which.forEach((i, k) => o.set(c.subarray(k * per, (k + 1) * per), i * per));
    out[name] = o;
  }
  return out;
}

export function cloneArrays(arrays: Readonly<Record<string, Float32Array>>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(arrays)) out[name] = arrays[name]!.slice();
  return out;
}

/**
 * Saving and loading FixedPoints: `.npz` (NumPy-readable, same container as networks; float64
 * arrays with their shapes, scalar metadata as a JSON string in `meta_json`) or `.json`.
 * Writes are atomic.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../../io/atomic";
import { readNpz, writeNpz } from "../../io/npz";
import type { NdArray } from "../../io/ndarray";
import { FIXED_POINT_ARRAY_FIELDS, FixedPoints, FixedPointsData } from "./FixedPoints";

const KIND = "rnn-atlas/FixedPoints";

/** Named arrays with shapes (npz-like), plus the scalar metadata. */
export function fixedPointsToArrays(fps: FixedPoints): Record<string, { data: Float64Array | Int32Array | Uint8Array; shape: number[] }> {
  const { count: K, stateSize: S, inputSize: I } = fps;
  const shapes: Record<string, number[]> = {
    xstar: [K, S],
    inputs: [K, I],
    xinit: [K, S],
    q: [K],
    iterations: [K],
    gradNorm: [K],
    F: [K, S],
    J: [K, S, S],
    Ju: [K, S, I],
    eigRe: [K, S],
    eigIm: [K, S],
    rightRe: [K, S, S],
    rightIm: [K, S, S],
    leftRe: [K, S, S],
    leftIm: [K, S, S],
  };
  const out: Record<string, { data: Float64Array | Int32Array | Uint8Array; shape: number[] }> = {};
  for (const f of FIXED_POINT_ARRAY_FIELDS) {
    const arr = fps[f as keyof FixedPoints] as unknown as Float64Array | Int32Array | undefined;
    if (arr) out[f] = { data: arr, shape: shapes[f]! };
  }
  const meta = JSON.stringify({ kind: KIND, version: 1, ...fps.meta(), count: K });
  const bytes = new TextEncoder().encode(meta);
  out.meta_json = { data: bytes, shape: [bytes.length] };
  return out;
}

export function fixedPointsFromArrays(arrays: Readonly<Record<string, { data: ArrayLike<number> }>>): FixedPoints {
  const m = arrays.meta_json;
  if (!m) throw new Error("fixedPointsFromArrays: no meta_json entry; this is not a saved FixedPoints record.");
  const meta = JSON.parse(new TextDecoder().decode(Uint8Array.from(m.data))) as Record<string, unknown>;
  if (meta.kind !== KIND) throw new Error(`fixedPointsFromArrays: meta_json kind is ${String(meta.kind)}, expected ${KIND}.`);
  const data: Record<string, unknown> = { ...meta };
  delete data.kind;
  delete data.version;
  for (const f of FIXED_POINT_ARRAY_FIELDS) {
    const a = arrays[f];
    if (!a) continue;
    data[f] = f === "iterations" ? Int32Array.from(a.data) : Float64Array.from(a.data);
  }
  return new FixedPoints(data as unknown as FixedPointsData);
}

/** Save to `.npz` (default) or `.json` by extension. */
export function saveFixedPoints(path: string, fps: FixedPoints): void {
  if (path.endsWith(".json")) {
    writeFileAtomic(path, JSON.stringify(fps.toJSON()));
    return;
  }
  if (!path.endsWith(".npz")) throw new Error(`saveFixedPoints: use a .npz or .json path, got "${path}".`);
  writeNpz(path, fixedPointsToArrays(fps));
}

export function loadFixedPoints(path: string): FixedPoints {
  if (!fs.existsSync(path)) throw new Error(`loadFixedPoints: no file at "${path}".`);
  if (path.endsWith(".json")) return FixedPoints.fromJSON(JSON.parse(fs.readFileSync(path, "utf8")));
  const arrays = readNpz(path) as Record<string, NdArray>;
  return fixedPointsFromArrays(arrays as unknown as Record<string, { data: ArrayLike<number> }>);
}

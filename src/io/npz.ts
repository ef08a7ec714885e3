/**
 * NumPy .npz: a zip of `<key>.npy` entries. Writes stored (uncompressed) entries like np.savez;
 * reads np.savez and np.savez_compressed files.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic";
import type { NdArray, NdArrayLike } from "./ndarray";
import { encodeNpy, parseNpy } from "./npy";
import { decodeZip, encodeZip } from "./zip";

/** Parse .npz bytes into key -> array (keys without the .npy suffix, in archive order). */
export function parseNpz(bytes: Uint8Array, label = "npz"): Record<string, NdArray> {
  const out: Record<string, NdArray> = {};
  for (const [entry, data] of decodeZip(bytes, label)) {
    const key = entry.endsWith(".npy") ? entry.slice(0, -4) : entry;
    out[key] = parseNpy(data, `${label}: array "${key}"`);
  }
  return out;
}

/** Encode key -> array as .npz bytes (stored entries; keys in the given order). */
export function encodeNpz(arrays: Readonly<Record<string, NdArrayLike>>): Uint8Array {
  return encodeZip(Object.entries(arrays).map(([k, a]) => [`${k}.npy`, encodeNpy(a, k)] as const));
}

export function readNpz(file: string): Record<string, NdArray> {
  return parseNpz(fs.readFileSync(file), file);
}

/** Write a .npz file atomically. */
export function writeNpz(file: string, arrays: Readonly<Record<string, NdArrayLike>>): void {
  writeFileAtomic(file, encodeNpz(arrays));
}

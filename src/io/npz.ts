/**
 * NumPy .npz: a zip of `<key>.npy` entries. Writes stored (uncompressed) entries like np.savez;
 * reads np.savez and np.savez_compressed files. Every entry's .npy header is read, and checked
 * against its declared size, before anything is inflated: a small compressed file cannot make the
 * reader allocate gigabytes before it finds out the arrays are wrong.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { writeFileAtomic } from "./atomic";
import type { Dtype, NdArray, NdArrayLike } from "./ndarray";
import { encodeNpy, parseNpy, parseNpyHeader } from "./npy";
import { encodeZip, inflateZipEntry, peekZipEntry, zipEntries } from "./zip";

/** What an archive declares of one array before it is read. */
export interface DeclaredArray {
  dtype: Dtype;
  shape: number[];
}

/** Above this many declared bytes, a compression ratio over BOMB_RATIO is refused. */
const BOMB_MIN_BYTES = 256 * 2 ** 20;
const BOMB_RATIO = 100;

export interface NpzReadOptions {
  /** Read a large archive even when it compresses over 100:1 (refused by default as a likely decompression bomb). */
  allowHighRatio?: boolean;
  /** Called with every array's declared dtype and shape before anything is inflated; throw to refuse the file. */
  checkDeclared?: (declared: Readonly<Record<string, DeclaredArray>>) => void;
}

/** Uncompressed bytes one archive may declare in all: a quarter of this machine's memory. */
export function npzByteLimit(): number {
  return Math.floor(os.totalmem() / 4);
}

const keyOf = (entry: string): string => (entry.endsWith(".npy") ? entry.slice(0, -4) : entry);

function gib(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}

/** Parse .npz bytes into key -> array (keys without the .npy suffix, in archive order). */
export function parseNpz(bytes: Uint8Array, label = "npz", opts: NpzReadOptions = {}): Record<string, NdArray> {
  const entries = zipEntries(bytes, label);
  const total = entries.reduce((s, e) => s + e.size, 0);
  const limit = npzByteLimit();
  if (total > limit) {
    throw new Error(
      `${label}: its arrays declare ${gib(total)} uncompressed (from ${gib(bytes.length)} on disk), more than a quarter of this ` +
        `machine's memory (${gib(os.totalmem())}); refused before inflating. If the file is genuine, load it on a machine with more memory.`,
    );
  }
  // Deflate reaches ~1000:1 only on runs of equal bytes; trained weights compress to ~0.9 of their size.
  // A large archive that claims such a ratio is a decompression bomb, not a network.
  const ratio = total / Math.max(1, bytes.length);
  if (total > BOMB_MIN_BYTES && ratio > BOMB_RATIO && !opts.allowHighRatio) {
    throw new Error(
      `${label}: its arrays declare ${gib(total)} uncompressed from ${gib(bytes.length)} on disk (${ratio.toFixed(0)}:1); weights and ` +
        `trajectories do not compress like that, so it was refused before inflating. If the file is genuine (e.g. mostly zeros), ` +
        `read it with readNpz(file, { allowHighRatio: true }).`,
    );
  }
  const declared: Record<string, DeclaredArray> = {};
  for (const e of entries) {
    const key = keyOf(e.name);
    const what = `${label}: array "${key}"`;
    // Header length sits at bytes 8-9 (v1) or 8-11 (v2/3); read enough to cover it.
    const first = peekZipEntry(e, 12, label);
    const headerLen = first.length >= 10 && first[6] === 1 ? first[8]! | (first[9]! << 8) : first.length >= 12 ? new DataView(first.buffer, first.byteOffset).getUint32(8, true) : 0;
    const head = parseNpyHeader(peekZipEntry(e, Math.min(e.size, 12 + headerLen), label), what);
    const need = head.dataStart + head.dataBytes;
    if (e.size < need) {
      throw new Error(`${what}: truncated: shape [${head.shape.join(", ")}] ${head.dtype} needs ${need} bytes, the archive holds ${e.size}.`);
    }
    if (e.size > need + 4096) {
      throw new Error(`${what}: the archive holds ${e.size} bytes, ${e.size - need} more than its header [${head.shape.join(", ")}] ${head.dtype} declares (corrupt file).`);
    }
    declared[key] = { dtype: head.dtype, shape: head.shape };
  }
  opts.checkDeclared?.(declared);
  const out: Record<string, NdArray> = {};
  for (const e of entries) out[keyOf(e.name)] = parseNpy(inflateZipEntry(e, label), `${label}: array "${keyOf(e.name)}"`);
  return out;
}

/** Encode key -> array as .npz bytes (stored entries; keys in the given order). */
export function encodeNpz(arrays: Readonly<Record<string, NdArrayLike>>): Uint8Array {
  return encodeZip(Object.entries(arrays).map(([k, a]) => [`${k}.npy`, encodeNpy(a, k)] as const));
}

export function readNpz(file: string, opts: NpzReadOptions = {}): Record<string, NdArray> {
  return parseNpz(fs.readFileSync(file), file, opts);
}

/** Write a .npz file atomically. */
export function writeNpz(file: string, arrays: Readonly<Record<string, NdArrayLike>>): void {
  writeFileAtomic(file, encodeNpz(arrays));
}

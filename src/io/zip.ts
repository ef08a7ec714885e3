/**
 * Just enough ZIP for .npz: write stored (uncompressed) entries; read stored and deflated entries
 * through the central directory (zip64 size fields, as Python's zipfile writes them, are read;
 * archives needing a zip64 end record are rejected).
 */
import * as zlib from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Build a zip archive of stored entries (fixed timestamp 1980-01-01 so output is reproducible). */
export function encodeZip(entries: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    if (data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error(`zip: entry "${name}" needs zip64 (over 4 GiB); not supported.`);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4); // version needed
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(0, 8); // stored
    lh.writeUInt16LE(0, 10); // time
    lh.writeUInt16LE(0x21, 12); // date 1980-01-01
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nameBytes.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(0, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nameBytes.length, 28);
    ch.writeUInt32LE(0x81a40000, 38); // external attrs: regular file 0644
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBytes, data);
    centrals.push(ch, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cdSize = centrals.reduce((s, b) => s + b.length, 0);
  if (entries.length > 0xffff) throw new Error("zip: more than 65535 entries needs zip64; not supported.");
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, eocd]);
}

/** One entry of a zip archive as its central directory declares it (nothing inflated yet). */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate */
  method: number;
  crc: number;
  /** Uncompressed size the directory declares. */
  size: number;
  /** The entry's compressed bytes. */
  raw: Uint8Array;
}

/** The entries of a zip archive, read from its central directory without inflating anything. */
export function zipEntries(bytes: Uint8Array, label = "zip"): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${label}: not a zip archive, or truncated (no end-of-central-directory record).`);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new Error(`${label}: zip64 archive (over 65535 entries or 4 GiB) is not supported.`);
  }
  if (cdOffset + cdSize > eocd) throw new Error(`${label}: truncated or corrupt zip (central directory out of range).`);
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${label}: corrupt zip central directory (entry ${e}).`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    let csize = buf.readUInt32LE(p + 20);
    let usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x0800 ? "utf8" : "latin1", p + 46, p + 46 + nameLen);
    // zip64 extended information (header id 1): present fields in order usize, csize, offset.
    let q = p + 46 + nameLen;
    const extraEnd = q + extraLen;
    while (q + 4 <= extraEnd) {
      const id = buf.readUInt16LE(q);
      const len = buf.readUInt16LE(q + 2);
      if (id === 0x0001) {
        let r = q + 4;
        const take = (): number => {
          const v = Number(buf.readBigUInt64LE(r));
          r += 8;
          return v;
        };
        if (usize === 0xffffffff) usize = take();
        if (csize === 0xffffffff) csize = take();
        if (local === 0xffffffff) local = take();
      }
      q += 4 + len;
    }
    if (flags & 0x1) throw new Error(`${label}: entry "${name}" is encrypted; not supported.`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) {
      throw new Error(`${label}: truncated or corrupt zip (local header of "${name}" missing).`);
    }
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + csize > buf.length) throw new Error(`${label}: truncated zip: entry "${name}" needs ${csize} bytes past offset ${dataStart}, file has ${buf.length}.`);
    if (method !== 0 && method !== 8) throw new Error(`${label}: entry "${name}" uses compression method ${method}; only stored (0) and deflate (8) are supported.`);
    if (method === 0 && csize !== usize) throw new Error(`${label}: stored entry "${name}" has ${csize} bytes; the directory says ${usize} (corrupt file).`);
    out.push({ name, method, crc, size: usize, raw: buf.subarray(dataStart, dataStart + csize) });
    p = extraEnd + commentLen;
  }
  return out;
}

/**
 * The first bytes of an entry (up to `n`), inflating only what they need, so a header inside can be
 * read before the whole entry is: a deflated entry is fed in small pieces until n bytes come out.
 */
export function peekZipEntry(e: ZipEntry, n: number, label = "zip"): Uint8Array {
  if (e.method === 0) return e.raw.subarray(0, Math.min(n, e.raw.length));
  // Deflate expands at most ~1032:1, so n output bytes need at least n/1032 input bytes; feeding
  // 256-byte pieces bounds the output of one piece to ~264 KB whatever the entry is.
  const inflater = zlib.inflateRawSync;
  let got = new Uint8Array(0);
  for (let take = 256; got.length < n; take *= 2) {
    const piece = e.raw.subarray(0, Math.min(take, e.raw.length));
    try {
      got = inflater(piece, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(n, 1) * 2 + 300_000 });
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") break;
      throw new Error(`${label}: entry "${e.name}" is corrupt (deflate failed: ${(err as Error).message}).`);
    }
    if (piece.length === e.raw.length) break;
  }
  return got.subarray(0, Math.min(n, got.length));
}

/** An entry's uncompressed bytes; never inflates past the size the directory declares. */
export function inflateZipEntry(e: ZipEntry, label = "zip"): Uint8Array {
  let data: Uint8Array;
  if (e.method === 0) data = e.raw;
  else {
    try {
      data = zlib.inflateRawSync(e.raw, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new Error(`${label}: entry "${e.name}" inflates past the ${e.size} bytes its directory declares (corrupt or malicious file).`);
      }
      throw new Error(`${label}: entry "${e.name}" is corrupt (deflate failed: ${(err as Error).message}).`);
    }
  }
  if (data.length !== e.size) throw new Error(`${label}: entry "${e.name}" has ${data.length} bytes; the directory says ${e.size} (corrupt file).`);
  if (crc32(data) !== e.crc) throw new Error(`${label}: entry "${e.name}" fails its CRC check (corrupt file).`);
  return data;
}

/** Entries of a zip archive, name -> uncompressed bytes, in central-directory order. */
export function decodeZip(bytes: Uint8Array, label = "zip"): Map<string, Uint8Array> {
  return new Map(zipEntries(bytes, label).map((e) => [e.name, inflateZipEntry(e, label)]));
}

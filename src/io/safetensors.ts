/**
 * safetensors: 8-byte little-endian header length, a JSON header
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, padded with
 * spaces to a multiple of 8, then the little-endian tensor bytes (offsets relative to the data start).
 * F16 and BF16 tensors are read as float32.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic";
import { type Dtype, ITEMSIZE, type NdArray, type NdArrayLike, dataBytes, fromBytes, shapeSize, toNdArray } from "./ndarray";

const ST_OF: Record<Dtype, string> = {
  float32: "F32",
  float64: "F64",
  int64: "I64",
  int32: "I32",
  int16: "I16",
  int8: "I8",
  uint64: "U64",
  uint32: "U32",
  uint16: "U16",
  uint8: "U8",
  bool: "BOOL",
};
const DTYPE_OF: Record<string, Dtype> = Object.fromEntries(Object.entries(ST_OF).map(([k, v]) => [v, k as Dtype]));

export interface Safetensors {
  tensors: Record<string, NdArray>;
  metadata: Record<string, string>;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

export function parseSafetensors(bytes: Uint8Array, label = "safetensors"): Safetensors {
  if (bytes.length < 8) throw new Error(`${label}: truncated safetensors file (${bytes.length} bytes, no header).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw new Error(`${label}: truncated safetensors file (header of ${n} bytes, file has ${bytes.length - 8}).`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString("utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${label}: safetensors header is not valid JSON (${(e as Error).message}).`);
  }
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: Record<string, NdArray> = {};
  // Byte ranges taken so far: two tensors may not share bytes (the format forbids it, and a loader
  // that allowed it would make one tensor a silent copy of another).
  const ranges: Array<{ name: string; begin: number; end: number }> = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") {
      for (const [k, v] of Object.entries((info ?? {}) as Record<string, unknown>)) metadata[k] = String(v);
      continue;
    }
    const t = info as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    if (!t || !Array.isArray(t.shape) || !Array.isArray(t.data_offsets) || typeof t.dtype !== "string") {
      throw new Error(`${label}: tensor "${name}" has a malformed header entry ${JSON.stringify(info)}.`);
    }
    const [begin, end] = t.data_offsets;
    const count = shapeSize(t.shape);
    if (!(begin >= 0 && end >= begin && end <= dataLen)) {
      throw new Error(`${label}: tensor "${name}" [${t.shape.join(", ")}] data [${begin}, ${end}) lies outside the ${dataLen} data bytes (truncated file?).`);
    }
    const clash = end > begin ? ranges.find((r) => begin < r.end && r.begin < end) : undefined;
    if (clash) {
      throw new Error(
        `${label}: tensors "${clash.name}" [${clash.begin}, ${clash.end}) and "${name}" [${begin}, ${end}) overlap in the data section; ` +
          `each tensor must own its bytes. The file is corrupt or was not written by a safetensors writer: re-save it with safetensors.torch.save_file.`,
      );
    }
    ranges.push({ name, begin, end });
    const raw = bytes.subarray(dataStart + begin, dataStart + end);
    if (t.dtype === "F16" || t.dtype === "BF16") {
      if (raw.length !== count * 2) throw new Error(`${label}: tensor "${name}" [${t.shape.join(", ")}] ${t.dtype} needs ${count * 2} bytes, has ${raw.length}.`);
      const out = new Float32Array(count);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const u32 = new Uint32Array(1);
      const f32 = new Float32Array(u32.buffer);
      for (let i = 0; i < count; i++) {
        const h = dv.getUint16(2 * i, true);
        if (t.dtype === "F16") out[i] = halfToFloat(h);
        else {
          u32[0] = h << 16;
          out[i] = f32[0]!;
        }
      }
      tensors[name] = { dtype: "float32", shape: t.shape, data: out };
      continue;
    }
    const dtype = DTYPE_OF[t.dtype];
    if (!dtype) throw new Error(`${label}: tensor "${name}" has unsupported dtype ${t.dtype} (supported: ${Object.keys(DTYPE_OF).join(", ")}, F16, BF16).`);
    if (raw.length !== count * ITEMSIZE[dtype]) {
      throw new Error(`${label}: tensor "${name}" [${t.shape.join(", ")}] ${t.dtype} needs ${count * ITEMSIZE[dtype]} bytes, its offsets give ${raw.length}.`);
    }
    tensors[name] = { dtype, shape: t.shape, data: fromBytes(dtype, raw, count) };
  }
  return { tensors, metadata };
}

/** Encode tensors (+ string metadata) as safetensors bytes; tensors are laid out in name order. */
export function encodeSafetensors(tensors: Readonly<Record<string, NdArrayLike>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of Object.keys(tensors).sort()) {
    if (name === "__metadata__") throw new Error(`safetensors: "__metadata__" is reserved and cannot name a tensor.`);
    const a = toNdArray(tensors[name]!, name);
    const b = dataBytes(a);
    header[name] = { dtype: ST_OF[a.dtype], shape: [...a.shape], data_offsets: [offset, offset + b.length] };
    parts.push(b);
    offset += b.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.from(json, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length), 0);
  return Buffer.concat([len, head, ...parts]);
}

export function readSafetensors(file: string): Safetensors {
  return parseSafetensors(fs.readFileSync(file), file);
}

/** Write a .safetensors file atomically. */
export function writeSafetensors(file: string, tensors: Readonly<Record<string, NdArrayLike>>, metadata?: Readonly<Record<string, string>>): void {
  writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

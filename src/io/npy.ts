/**
 * NumPy .npy format (versions 1, 2, 3): magic "\x93NUMPY", version, header length, a Python dict
 * literal {'descr', 'fortran_order', 'shape'} padded to 64 bytes, then the raw C-order data.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic";
import { type Dtype, ITEMSIZE, type NdArray, type NdArrayLike, dataBytes, fromBytes, shapeSize, toNdArray } from "./ndarray";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** NumPy descr (without byte-order char) -> dtype. */
const DESCR: Record<string, Dtype> = {
  f4: "float32",
  f8: "float64",
  i8: "int64",
  i4: "int32",
  i2: "int16",
  i1: "int8",
  u8: "uint64",
  u4: "uint32",
  u2: "uint16",
  u1: "uint8",
  b1: "bool",
};

const DESCR_OF: Record<Dtype, string> = {
  float32: "<f4",
  float64: "<f8",
  int64: "<i8",
  int32: "<i4",
  int16: "<i2",
  int8: "|i1",
  uint64: "<u8",
  uint32: "<u4",
  uint16: "<u2",
  uint8: "|u1",
  bool: "|b1",
};

/** What an .npy header declares, and where its data starts. */
export interface NpyHeader {
  dtype: Dtype;
  shape: number[];
  /** Offset of the first data byte. */
  dataStart: number;
  /** Bytes of data the header declares. */
  dataBytes: number;
  littleEndian: boolean;
}

/**
 * The header of .npy bytes; `bytes` may be only the file's beginning (the header is read without
 * the data, so an archive can be checked before it is inflated).
 */
export function parseNpyHeader(bytes: Uint8Array, name = "npy"): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${name}: not a NumPy .npy file (missing the \\x93NUMPY magic bytes).`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error(`${name}: truncated .npy header.`);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new Error(`${name}: unsupported .npy format version ${major}.${bytes[7]} (supported: 1.0, 2.0, 3.0).`);
  }
  if (start + headerLen > bytes.length) {
    throw new Error(`${name}: truncated .npy file (header says ${headerLen} header bytes, file has ${bytes.length - start}).`);
  }
  const header = Buffer.from(bytes.subarray(start, start + headerLen)).toString(major === 3 ? "utf8" : "latin1");
  const descrM = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortranM = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeM = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descrM || !fortranM || !shapeM) {
    throw new Error(`${name}: unsupported .npy header ${header.trim()} (structured dtypes are not supported).`);
  }
  if (fortranM[1] === "True") {
    throw new Error(`${name}: Fortran-order arrays are not supported; save with np.ascontiguousarray(a) (C order).`);
  }
  const descr = descrM[1]!;
  const order = descr[0]!;
  const dtype = DESCR[descr.slice(1)];
  if (!dtype || !"<>|=".includes(order)) {
    throw new Error(
      `${name}: unsupported dtype '${descr}'; supported: float32, float64, int64, int32, int16, int8, uint64..uint8, bool. ` +
        `Convert with a.astype(np.float32).`,
    );
  }
  const shape = shapeM[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => Number(s.replace(/L$/, "")));
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${name}: invalid shape (${shapeM[1]}).`);
  return { dtype, shape, dataStart: start + headerLen, dataBytes: shapeSize(shape) * ITEMSIZE[dtype], littleEndian: order !== ">" };
}

/** Parse .npy bytes. `name` labels errors (e.g. the npz entry). */
export function parseNpy(bytes: Uint8Array, name = "npy"): NdArray {
  const { dtype, shape, dataStart, dataBytes: need, littleEndian } = parseNpyHeader(bytes, name);
  const count = shapeSize(shape);
  if (bytes.length - dataStart < need) {
    throw new Error(
      `${name}: truncated .npy data: shape [${shape.join(", ")}] ${dtype} needs ${need} bytes, file has ${bytes.length - dataStart}.`,
    );
  }
  const data = fromBytes(dtype, bytes.subarray(dataStart, dataStart + need), count, littleEndian);
  return { dtype, shape, data };
}

/** Encode an array as .npy bytes (version 1.0, or 2.0 for very long headers). */
export function encodeNpy(x: NdArrayLike, name = "array"): Uint8Array {
  const a = toNdArray(x, name);
  const shapeStr = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(", ")})`;
  let dict = `{'descr': '${DESCR_OF[a.dtype]}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // Pad so that data starts at a multiple of 64 bytes (NumPy's alignment); header ends with \n.
  let version = 1;
  let pre = 10;
  let total = pre + dict.length + 1;
  if (total + ((64 - (total % 64)) % 64) - pre > 0xffff) {
    version = 2;
    pre = 12;
    total = pre + dict.length + 1;
  }
  dict += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = Buffer.from(dict, "latin1");
  const out = new Uint8Array(pre + head.length + a.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  out.set(head, pre);
  out.set(dataBytes(a), pre + head.length);
  return out;
}

/** Read a .npy file. */
export function readNpy(file: string): NdArray {
  return parseNpy(fs.readFileSync(file), file);
}

/** Write a .npy file atomically. */
export function writeNpy(file: string, x: NdArrayLike): void {
  writeFileAtomic(file, encodeNpy(x, file));
}

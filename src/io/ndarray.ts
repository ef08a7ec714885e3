/**
 * A minimal n-dimensional array for file I/O: typed data + shape + dtype (C order).
 */
export type Dtype =
  | "float32"
  | "float64"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint64"
  | "uint32"
  | "uint16"
  | "uint8"
  | "bool";

export type TypedData =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

export interface NdArray {
  readonly dtype: Dtype;
  readonly shape: ReadonlyArray<number>;
  readonly data: TypedData;
}

/** What the writers accept: an NdArray, or a bare typed array (1-D, dtype from its class). */
export type NdArrayLike = NdArray | TypedData | { data: TypedData; shape?: ReadonlyArray<number>; dtype?: Dtype };

export const ITEMSIZE: Record<Dtype, number> = {
  float32: 4,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint64: 8,
  uint32: 4,
  uint16: 2,
  uint8: 1,
  bool: 1,
};

type Ctor = { new (buf: ArrayBuffer, off?: number, len?: number): TypedData; new (n: number): TypedData };

export const CTOR: Record<Dtype, Ctor> = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint64: BigUint64Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as unknown as Record<Dtype, Ctor>;

export function shapeSize(shape: ReadonlyArray<number>): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function dtypeOf(data: TypedData): Dtype {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof BigUint64Array) return "uint64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Uint8Array) return "uint8";
  throw new Error(`Unsupported array type ${Object.prototype.toString.call(data)}; use a typed array.`);
}

/** Normalise writer input to an NdArray and check data length against the shape. */
export function toNdArray(x: NdArrayLike, name = "array"): NdArray {
  const isTyped = ArrayBuffer.isView(x);
  const data = (isTyped ? x : (x as { data: TypedData }).data) as TypedData;
  if (!ArrayBuffer.isView(data)) throw new Error(`${name}: data must be a typed array.`);
  const shape = isTyped ? [data.length] : ((x as { shape?: ReadonlyArray<number> }).shape ?? [data.length]);
  const dtype = isTyped ? dtypeOf(data) : ((x as { dtype?: Dtype }).dtype ?? dtypeOf(data));
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${name}: invalid shape [${shape.join(", ")}].`);
  if (shapeSize(shape) !== data.length) {
    throw new Error(`${name}: shape [${shape.join(", ")}] needs ${shapeSize(shape)} values but data has ${data.length}.`);
  }
  if (dtype !== dtypeOf(data) && !(dtype === "bool" && data instanceof Uint8Array)) {
    throw new Error(`${name}: dtype "${dtype}" does not match its data (${dtypeOf(data)}).`);
  }
  return { dtype, shape: [...shape], data };
}

/** Little-endian bytes of the data (a copy). */
export function dataBytes(a: NdArray): Uint8Array {
  return new Uint8Array(a.data.buffer.slice(a.data.byteOffset, a.data.byteOffset + a.data.byteLength));
}

/** Typed data of `dtype` from little-endian bytes (copied, so alignment does not matter). */
export function fromBytes(dtype: Dtype, bytes: Uint8Array, count: number, littleEndian = true): TypedData {
  const size = ITEMSIZE[dtype];
  // new Uint8Array(view) copies; Buffer#slice would not (it returns a view into a shared pool).
  const copy = new Uint8Array(bytes.subarray(0, count * size));
  if (!littleEndian && size > 1) {
    for (let i = 0; i < count; i++) copy.subarray(i * size, (i + 1) * size).reverse();
  }
  return new CTOR[dtype](copy.buffer, 0, count);
}

/** Values as float64 numbers (int64 via Number(); exact up to 2^53). */
export function toFloat64(a: NdArray): Float64Array {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(a.data[i]!);
  return out;
}

/** Values as float32 (for model parameters). */
export function toFloat32(a: NdArray): Float32Array {
  if (a.data instanceof Float32Array) return a.data.slice();
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(a.data[i]!);
  return out;
}

/** Data-first channel accessors shared by the chart helpers (in the style of Observable Plot). */

/**
 * How a chart reads one value from each datum: a property name (`"loss"`), a tuple index (`0`),
 * or a function `(d, i) => value`.
 */
export type Channel<T> = string | number | ((d: T, i: number) => unknown);

export function readChannel<T>(data: readonly T[], channel: Channel<T>, name: string): unknown[] {
  if (typeof channel === "function") return data.map((d, i) => channel(d, i));
  return data.map((d, i) => {
    if (d == null || typeof d !== "object") {
      throw new TypeError(`Channel ${name}: datum ${i} is ${d === null ? "null" : typeof d}, not an object or tuple; pass ${name} as a function (d, i) => value.`);
    }
    return (d as any)[channel];
  });
}

/** Reads a numeric channel; a clear error names the first bad datum. */
export function readNumbers<T>(data: readonly T[], channel: Channel<T>, name: string): number[] {
  return readChannel(data, channel, name).map((v, i) => {
    const x = typeof v === "bigint" ? Number(v) : v;
    if (typeof x !== "number") {
      throw new TypeError(`Channel ${name} (${describeChannel(channel)}): datum ${i} gives ${JSON.stringify(v)}, expected a number.`);
    }
    return x;
  });
}

export function describeChannel(c: Channel<any>): string {
  return typeof c === "function" ? "function" : JSON.stringify(c);
}

/** Default label of a channel: its name when it is a property, else the axis letter. */
export function channelLabel(c: Channel<any> | undefined, fallback: string): string {
  return typeof c === "string" ? c : fallback;
}

export function isNumberArrayLike(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return true;
  return Array.isArray(v) && (v.length === 0 || typeof v[0] === "number");
}

/** True when `v` looks like a matrix-like numeric grid (number[][] or typed-array rows). */
export function isNumberGrid(v: unknown): v is ArrayLike<ArrayLike<number>> {
  return Array.isArray(v) && v.length > 0 && v.every((r) => isNumberArrayLike(r) && r.length === (v[0] as ArrayLike<number>).length);
}

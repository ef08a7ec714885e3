/** Small formatting helpers that keep outputs compact. */
import { inspect } from "node:util";

/** Rounds to `digits` significant digits (keeps integers, NaN and ±Infinity as they are). */
export function roundSig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0 || Number.isInteger(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Indices 0..n-1 thinned to at most `max` evenly spaced ones, always keeping the first and last. */
export function sampleIndices(n: number, max: number): number[] {
  if (!(max >= 2)) throw new RangeError(`maxPoints must be at least 2, got ${max}.`);
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

/** util.inspect text used as the fallback `text/plain` of any value. */
export function inspectText(value: unknown): string {
  return inspect(value, { depth: 2, maxArrayLength: 20, maxStringLength: 2000, breakLength: 100 });
}

/** "[3, 4] float32"-style short number list. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : String(roundSig(x, 4));
}

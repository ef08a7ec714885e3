/** Shared checks for the task tests. */
import assert from "node:assert/strict";
import type { Trials } from "../../src/core/types";

export const inp = (tr: Trials, b: number, t: number, c: number): number => tr.inputs[(b * tr.time + t) * tr.inputSize + c]!;
export const tgt = (tr: Trials, b: number, t: number, c: number): number => tr.targets[(b * tr.time + t) * tr.outputSize + c]!;
export const msk = (tr: Trials, b: number, t: number, c: number): number => tr.mask[(b * tr.time + t) * tr.outputSize + c]!;

/** Steps t of trial b where input channel c is non-zero. */
export function inputSteps(tr: Trials, b: number, c: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < tr.time; t++) if (inp(tr, b, t, c) !== 0) out.push(t);
  return out;
}

/** Steps where target channel c is non-zero. */
export function targetSteps(tr: Trials, b: number, c: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < tr.time; t++) if (tgt(tr, b, t, c) !== 0) out.push(t);
  return out;
}

/** Steps where mask channel c is non-zero. */
export function maskSteps(tr: Trials, b: number, c: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < tr.time; t++) if (msk(tr, b, t, c) !== 0) out.push(t);
  return out;
}

export const rangeArr = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** Array shapes agree with batch/time/sizes; periods tile each trial's [0, time). */
export function assertWellFormed(tr: Trials): void {
  assert.equal(tr.inputs.length, tr.batch * tr.time * tr.inputSize);
  assert.equal(tr.targets.length, tr.batch * tr.time * tr.outputSize);
  assert.equal(tr.mask.length, tr.batch * tr.time * tr.outputSize);
  assert.equal(tr.meta.length, tr.batch);
  assert.equal(tr.periods.length, tr.batch);
  for (const arr of [tr.inputs, tr.targets, tr.mask]) for (const v of arr) assert.ok(Number.isFinite(v));
  for (const v of tr.mask) assert.ok(v === 0 || v === 1, "mask is 0/1");
  for (const ps of tr.periods) {
    assert.ok(ps.length > 0);
    for (const p of ps) assert.ok(p.start >= 0 && p.end <= tr.time && p.start <= p.end, `period ${p.name} in range`);
  }
}

/** Same seed → identical arrays and metadata. */
export function assertSame(a: Trials, b: Trials): void {
  assert.equal(a.time, b.time);
  assert.deepEqual(a.inputs, b.inputs);
  assert.deepEqual(a.targets, b.targets);
  assert.deepEqual(a.mask, b.mask);
  assert.deepEqual(a.meta, b.meta);
}

export function differs(a: Trials, b: Trials): boolean {
  if (a.inputs.length !== b.inputs.length) return true;
  for (let i = 0; i < a.inputs.length; i++) if (a.inputs[i] !== b.inputs[i]) return true;
  for (let i = 0; i < a.targets.length; i++) if (a.targets[i] !== b.targets[i]) return true;
  return false;
}

/** A copy of the targets with noise of std `s` on the masked entries. */
export function noisy(tr: Trials, s: number, seed = 3): Float32Array {
  let x = seed >>> 0;
  const rnd = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
  const out = Float32Array.from(tr.targets);
  for (let i = 0; i < out.length; i++) out[i] += s * (rnd() * 2 - 1);
  return out;
}

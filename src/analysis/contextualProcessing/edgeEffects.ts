/**
 * Document-edge effects (Maheswaranathan & Sussillo 2020, §3.3): words at the start of a document
 * and words just before the readout are integrated differently from words mid-document.
 *   first[p]: gain of a probe read at position p (after p fillers) from the initial state, against the
 *     same probe read from mid-document states (the line attractor);
 *   last[j]: gain of a probe read j steps before the readout, against the same probe read `settle`
 *     steps before it (long enough for transients to have gone).
 * Gains are least-squares slopes over probes (and states) of Δ = r(…probe…) − r(…filler…); 1 = no effect.
 */
import { checkStarts, checkToken, runTokens, type TokenSystem } from "./system";

export interface EdgeEffectOptions {
  /** The initial state of a document (the network's h₀). */
  readonly initial: ArrayLike<number>;
  /** Mid-document reference states (e.g. fixed points on the line attractor). */
  readonly starts: ReadonlyArray<ArrayLike<number>>;
  readonly probes: ReadonlyArray<number>;
  readonly filler: number;
  /** Positions 0..positions−1 from either edge. */
  readonly positions: number;
  /** Filler steps between a probe and the readout for the reference (and for `first`). */
  readonly settle: number;
}

export interface EdgeEffects {
  readonly positions: number[];
  /** Gain of a word at position p from the document start. */
  readonly first: number[];
  /** Gain of a word j steps before the readout (j = 0: the last word). */
  readonly last: number[];
}

export function edgeEffects(system: TokenSystem, o: EdgeEffectOptions): EdgeEffects {
  const who = "edgeEffects";
  checkStarts(system, [o.initial, ...o.starts], who);
  if (o.starts.length === 0) throw new Error(`${who}: give at least one mid-document reference state.`);
  if (o.probes.length === 0) throw new Error(`${who}: give at least one probe word (evidence words).`);
  [...o.probes, o.filler].forEach((t) => checkToken(t, system.vocabSize, who));
  if (!(Number.isInteger(o.positions) && o.positions >= 1)) throw new Error(`${who}: positions must be an integer ≥ 1, got ${o.positions}.`);
  if (!(Number.isInteger(o.settle) && o.settle >= o.positions)) throw new Error(`${who}: settle must be an integer ≥ positions (${o.positions}), got ${o.settle}.`);
  const fill = (n: number) => new Array<number>(n).fill(o.filler);
  const delta = (h: ArrayLike<number>, before: number, probe: number, after: number): number =>
    system.readout(runTokens(system, h, [...fill(before), probe, ...fill(after)])) - system.readout(runTokens(system, h, fill(before + 1 + after)));
  const slope = (xs: number[], ys: number[]): number => {
    let xy = 0, xx = 0;
    xs.forEach((x, i) => { xy += x * ys[i]!; xx += x * x; });
    if (!(xx > 0)) throw new Error(`${who}: the probe words contribute nothing to the readout; choose evidence words as probes.`);
    return xy / xx;
  };
  const positions = Array.from({ length: o.positions }, (_, p) => p);
  // Mid-document reference per probe: the mean contribution over the reference states.
  const ref = o.probes.map((w) => o.starts.reduce((s, h) => s + delta(h, 0, w, o.settle), 0) / o.starts.length);
  const first = positions.map((p) => slope(ref, o.probes.map((w) => delta(o.initial, p, w, o.settle))));
  const last = positions.map((j) => {
    const xs: number[] = [], ys: number[] = [];
    for (const h of o.starts) for (const w of o.probes) { xs.push(delta(h, 0, w, o.settle)); ys.push(delta(h, 0, w, j)); }
    return slope(xs, ys);
  });
  return { positions, first, last };
}

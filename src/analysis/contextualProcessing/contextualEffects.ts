/**
 * Contextual effects (Maheswaranathan & Sussillo 2020, §3): how a token changes the readout
 * contribution of a word read `lag` steps after it. From each start state, the contribution of a
 * probe word w at lag l is Δ = r(…w…) − r(…filler…) (the same sequence with a filler in w's place),
 * read `settle` filler steps after w (what the decision keeps). With the token first it is Δ_with,
 * with a filler first Δ_without. The gain at lag l is the least-squares slope of Δ_with on Δ_without
 * over starts and probes (1 = no context, −1 = a flip, 2 = doubled); the effect is gain − 1.
 */
import { checkStarts, checkToken, runTokens, type TokenSystem } from "./system";

export interface ContextualEffectOptions {
  /** Start states (e.g. fixed points along the line attractor). */
  readonly starts: ReadonlyArray<ArrayLike<number>>;
  /** The tokens whose effect is measured (modifiers, and ordinary words as controls). */
  readonly tokens: ReadonlyArray<number>;
  /** Probe words whose contributions are compared (evidence words of both signs). */
  readonly probes: ReadonlyArray<number>;
  /** The filler token (a neutral word). */
  readonly filler: number;
  /** Lags 1..maxLag. */
  readonly maxLag: number;
  /** Filler steps after the probe before the readout (default 0). */
  readonly settle?: number;
  /** Names of the measured tokens, carried to the figures (default "token <id>"). */
  readonly names?: ReadonlyArray<string>;
}

export interface ContextualEffects {
  readonly tokens: number[];
  readonly names: string[];
  readonly lags: number[];
  /** gain[i][l − 1]: the multiplicative effect of tokens[i] on a word at lag l. */
  readonly gain: number[][];
  /** effect = gain − 1 (0: no contextual effect). */
  readonly effect: number[][];
  /** Mean |Δ_without| per lag: the size of the contributions the slopes rest on. */
  readonly baseContribution: number[];
}

export function contextualEffects(system: TokenSystem, o: ContextualEffectOptions): ContextualEffects {
  const who = "contextualEffects";
  checkStarts(system, o.starts, who);
  if (o.tokens.length === 0) throw new Error(`${who}: give at least one token to measure.`);
  if (o.probes.length === 0) throw new Error(`${who}: give at least one probe word (evidence words).`);
  [...o.tokens, ...o.probes, o.filler].forEach((t) => checkToken(t, system.vocabSize, who));
  if (!(Number.isInteger(o.maxLag) && o.maxLag >= 1)) throw new Error(`${who}: maxLag must be an integer ≥ 1, got ${o.maxLag}.`);
  if (o.names && o.names.length !== o.tokens.length) throw new Error(`${who}: ${o.names.length} names for ${o.tokens.length} tokens.`);
  const settle = o.settle ?? 0;
  if (!(Number.isInteger(settle) && settle >= 0)) throw new Error(`${who}: settle must be an integer ≥ 0, got ${settle}.`);
  const lags = Array.from({ length: o.maxLag }, (_, i) => i + 1);
  const tail = new Array<number>(settle).fill(o.filler);
  const contribution = (h: Float64Array, probe: number): number =>
    system.readout(runTokens(system, h, [probe, ...tail])) - system.readout(runTokens(system, h, [o.filler, ...tail]));
  // Without the token: a filler first. Shared by every token.
  const without: number[][][] = lags.map((l) => o.starts.map((h0) => {
    const h = runTokens(system, h0, new Array<number>(l).fill(o.filler));
    return o.probes.map((p) => contribution(h, p));
  }));
  const baseContribution = without.map((rows) => mean(rows.flat().map(Math.abs)));
  const gain = o.tokens.map((m) => lags.map((l, li) => {
    let xy = 0, xx = 0;
    o.starts.forEach((h0, si) => {
      const h = runTokens(system, h0, [m, ...new Array<number>(l - 1).fill(o.filler)]);
      o.probes.forEach((p, pi) => {
        const x = without[li]![si]![pi]!;
        xy += contribution(h, p) * x;
        xx += x * x;
      });
    });
    if (!(xx > 0)) throw new Error(`${who}: the probe words contribute nothing to the readout at lag ${l}; choose evidence words as probes.`);
    return xy / xx;
  }));
  return { tokens: [...o.tokens], names: o.names ? [...o.names] : o.tokens.map((t) => `token ${t}`), lags, gain, effect: gain.map((row) => row.map((g) => g - 1)), baseContribution };
}

function mean(xs: number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

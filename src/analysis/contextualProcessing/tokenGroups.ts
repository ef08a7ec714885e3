/**
 * Grouping tokens by their contextual effect (the paper's modifier groups): the mean gain over the
 * first `window` lags decides — below 0 a flipper ("not"), above 1 + margin an intensifier ("very"),
 * between 0 and 1 − margin an attenuator, otherwise no contextual effect.
 */
import type { ContextualEffects } from "./contextualEffects";

export type TokenGroup = "flip" | "intensify" | "attenuate" | "none";

export interface TokenGrouping {
  readonly tokens: number[];
  /** Mean gain over lags 1..window. */
  readonly meanGain: number[];
  readonly group: TokenGroup[];
  readonly window: number;
  readonly margin: number;
}

export function groupTokens(effects: ContextualEffects, opts: { window: number; margin?: number }): TokenGrouping {
  const { window } = opts;
  const margin = opts.margin ?? 0.25;
  if (!(Number.isInteger(window) && window >= 1 && window <= effects.lags.length)) throw new Error(`groupTokens: window must be an integer in [1, ${effects.lags.length}] (the measured lags), got ${window}.`);
  if (!(margin > 0 && margin < 1)) throw new Error(`groupTokens: margin must lie in (0, 1), got ${margin}.`);
  const meanGain = effects.gain.map((row) => row.slice(0, window).reduce((s, g) => s + g, 0) / window);
  const group = meanGain.map((g): TokenGroup => (g < 0 ? "flip" : g > 1 + margin ? "intensify" : g < 1 - margin ? "attenuate" : "none"));
  return { tokens: [...effects.tokens], meanGain, group, window, margin };
}

/**
 * Run mode: quick (CI-sized, the default) or full (paper scale). Every notebook reads it through
 * `runMode()`, so one environment variable switches the whole series.
 *
 *   RNN_ATLAS_MODE=full npm run notebooks      # paper scale
 *   RNN_ATLAS_MODE=quick (default)
 */
export type RunMode = "quick" | "full";

export function runMode(): RunMode {
  const raw = (process.env.RNN_ATLAS_MODE ?? "quick").trim().toLowerCase();
  if (raw === "" || raw === "quick") return "quick";
  if (raw === "full") return "full";
  throw new Error(`RNN_ATLAS_MODE must be "quick" or "full", got "${raw}".`);
}

/** Pick a value by mode: byMode({ quick: 8, full: 400 }). */
export function byMode<T>(values: { quick: T; full: T }): T {
  return values[runMode()];
}

/**
 * Run mode: every notebook reads it through `runMode()`, so one environment variable switches the
 * whole series.
 *
 *   RNN_ATLAS_MODE=quick (default)  CI-sized: tens of networks, shortened tasks, minutes per notebook
 *   RNN_ATLAS_MODE=paper            the papers' tasks and training rules with populations large enough
 *                                   for each asserted statistic (≥ 100 networks per Turner setting),
 *                                   sized to run within an hour per notebook on 2 cores
 *   RNN_ATLAS_MODE=full             the papers' exact counts (e.g. 4 sizes × 100 networks); hours
 */
import { notice } from "./notice";

export type RunMode = "quick" | "paper" | "full";

export const RUN_MODES: ReadonlyArray<RunMode> = ["quick", "paper", "full"];

export function runMode(): RunMode {
  const raw = (process.env.RNN_ATLAS_MODE ?? "quick").trim().toLowerCase();
  if (raw === "" || raw === "quick") return "quick";
  if (raw === "paper" || raw === "full") return raw;
  throw new Error(`RNN_ATLAS_MODE must be "quick", "paper" or "full", got "${raw}".`);
}

/** Paper or full: the scales at which the notebooks assert the papers' own numbers. */
export function paperScale(mode: RunMode = runMode()): boolean {
  return mode !== "quick";
}

let warnedNoPaper = false;

/**
 * Pick a value by mode: byMode({ quick: 8, paper: 100, full: 400 }). A call without a `paper` value
 * (a notebook whose paper scale is not set yet) uses its quick value in paper mode and says so once,
 * rather than silently running hours of full scale or passing quick numbers off as paper-scale ones.
 */
export function byMode<T>(values: { quick: T; full: T; paper?: T }): T {
  const mode = runMode();
  if (mode !== "paper") return values[mode];
  if ("paper" in values) return values.paper as T;
  if (!warnedNoPaper) {
    warnedNoPaper = true;
    notice("rnn-atlas: RNN_ATLAS_MODE=paper, but this notebook sets no paper-scale value for some of its sizes; those use their quick value");
  }
  return values.quick;
}

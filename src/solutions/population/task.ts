/**
 * The task objects of a solution population and the matching analysis geometry (graph probes,
 * extrapolation ranges), so a shortened task variant (§9) is analysed consistently.
 */
import type { Task } from "../../tasks/types";
import { getTask } from "../../tasks";
import type { ProbeOptions } from "../graph/probes";
import type { SolutionTask } from "./types";

/**
 * The shortened RSG of §9 for CPU-sized runs: t_s ∈ [10, 25], pulse 3, trial length 2·25 + 25 = 75
 * (Ready at step 5 as in the paper).
 */
export const RSG_SHORT: Readonly<Record<string, number>> = Object.freeze({ lowTs: 10, highTs: 25, pulse: 3, time: 75 });

/**
 * A shortened interval discrimination for quick runs (our choice, analogous to §9's RSG): intervals
 * 5–15 instead of 10–30, so the trial is 2·15 + 30 = 60 steps and the full grid 110 trials.
 */
export const ID_SHORT: Readonly<Record<string, number>> = Object.freeze({ minT: 5, maxT: 15 });

/** A shortened delayed discrimination for quick runs: delays 0–9 instead of 0–19 (trial 50 steps, 720 training trials). */
export const DD_SHORT: Readonly<Record<string, number>> = Object.freeze({ maxDelay: 10 });

const TASKS: ReadonlyArray<SolutionTask> = ["rsg", "interval-discrimination", "delayed-discrimination"];

export function solutionTask(task: SolutionTask, options: Readonly<Record<string, number>> = {}): Task {
  if (!TASKS.includes(task)) throw new Error(`solution populations: unknown task "${String(task)}"; use one of ${TASKS.join(", ")}.`);
  return getTask(task, options);
}

/** RSG geometry of a (possibly shortened) RSG task: trained range, Ready onset, pulse width. */
export function rsgGeometry(options: Readonly<Record<string, number>> = {}): { lowTs: number; highTs: number; pulse: number; readyOnset: number } {
  const t = getTask("rsg", options) as unknown as { options: { lowTs: number; highTs: number; pulse: number; readyOnset: number } };
  const { lowTs, highTs, pulse, readyOnset } = t.options;
  return { lowTs, highTs, pulse, readyOnset };
}

/**
 * Graph probes matched to the task options: for RSG the start state comes from the longest trained
 * t_s, the Set probe uses the task's pulse, and the wait offset (15) and Set-probe node (20) scale
 * with the longest trained t_s (paper 50), so a shortened task is probed at the same relative times;
 * likewise for interval discrimination (longest interval, paper 30) and delayed discrimination
 * (longest delay, paper 19). The paper's tasks get the paper's probes unchanged.
 */
export function probesFor(task: SolutionTask, options: Readonly<Record<string, number>> = {}): Partial<ProbeOptions> {
  if (task === "interval-discrimination") {
    // probe times scale with the longest trained interval (paper 30)
    const t = getTask("interval-discrimination", options) as unknown as { options: { maxT: number; pulse: number } };
    const s = t.options.maxT / 30;
    if (s === 1 && t.options.pulse === 2) return {};
    return {
      idStartSteps: Math.round(10 * s),
      idFirstPulseNode: Math.round(10 * s),
      idSecondPulseNodes: [Math.round(12 * s), Math.round(22 * s)],
      idPulse: t.options.pulse,
    };
  }
  if (task === "delayed-discrimination") {
    // recorded segments come from the longest trained delay (paper 19)
    const t = getTask("delayed-discrimination", options) as unknown as { options: { maxDelay: number; pulse: number } };
    return t.options.maxDelay === 20 && t.options.pulse === 5 ? {} : { ddDelay: t.options.maxDelay - 1, ddPulse: t.options.pulse };
  }
  const g = rsgGeometry(options);
  const s = g.highTs / 50;
  return {
    rsgReadyOnset: g.readyOnset,
    rsgPulse: g.pulse,
    rsgStartTs: g.highTs,
    rsgStartOffset: Math.round(15 * s),
    rsgSetNodes: [Math.round(20 * s)],
    rsgSetProbeSteps: 2 * g.pulse,
  };
}

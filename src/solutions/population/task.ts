/**
 * The task objects of a solution population and the matching analysis geometry (graph probes,
 * extrapolation ranges), so a shortened task variant (§9) is analysed consistently.
 */
import { getTask } from "../../tasks";
import type { TaskOptionTypes, TaskTypes } from "../../tasks/registry";
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

/** The task object of a solution population (typed by its name: RsgTask, IntervalDiscriminationTask, ...). */
export function solutionTask<T extends SolutionTask>(task: T, options: Readonly<Record<string, number>> = {}): TaskTypes[T] {
  if (!TASKS.includes(task)) throw new Error(`solution populations: unknown task "${String(task)}"; use one of ${TASKS.join(", ")}.`);
  return getTask<T>(task, options as Partial<TaskOptionTypes[T]>);
}

/** RSG geometry of a (possibly shortened) RSG task: trained range, Ready onset, pulse width — the task's own timing. */
export function rsgGeometry(options: Readonly<Record<string, number>> = {}): { lowTs: number; highTs: number; pulse: number; readyOnset: number } {
  const { lowTs, highTs, pulse, readyOnset } = solutionTask("rsg", options).options;
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
    // The paper's probes pulse at trial times t1 = 21 (start 10 steps + L0 node 10 + 1) and t2 = 16, 26
    // (L1 node 12 / 22 + the 3-step first probe + 1), inside the trained range 10–30. A shortened task
    // scales these *trial times* by maxT / 30; the node indices follow by subtracting the unscaled
    // offsets (probe lengths depend on pulse width and response delay, which are not shortened).
    // Scaling node indices directly would put t2 = 10 next to t1 = 11 for maxT = 15 — a 1-step
    // comparison where the networks' answers are weakest.
    const t = solutionTask("interval-discrimination", options);
    const s = t.options.maxT / 30;
    if (s === 1 && t.options.pulse === 2) return {};
    const start = Math.round(10 * s);
    const firstProbe = t.options.pulse + 1;
    const t1 = Math.round(21 * s);
    return {
      idStartSteps: start,
      idFirstPulseNode: Math.max(0, t1 - start - 1),
      idSecondPulseNodes: [16, 26].map((t2) => Math.max(0, Math.round(t2 * s) - firstProbe - 1)),
      idPulse: t.options.pulse,
      idFirstProbeSteps: firstProbe,
      idLatePulseNode: Math.round(30 * s),
    };
  }
  if (task === "delayed-discrimination") {
    // recorded segments come from the longest trained delay (paper 19)
    const t = solutionTask("delayed-discrimination", options);
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

/**
 * The progress panel of one trainSolutionPopulation call: a single live output (one display id, or
 * one terminal line) for every round and size of the population, labelled with what is training —
 * population, size, round, networks kept / discarded so far — above the loss line of the current
 * round. Without it each round's trainPopulation call drew its own unlabelled panel.
 */
import { labelLine, notebookReporter, terminalReporter, type NotebookPanel, type ProgressLabels } from "../train/progress";
import type { ProgressReporter } from "../train/types";
import type { RoundSummary } from "../solutions/population/types";

export interface PopulationProgressOptions {
  readonly name: string;
  readonly sizes: ReadonlyArray<number>;
  readonly networksPerSize: number;
  readonly maxRetrainRounds: number;
  /** Where the panel goes; a ProgressReporter object gets the rounds' progress unlabelled. */
  readonly reporter: "notebook" | "terminal" | "none" | ProgressReporter;
  /** Display function and panel id of the "notebook" panel (tests). */
  readonly display?: (x: unknown, opts?: { id?: string }) => unknown;
  readonly id?: string;
}

export interface PopulationProgress {
  /** The reporter to give every trainPopulation call of this population (null: report nothing). */
  readonly reporter: ProgressReporter | null;
  /** The labels the panel shows now. */
  labels(): ProgressLabels;
  /** A round of `training` networks of `size` starts. */
  startRound(size: number, round: number, training: number): void;
  endRound(summary: RoundSummary): void;
  /** The call is over: redraws with the final counts (`how`: trained, resumed or loaded from the cache). */
  finish(how: string, missing: number): void;
}

export function populationProgress(o: PopulationProgressOptions): PopulationProgress {
  const requested = o.sizes.length * o.networksPerSize;
  let size: number | null = null;
  let round = 0;
  let training = 0;
  let kept = 0;
  let discarded = 0;
  let done: string | null = null;

  const labels = (): ProgressLabels => {
    const fields: Array<[string, string]> = [];
    if (size !== null && done === null) {
      fields.push(["size", `${size} (${o.sizes.indexOf(size) + 1} of ${o.sizes.length}: ${o.sizes.join("/")})`]);
      fields.push(["round", `${round + 1} of ≤ ${o.maxRetrainRounds + 1}`]);
      fields.push(["this round", `${training} network${training === 1 ? "" : "s"}`]);
    }
    fields.push(["networks", `${kept}/${requested} kept · ${discarded} discarded`]);
    if (done !== null) fields.push(["status", done]);
    return { title: `population ${o.name}`, fields };
  };

  // notebook: one display id for the whole call, redrawn at every round boundary;
  // terminal: the rounds' lines carry the labels, plus one closing line with the final counts.
  let reporter: ProgressReporter | null = null;
  let redraw = (): void => {};
  let close = (): void => {};
  if (o.reporter === "notebook") {
    const panel: NotebookPanel = notebookReporter({ labels, ...(o.display ? { display: o.display } : {}), ...(o.id ? { id: o.id } : {}) });
    reporter = panel;
    redraw = close = () => panel.show();
  } else if (o.reporter === "terminal") {
    reporter = terminalReporter({ labels });
    close = () => process.stderr.write(labelLine(labels()) + "\n");
  } else if (o.reporter !== "none") {
    reporter = o.reporter;
  }

  return {
    reporter,
    labels,
    startRound(s, r, n) {
      size = s;
      round = r;
      training = n;
      redraw();
    },
    endRound(summary) {
      kept += summary.kept;
      discarded += summary.discarded;
      redraw();
    },
    finish(how, missing) {
      done = `${how}${missing > 0 ? `, ${missing} slot${missing === 1 ? "" : "s"} still empty after the last round` : ", every slot filled"}`;
      close();
    },
  };
}

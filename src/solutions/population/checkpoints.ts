/**
 * The "valid checkpoint" filter of §4 (used for training trajectories): a checkpoint counts when in
 * every validation trial the output crosses 0.4 and the mean squared error between the true and
 * the produced output-onset times is < 2 steps².
 *
 * The paper defines it for RSG (onset = first step after Set above 0.4; true onset = Go onset).
 * For the discrimination tasks (our extension): onset = first step of the response window where
 * the output crosses ±0.4 with the correct sign, searched from the window start to the trial end.
 */
import type { Model } from "../../core/types";
import { runModel } from "../../models";
import { solutionTask } from "./task";
import type { SolutionCheckpoint, SolutionNetwork, SolutionPopulation, SolutionTask } from "./types";

export interface CheckpointValidity {
  readonly valid: boolean;
  /** Fraction of validation trials whose output crosses the level. */
  readonly crossed: number;
  /** Mean squared onset error over the trials that crossed (steps²; NaN when none did). */
  readonly onsetMse: number;
}

export interface ValidityOptions {
  /** Output level (0.4). */
  readonly level?: number;
  /** Largest allowed onset MSE (2). */
  readonly maxOnsetMse?: number;
}

export function checkpointValidity(model: Model, task: SolutionTask, taskOptions: Readonly<Record<string, number>> = {}, opts: ValidityOptions = {}): CheckpointValidity {
  const level = opts.level ?? 0.4;
  const maxMse = opts.maxOnsetMse ?? 2;
  const t = solutionTask(task, taskOptions);
  const val = t.validation();
  const { outputs } = runModel(model, val.inputs, { batch: val.batch, time: val.time });
  const O = val.outputSize;
  const T = val.time;
  let crossed = 0;
  let se = 0;
  val.meta.forEach((m, b) => {
    const out = (s: number) => outputs[(b * T + s) * O]!;
    let from: number;
    let truth: number;
    let hit: (v: number) => boolean;
    if (task === "rsg") {
      from = Number(m.setOnset);
      truth = Number(m.goOnset);
      hit = (v) => v > level;
    } else {
      // the response window is where the mask-weighted target is non-zero
      let start = -1;
      let sign = 0;
      for (let s = 0; s < T && start < 0; s++) {
        const y = val.targets[(b * T + s) * O]!;
        if (y !== 0) {
          start = s;
          sign = Math.sign(y);
        }
      }
      if (start < 0) throw new Error(`checkpointValidity: validation trial ${b} of ${task} has no response window.`);
      from = start;
      truth = start;
      hit = (v) => sign * v > level;
    }
    for (let s = from; s < T; s++) {
      if (hit(out(s))) {
        crossed++;
        se += (s - truth) ** 2;
        return;
      }
    }
  });
  const n = val.batch;
  const onsetMse = crossed > 0 ? se / crossed : NaN;
  return { valid: crossed === n && onsetMse < maxMse, crossed: crossed / n, onsetMse };
}

/** The valid checkpoints of one network of a population (in training order). */
export function validCheckpoints(pop: Pick<SolutionPopulation, "task" | "taskOptions">, net: SolutionNetwork, opts: ValidityOptions = {}): SolutionCheckpoint[] {
  return net.checkpoints.filter((c) => checkpointValidity(c.model, pop.task, pop.taskOptions, opts).valid);
}

/**
 * trainNatureNurture(options): the factorial population for the nature-vs-nurture test — `inits`
 * initial weight sets × `datasets` training sets (each a fixed trial set in a fixed shuffle order),
 * every combination trained once with the same rules. Rows of one init differ only in their data
 * ("same init, different data/order"); rows of one data set differ only in their init ("different
 * init, same data"). One trainPopulation call per data set (sameData), started from the same
 * stacked initial weights.
 */
import type { Model } from "../core/types";
import { deriveSeed } from "../core/random";
import { initModel, stackModels, unstackAll } from "../models";
import { trainPopulation } from "../train";
import { QUICK_RULES, resolveRules, trainOptionsOf } from "./turnerRules";
import { solutionTask } from "../solutions/population/task";
import type { SolutionArch, SolutionTask, TrainingRules } from "../solutions/population/types";

export interface NatureNurtureTrainingOptions {
  readonly task: SolutionTask;
  readonly taskOptions?: Readonly<Record<string, number>>;
  readonly arch?: SolutionArch;
  readonly hiddenSize: number;
  /** Number of initial weight sets (K). */
  readonly inits: number;
  /** Number of training sets / orders (L). */
  readonly datasets: number;
  readonly seed: number;
  /** Training rules (default QUICK_RULES). */
  readonly rules?: Partial<TrainingRules>;
  readonly reporter?: "notebook" | "terminal" | "none";
}

export interface NatureNurtureRun {
  /** K × L networks, data-set major: index = data · K + init. */
  readonly models: Model[];
  readonly init: number[];
  readonly data: number[];
  /** Validation accuracy of each trained network (task.score). */
  readonly accuracy: number[];
  readonly ms: number;
}

export async function trainNatureNurture(o: NatureNurtureTrainingOptions): Promise<NatureNurtureRun> {
  const t0 = performance.now();
  for (const [k, v] of [["inits", o.inits], ["datasets", o.datasets], ["hiddenSize", o.hiddenSize]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`trainNatureNurture: ${k} must be a positive integer, got ${v}.`);
  }
  const arch = o.arch ?? "vanilla";
  const rules = resolveRules(o.rules ?? {}, QUICK_RULES);
  const task = solutionTask(o.task, o.taskOptions ?? {});
  const spec = { arch, inputSize: task.inputSize, hiddenSize: o.hiddenSize, outputSize: task.outputSize } as const;
  const base = trainOptionsOf(rules, arch);
  const inits = Array.from({ length: o.inits }, (_, k) => initModel(spec, { ...(base.init ?? {}), seed: deriveSeed(o.seed, "nn-init", k) }));
  const initial = stackModels(inits);
  const models: Model[] = [];
  const init: number[] = [];
  const data: number[] = [];
  const accuracy: number[] = [];
  for (let l = 0; l < o.datasets; l++) {
    const r = await trainPopulation({
      ...base,
      task,
      spec,
      networks: o.inits,
      seed: deriveSeed(o.seed, "nn-data", l),
      sameData: true,
      initial,
      reporter: o.reporter ?? "none",
    });
    unstackAll(r.population).forEach((m, k) => {
      models.push(m);
      init.push(k);
      data.push(l);
      accuracy.push(r.networks[k]!.accuracy ?? NaN);
    });
  }
  return { models, init, data, accuracy, ms: performance.now() - t0 };
}

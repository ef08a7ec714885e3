/**
 * The §5.5 neural features of every network of a solution population (one row per network, in the
 * population's order), computed here or by a Slurm job array on the saved population.
 */
import { analyseOnSlurm } from "../../cluster/analyseOnSlurm";
import type { Executor } from "../../cluster/executor";
import type { FeaturesOptions, FeaturesResult } from "../../cluster/networkAnalyses";
import { neuralFeatures, type FeatureMatrix, type NeuralFeatureOptions } from "../features/neuralFeatures";
import { solutionTask } from "./task";
import type { SolutionPopulation } from "./types";
import { savedPopulationDir } from "./typing";

export interface PopulationFeatureOptions {
  readonly features?: NeuralFeatureOptions;
  readonly executor?: Executor;
  readonly reporter?: "notebook" | "terminal" | "none";
}

export async function populationFeatures(pop: SolutionPopulation, opts: PopulationFeatureOptions = {}): Promise<FeatureMatrix> {
  if (pop.networks.length === 0) throw new RangeError(`populationFeatures: ${pop.name} has no networks.`);
  if (opts.executor?.kind === "slurm") {
    const options: FeaturesOptions = { task: pop.task, taskOptions: pop.taskOptions, features: opts.features ?? {} };
    const results = (await analyseOnSlurm("features", savedPopulationDir(pop, "populationFeatures"), options as unknown as Record<string, unknown>, opts.executor.options, {
      reporter: opts.reporter ?? "none",
      progressLabel: `neural features of ${pop.name} on Slurm`,
    })) as FeaturesResult[];
    const first = neuralFeatures(pop.networks[0]!.model, solutionTask(pop.task, pop.taskOptions), opts.features);
    return { task: first.task, names: results[0]!.names, rows: results.map((r) => Float64Array.from(r.values, Number)) };
  }
  const task = solutionTask(pop.task, pop.taskOptions);
  const feats = pop.networks.map((n) => neuralFeatures(n.model, task, opts.features));
  return { task: feats[0]!.task, names: feats[0]!.names, rows: feats.map((f) => f.values) };
}

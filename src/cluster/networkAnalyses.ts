/**
 * Per-network analyses that a Slurm array task can compute on its shard of a saved population. Each
 * takes one network and JSON options and returns JSON, so a shard's results travel as a file and
 * gathering is concatenation; the local path computes the same function, so results are identical.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Model } from "../core/types";
import { loadPopulation } from "../io";
import { getTask } from "../tasks/registry";
import { searchFixedPoints, type DefaultSearch, type DefaultSearchOptions } from "../analysis/fixedPoints/defaultSearch";
import { saveFixedPoints } from "../analysis/fixedPoints/fixedPointsIo";
import { unstackModel } from "../models";
import { buildReducedGraph, type BuildGraphOptions } from "../solutions/graph/probes";
import { neuralFeatures, type NeuralFeatureOptions } from "../solutions/features/neuralFeatures";
import { loadSolutionPopulation } from "../solutions/population/store";
import { solutionTask } from "../solutions/population/task";
import type { SolutionTask } from "../solutions/population/types";

export interface GraphsOptions {
  readonly task: SolutionTask;
  readonly graph: BuildGraphOptions;
}
/** A network's reduced-dynamics graph (ReducedGraph.toJSON), or why it could not be built. */
export type GraphResult = { readonly graph: ReturnType<ReturnType<typeof buildReducedGraph>["toJSON"]> } | { readonly error: string };

export interface FeaturesOptions {
  readonly task: SolutionTask;
  readonly taskOptions: Readonly<Record<string, number>>;
  readonly features: NeuralFeatureOptions;
}
/** A network's feature vector; non-finite values are written as strings ("NaN"), JSON has no NaN. */
export interface FeaturesResult {
  readonly names: ReadonlyArray<string>;
  readonly values: ReadonlyArray<number | string>;
}

/** Options of the default fixed-point search (searchFixedPoints) as JSON; the task by name and options. */
export interface FixedPointsJobOptions {
  readonly search: Readonly<Record<string, unknown>>;
  readonly task?: { readonly name: string; readonly options: Readonly<Record<string, unknown>> };
}
/** Where a network's points were saved (npz in the shard folder) and the search's report. */
export interface FixedPointsResult {
  readonly file: string;
  readonly report: DefaultSearch["report"];
  readonly initialStates: number;
  readonly unconverged: number;
  readonly seconds: number;
}

/** Where a shard writes files too large for its results JSON (fixed points: one npz per network). */
export interface AnalysisContext {
  readonly network: number;
  readonly outDir: string;
}

type Compute = (model: Model, options: never, ctx: AnalysisContext) => unknown;

const ANALYSES: Readonly<Record<string, Compute>> = {
  graphs: ((model: Model, o: GraphsOptions): GraphResult => {
    try {
      return { graph: buildReducedGraph(model, o.task, o.graph).toJSON() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }) as Compute,
  "fixed-points": ((model: Model, o: FixedPointsJobOptions, ctx: AnalysisContext): FixedPointsResult => {
    const task = o.task ? getTask(o.task.name, o.task.options) : undefined;
    const res = searchFixedPoints(model, { ...(o.search as DefaultSearchOptions), ...(task ? { task } : {}) });
    const file = `fixed-points-${String(ctx.network).padStart(5, "0")}.npz`;
    fs.mkdirSync(ctx.outDir, { recursive: true });
    saveFixedPoints(path.join(ctx.outDir, file), res.points);
    return { file, report: res.report, initialStates: res.initialStates, unconverged: res.unconverged, seconds: res.seconds };
  }) as Compute,
  features: ((model: Model, o: FeaturesOptions): FeaturesResult => {
    const f = neuralFeatures(model, solutionTask(o.task, o.taskOptions), o.features);
    return { names: f.names, values: Array.from(f.values, (v) => (Number.isFinite(v) ? v : String(v))) };
  }) as Compute,
};

export const ANALYSIS_NAMES = Object.keys(ANALYSES);

export function computeNetworkAnalysis(name: string, model: Model, options: Readonly<Record<string, unknown>>, ctx: AnalysisContext): unknown {
  const f = ANALYSES[name];
  if (!f) throw new Error(`unknown per-network analysis "${name}" (known: ${ANALYSIS_NAMES.join(", ")}).`);
  return (f as (m: Model, o: unknown, c: AnalysisContext) => unknown)(model, options, ctx);
}

/** The networks of a saved population folder: a solution population (population.json) or a population (manifest.json). */
export function savedNetworks(dir: string): { readonly count: number; model(i: number): Model } {
  if (fs.existsSync(path.join(dir, "population.json"))) {
    const pop = loadSolutionPopulation(dir);
    return { count: pop.networks.length, model: (i) => pop.networks[i]!.model };
  }
  if (fs.existsSync(path.join(dir, "manifest.json"))) {
    const pop = loadPopulation(dir);
    return { count: pop.size, model: (i) => unstackModel(pop, i) };
  }
  throw new Error(`${dir} holds no saved population (population.json or manifest.json). The nodes read the population from there: save it on shared storage first.`);
}

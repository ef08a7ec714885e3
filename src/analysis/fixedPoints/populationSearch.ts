/**
 * The default fixed-point search (searchFixedPoints) on every network of a saved population, here
 * or as a Slurm job array. On Slurm each network's points are saved as npz in its shard's folder
 * and loaded back, so the records are the ones a local search returns.
 */
import * as path from "node:path";
import { analyseOnSlurm, analysisDir } from "../../cluster/analyseOnSlurm";
import type { Executor } from "../../cluster/executor";
import { savedNetworks, type FixedPointsJobOptions, type FixedPointsResult } from "../../cluster/networkAnalyses";
import { readPlan, shardDir } from "../../cluster/shardedRun";
import type { Task } from "../../tasks/types";
import { searchFixedPoints, type DefaultSearch, type DefaultSearchOptions } from "./defaultSearch";
import { loadFixedPoints } from "./fixedPointsIo";

export interface PopulationFixedPointOptions {
  /** Options of searchFixedPoints for every network (plain data: they travel to the nodes as JSON). */
  readonly search?: Omit<DefaultSearchOptions, "task" | "initStates">;
  /** A registered task whose trajectories seed the search (getTask(name, options)). */
  readonly task?: Task;
  readonly executor?: Executor;
  readonly reporter?: "notebook" | "terminal" | "none";
}

/** `dir`: a saved population folder (a solution population or a population), on shared storage for Slurm. */
export async function populationFixedPoints(dir: string, o: PopulationFixedPointOptions = {}): Promise<DefaultSearch[]> {
  const nets = savedNetworks(dir);
  if (o.executor?.kind !== "slurm") {
    return Array.from({ length: nets.count }, (_, i) => searchFixedPoints(nets.model(i), { ...(o.search ?? {}), ...(o.task ? { task: o.task } : {}) }));
  }
  const search: Record<string, unknown> = { ...(o.search ?? {}), ...(o.search?.input ? { input: Array.from(o.search.input) } : {}) };
  const text = JSON.stringify(search);
  if (JSON.stringify(JSON.parse(text)) !== text) {
    throw new Error("populationFixedPoints on Slurm: the search options must be finite numbers, strings and arrays (they travel to the nodes as JSON).");
  }
  const options: FixedPointsJobOptions = { search, ...(o.task ? { task: { name: o.task.name, options: o.task.options } } : {}) };
  const results = (await analyseOnSlurm("fixed-points", dir, options as unknown as Record<string, unknown>, o.executor.options, {
    reporter: o.reporter ?? "none",
    progressLabel: `fixed points of ${nets.count} networks on Slurm`,
  })) as FixedPointsResult[];
  const run = analysisDir(path.resolve(dir), "fixed-points", options as unknown as Record<string, unknown>);
  const plan = readPlan(run)!;
  const shardOf = new Map<number, number>();
  for (const s of plan.shards) for (const i of s.members) shardOf.set(i, s.index);
  return results.map((r, i) => ({
    points: loadFixedPoints(path.join(shardDir(run, shardOf.get(i)!), r.file)),
    report: r.report,
    initialStates: r.initialStates,
    unconverged: r.unconverged,
    seconds: r.seconds,
  }));
}

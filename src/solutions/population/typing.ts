/**
 * Solution types of a population (§5.3 H, §5.4): one reduced-dynamics graph per network, graphs
 * grouped into isomorphism classes, classes labelled T1, T2, ... by decreasing size, "main types"
 * = classes with ≥ minTypeSize members, and the share of networks they cover.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildReducedGraph, type BuildGraphOptions } from "../graph/probes";
import { ReducedGraph } from "../graph/reducedGraph";
import type { Executor, LocalExecutor, SlurmExecutor } from "../../cluster/executor";
import { analyseOnSlurm } from "../../cluster/analyseOnSlurm";
import type { GraphResult, GraphsOptions } from "../../cluster/networkAnalyses";
import { probesFor } from "./task";
import type { SolutionPopulation, SolutionTask, SolutionType, SolutionTypes, SolutionTypesOptions } from "./types";

/** Label of networks whose graph could not be built. */
export const FAILED_TYPE = "failed";

/** Graph-tool options matched to a population's task variant (see probesFor). */
export function graphOptionsFor(pop: Pick<SolutionPopulation, "task" | "taskOptions">, over: BuildGraphOptions = {}): BuildGraphOptions {
  return { ...over, probes: { ...probesFor(pop.task, pop.taskOptions), ...(over.probes ?? {}) } };
}

/**
 * Group graphs into types. Greedy, in network order: a graph joins the first class whose first
 * member it matches under the rule, else it opens a new class (the authors' procedure).
 */
export function classifyGraphs(
  graphs: ReadonlyArray<ReducedGraph | null>,
  ids: ReadonlyArray<string>,
  opts: { rule?: "turner" | "labelled"; minTypeSize?: number; name?: string; task?: SolutionTask } = {},
): SolutionTypes {
  const t0 = performance.now();
  if (graphs.length !== ids.length) throw new Error(`classifyGraphs: ${graphs.length} graphs but ${ids.length} ids.`);
  const rule = opts.rule ?? "turner";
  const minTypeSize = opts.minTypeSize ?? 10;
  if (!Number.isInteger(minTypeSize) || minTypeSize < 1) throw new Error(`minTypeSize must be a positive integer (paper 10), got ${minTypeSize}.`);
  const same = (a: ReducedGraph, b: ReducedGraph): boolean => (rule === "turner" ? a.sameTurnerType(b) : a.typeKey() === b.typeKey() && a.isIsomorphic(b));
  const classes: Array<{ rep: ReducedGraph; key: string; members: number[] }> = [];
  graphs.forEach((g, i) => {
    if (!g) return;
    const c = classes.find((k) => same(k.rep, g));
    if (c) c.members.push(i);
    else classes.push({ rep: g, key: g.typeKey(), members: [i] });
  });
  classes.sort((a, b) => b.members.length - a.members.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const typeOf = new Array<string>(graphs.length).fill(FAILED_TYPE);
  const types: SolutionType[] = classes.map((c, r) => {
    const label = `T${r + 1}`;
    for (const i of c.members) typeOf[i] = label;
    return { label, key: c.key, size: c.members.length, main: c.members.length >= minTypeSize, members: c.members.map((i) => ids[i]!), example: c.rep };
  });
  const counts: Record<string, number> = {};
  for (const t of typeOf) counts[t] = (counts[t] ?? 0) + 1;
  const inMain = types.filter((t) => t.main).reduce((s, t) => s + t.size, 0);
  return {
    kind: "solution-types",
    name: opts.name ?? "",
    task: opts.task ?? "rsg",
    rule,
    minTypeSize,
    graphs,
    typeOf,
    ids,
    types,
    counts,
    coverage: graphs.length ? inMain / graphs.length : NaN,
    mainTypes: types.filter((t) => t.main).length,
    failures: [],
    ms: performance.now() - t0,
  };
}

/**
 * Graph per network (buildReducedGraph with probes matched to the task variant), then classifyGraphs.
 * With `executor: slurm(...)` the graphs are built by a job array on the population saved in
 * pop.outDir (a Promise then), and the types are the same.
 */
export function typePopulation(pop: SolutionPopulation, opts?: SolutionTypesOptions & { readonly executor?: LocalExecutor }): SolutionTypes;
export function typePopulation(pop: SolutionPopulation, opts: SolutionTypesOptions & { readonly executor: SlurmExecutor }): Promise<SolutionTypes>;
export function typePopulation(pop: SolutionPopulation, opts: SolutionTypesOptions & { readonly executor?: Executor } = {}): SolutionTypes | Promise<SolutionTypes> {
  if (opts.executor?.kind === "slurm") return typePopulationOnSlurm(pop, opts, opts.executor);
  const t0 = performance.now();
  const gopts = graphOptionsFor(pop, opts.graph);
  const failures: Array<{ id: string; error: string }> = [];
  const every = Math.max(1, Math.ceil(pop.networks.length / 10));
  const graphs = pop.networks.map((n, i) => {
    if (opts.reporter && opts.reporter !== "none" && i % every === 0) console.log(`reduced graphs: ${i}/${pop.networks.length} networks (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    try {
      return buildReducedGraph(n.model, pop.task, gopts);
    } catch (e) {
      failures.push({ id: n.id, error: (e as Error).message });
      return null;
    }
  });
  const res = classifyGraphs(
    graphs,
    pop.networks.map((n) => n.id),
    { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.minTypeSize !== undefined ? { minTypeSize: opts.minTypeSize } : {}), name: pop.name, task: pop.task },
  );
  return { ...res, failures, ms: performance.now() - t0 };
}

async function typePopulationOnSlurm(pop: SolutionPopulation, opts: SolutionTypesOptions, ex: SlurmExecutor): Promise<SolutionTypes> {
  const t0 = performance.now();
  const dir = savedPopulationDir(pop, "typePopulation");
  const options: GraphsOptions = { task: pop.task, graph: graphOptionsFor(pop, opts.graph) };
  const results = (await analyseOnSlurm("graphs", dir, options as unknown as Record<string, unknown>, ex.options, {
    reporter: opts.reporter ?? "none",
    progressLabel: `reduced graphs of ${pop.name} on Slurm`,
  })) as GraphResult[];
  const failures: Array<{ id: string; error: string }> = [];
  const graphs = results.map((r, i) => {
    if ("error" in r) {
      failures.push({ id: pop.networks[i]!.id, error: r.error });
      return null;
    }
    return ReducedGraph.fromJSON(r.graph as unknown as Parameters<typeof ReducedGraph.fromJSON>[0]);
  });
  const res = classifyGraphs(
    graphs,
    pop.networks.map((n) => n.id),
    { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.minTypeSize !== undefined ? { minTypeSize: opts.minTypeSize } : {}), name: pop.name, task: pop.task },
  );
  return { ...res, failures, ms: performance.now() - t0 };
}

/** The folder the population is saved in, which the nodes read; refused when there is none. */
export function savedPopulationDir(pop: SolutionPopulation, what: string): string {
  if (!pop.outDir || !fs.existsSync(path.join(pop.outDir, "population.json"))) {
    throw new Error(`${what} on Slurm reads the networks on the nodes from the saved population, and ${pop.name} has none: train it with outDir on shared storage, or saveSolutionPopulation(dir, pop) there and load it.`);
  }
  return pop.outDir;
}

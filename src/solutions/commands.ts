/** JSON-able entry points for the CLI (`rnn-atlas graph|extrapolate <network> --task <name>`). */
import { loadModel } from "../io";
import { buildReducedGraph, graphTaskOf } from "./graph/probes";
import { delayedDiscriminationGrid, intervalDiscriminationGrid, rsgExtrapolation } from "./extrapolation";

/** Compact reduced-dynamics graph of a saved network: nodes, edges, counts and type key. */
export function graphCommand(networkPath: string, taskName: string): Record<string, unknown> {
  const model = loadModel(networkPath);
  const g = buildReducedGraph(model, taskName);
  return { network: networkPath, ...g.toJSON() };
}

/** Extrapolation curve (RSG) or correctness grid (discrimination tasks) of a saved network. */
export function extrapolateCommand(networkPath: string, taskName: string): Record<string, unknown> {
  const model = loadModel(networkPath);
  const task = graphTaskOf(taskName);
  const result = task === "rsg" ? rsgExtrapolation(model) : task === "interval-discrimination" ? intervalDiscriminationGrid(model) : delayedDiscriminationGrid(model);
  return { network: networkPath, task, ...result };
}

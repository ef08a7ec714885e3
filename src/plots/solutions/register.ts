/**
 * Makes the solution records display themselves as a cell's last value: ReducedGraph (drawn
 * graph), RsgExtrapolationResult (t_p–t_s plot) and DiscriminationGrid (correctness grid).
 */
import { ReducedGraph } from "../../solutions/graph/reducedGraph";
import { JUPYTER_DISPLAY } from "../../display/mime";
import { registerRenderer } from "../../display/registry";
import { reducedGraphPlot } from "./reducedGraphPlot";
import { isRsgExtrapolationResult, tpTsPlot } from "./tpTsPlot";
import { discriminationGridPlot, isDiscriminationGrid } from "./discriminationGridPlot";
import { isSolutionPopulation, isSolutionTypes, solutionPopulationBundle, solutionTypesBundle } from "./populationView";

export const SOLUTION_RENDERER_IDS = [
  "rnn-atlas/reduced-graph",
  "rnn-atlas/rsg-extrapolation",
  "rnn-atlas/discrimination-grid",
  "rnn-atlas/solution-population",
  "rnn-atlas/solution-types",
] as const;

/** A ReducedGraph, also one from another copy of the module (src vs dist). */
export function isReducedGraph(v: unknown): v is ReducedGraph {
  if (v instanceof ReducedGraph) return true;
  const o = v as Record<string, unknown> | null;
  return (
    o != null &&
    typeof o === "object" &&
    o.constructor?.name === "ReducedGraph" &&
    Array.isArray(o.nodes) &&
    Array.isArray(o.edges) &&
    typeof o.typeKey === "function" &&
    typeof o.counts === "function"
  );
}

/** Idempotent (same ids replace the old renderers). Runs when the module loads. */
export function registerSolutionRenderers(): void {
  const [g, rsg, grid, pop, types] = SOLUTION_RENDERER_IDS;
  // an empty graph has nothing to draw: fall back to its text (the renderer must not throw)
  registerRenderer<ReducedGraph>({ id: g, match: (v) => isReducedGraph(v) && v.nodes.length > 0, render: (x) => reducedGraphPlot(x)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: rsg, match: (v) => isRsgExtrapolationResult(v) && v.points.length > 0, render: (r) => tpTsPlot(r)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: grid, match: (v) => isDiscriminationGrid(v) && v.cells.length > 0, render: (d) => discriminationGridPlot(d)[JUPYTER_DISPLAY](), priority: 10 });
  // a population shows its summary table, not its weights; a type record its histogram
  registerRenderer({ id: pop, match: isSolutionPopulation, render: solutionPopulationBundle, priority: 10 });
  registerRenderer({ id: types, match: (v) => isSolutionTypes(v) && v.typeOf.length > 0, render: solutionTypesBundle, priority: 10 });
}

/**
 * Makes the solution-space records display themselves as a cell's last value: TypePrediction
 * (confusion matrix with κ̄), SolutionMap (MDS map with trajectories) and NatureNurture
 * (contingency tables with MI).
 */
import { JUPYTER_DISPLAY } from "../../display/mime";
import { registerRenderer } from "../../display/registry";
import { isTypePrediction, typePredictionPlot } from "./typePredictionPlot";
import { isSolutionMap, solutionMapPlot } from "./solutionMapPlot";
import { isNatureNurture, natureNurturePlot } from "./natureNurturePlot";

export const SOLUTION_SPACE_RENDERER_IDS = ["rnn-atlas/type-prediction", "rnn-atlas/solution-map", "rnn-atlas/nature-nurture"] as const;

/** Idempotent (same ids replace the old renderers). */
export function registerSolutionSpaceRenderers(): void {
  const [tp, map, nn] = SOLUTION_SPACE_RENDERER_IDS;
  registerRenderer({ id: tp, match: (v) => isTypePrediction(v), render: (r) => typePredictionPlot(r)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: map, match: (v) => isSolutionMap(v) && v.points.length > 0, render: (m) => solutionMapPlot(m)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: nn, match: (v) => isNatureNurture(v), render: (r) => natureNurturePlot(r)[JUPYTER_DISPLAY](), priority: 10 });
}

/**
 * Plots of the solution analyses (Turner et al. 2021): reduced-dynamics graphs, t_p–t_s
 * extrapolation, discrimination grids, type histograms and confusion matrices. Importing this
 * module registers renderers so ReducedGraph, RsgExtrapolationResult and DiscriminationGrid records
 * show themselves as a cell's last value.
 */
import { registerSolutionRenderers } from "./register";

export { reducedGraphPlot, reducedGraphSummary, ReducedGraphFigure, type ReducedGraphPlotOptions, type LaidOutNode, type LaidOutEdge } from "./reducedGraphPlot";
export { tpTsPlot, isRsgExtrapolationResult, rsgExtrapolationSummary, type TpTsPlotOptions } from "./tpTsPlot";
export { discriminationGridPlot, isDiscriminationGrid, discriminationGridSummary, type DiscriminationGridPlotOptions } from "./discriminationGridPlot";
export { typeHistogram, typeCounts, type TypeHistogramOptions } from "./typeHistogram";
export { confusionMatrixPlot, rowNormalise, type ConfusionMatrixPlotOptions } from "./confusionMatrixPlot";
export { OUTPUT_COLORS, AUTONOMOUS_EDGE_COLOR, outputColor, edgeTypeColor, edgeTypeName } from "./palette";
export { isSolutionPopulation, isSolutionTypes, solutionPopulationSummary, solutionPopulationBundle, solutionTypesHistogram } from "./populationView";
export { registerSolutionRenderers, isReducedGraph, SOLUTION_RENDERER_IDS } from "./register";

export { typePredictionPlot, isTypePrediction } from "./typePredictionPlot";
export { solutionMapPlot, isSolutionMap, type SolutionMapPlotOptions } from "./solutionMapPlot";
export { natureNurturePlot, isNatureNurture } from "./natureNurturePlot";
export { registerSolutionSpaceRenderers, SOLUTION_SPACE_RENDERER_IDS } from "./solutionSpaceRegister";
import { registerSolutionSpaceRenderers } from "./solutionSpaceRegister";

registerSolutionRenderers();
registerSolutionSpaceRenderers();

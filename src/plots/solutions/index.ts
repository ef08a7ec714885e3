/**
 * Plots of the solution analyses (Turner et al. 2021): reduced-dynamics graphs, t_p–t_s
 * extrapolation, discrimination grids, type histograms and confusion matrices. Importing this
 * module registers the plot renderers (src/plots/register.ts) so the solution records show
 * themselves as a cell's last value.
 */
import { registerPlotRenderers } from "../register";

export { isReducedGraph, reducedGraphPlot, reducedGraphSummary, type ReducedGraphLayout, type ReducedGraphPlotOptions, type LaidOutNode, type LaidOutEdge } from "./reducedGraphPlot";
export { tpTsPlot, isRsgExtrapolationResult, rsgExtrapolationSummary, type TpTsPlotOptions } from "./tpTsPlot";
export { discriminationGridPlot, isDiscriminationGrid, discriminationGridSummary, type DiscriminationGridPlotOptions } from "./discriminationGridPlot";
export { typeHistogram, typeCounts, type TypeHistogramOptions } from "./typeHistogram";
export { confusionMatrixPlot, rowNormalise, type ConfusionMatrixPlotOptions } from "./confusionMatrixPlot";
export { OUTPUT_COLORS, AUTONOMOUS_EDGE_COLOR, outputColor, edgeTypeColor, edgeTypeName } from "./palette";
export { isSolutionPopulation, isSolutionTypes, solutionPopulationSummary, solutionPopulationTable, solutionTypesHistogram } from "./populationView";

export { typePredictionPlot, isTypePrediction } from "./typePredictionPlot";
export { solutionMapPlot, isSolutionMap, type SolutionMapPlotOptions } from "./solutionMapPlot";
export { natureNurturePlot, isNatureNurture } from "./natureNurturePlot";

registerPlotRenderers();

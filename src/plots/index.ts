/**
 * Plots of the science objects (Observable-Plot style: `plot(data, options)` returns a Figure that
 * displays itself). Importing this module registers the one table of plot renderers (./register.ts)
 * so that result records (FixedPoints, linearisation comparisons, distance matrices, MDS results,
 * low-rank, solution and two-neuron records) show themselves as a cell's last value.
 *
 * Plots draw; they never analyse: projections (PCA), eigenvalues, distances come from src/analysis.
 */
import { registerPlotRenderers } from "./register";

export type { Projection, StateTrajectoriesLike } from "./projection";
export { trajectories3d } from "./trajectories3d";
export type { Trajectories3dOptions } from "./trajectories3d";
export { fixedPointsView, modeSegments, fixedPointsCounts, fixedPointsSummary, isFixedPoints } from "./fixedPointsView";
export type { FixedPointsViewOptions, ModeSegment } from "./fixedPointsView";
export { eigenvaluePlot } from "./eigenvalues";
export type { EigenvaluePlotOptions, EigenvalueList } from "./eigenvalues";
export { linearisationErrorPlot, isLinearisationComparison } from "./linearisationError";
export type { LinearisationErrorOptions } from "./linearisationError";
export { distanceMatrixPlot, isDistanceMatrix } from "./distanceMatrix";
export type { DistanceMatrixPlotOptions } from "./distanceMatrix";
export { mdsMap, isMdsResult } from "./mdsMap";
export type { MdsMapOptions } from "./mdsMap";
export { registerPlotRenderers, PLOT_RENDERERS, PLOT_RENDERER_KINDS, PLOT_RENDERER_PRIORITY } from "./register";
export type { PlotRenderer } from "./register";

registerPlotRenderers();
export * from "./lowRank";
export * from "./twoNeuron";
export * from "./solutions";
export * from "./dynamo";
export * from "./jslds";
export * from "./learnedOptimizer";
export { progressView } from "./trainingProgress";
// contextual processing (notebook 12)
export * from "./contextualProcessing";

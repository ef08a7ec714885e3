// Public API of src/solutions: reduced-dynamics graphs and extrapolation analyses (Turner et al. 2021).
export { DEFAULT_GRAPH_OPTIONS, resolveGraphOptions, type GraphOptions } from "./graph/options";
export { DiGraph, type GraphNode } from "./graph/digraph";
export { ReducedGraph, isomorphic as reducedGraphsIsomorphic, CANONICAL_MAX_NODES, type ReducedNode, type ReducedEdge, type ReducedGraphCounts } from "./graph/reducedGraph";
export { buildReducedGraph, buildFullGraph, graphTaskOf, GRAPH_TASKS, DEFAULT_PROBE_OPTIONS, type GraphTask, type ProbeOptions, type BuildGraphOptions } from "./graph/probes";
export { compactGraph, discretiseOutputs } from "./graph/compact";
export { findLaceCycle, findSegmentCycle, findPeaks, linearSvmMargin, type CycleCut } from "./graph/cycles";
export { simulate as simulateAutonomous, clipAtFixedPoint, normalisedSpeed, type Trajectory } from "./graph/lace";
export {
  rsgExtrapolation,
  intervalDiscriminationGrid,
  delayedDiscriminationGrid,
  outputOnsets,
  type RsgExtrapolationResult,
  type RsgExtrapolationOptions,
  type RsgPoint,
  type ExtrapolationBehaviour,
  type DiscriminationGrid,
  type DiscriminationCell,
  type IntervalGridOptions,
  type DelayedGridOptions,
} from "./extrapolation";
export { graphCommand, extrapolateCommand } from "./commands";
export * from "./twoNeuron";
export * from "./population";
export * from "./features";
export { predictTypes, TypePrediction, cohenKappa, stratifiedSplit, standardiseColumns, type TypePredictionOptions } from "./typePrediction";
export { RandomForest, type ForestOptions } from "./typePredictionForest";
export { solutionMap, SolutionMap, mdsProject, type MapNetwork, type MapCheckpoint, type MapTrajectoryInput, type MapPoint, type MapTrajectory, type MapTrajectoryPoint, type SolutionMapOptions } from "./solutionMap";
export { detectBifurcations, Bifurcations, curveDistance, rsgBehaviourCurve, matchTypes, type CheckpointState, type BifurcationEvent, type BifurcationOptions } from "./bifurcations";
export { natureNurture, NatureNurture, mutualInformation, type ContingencyTable, type NatureNurtureInput } from "./natureNurture";

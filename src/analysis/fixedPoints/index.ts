// Public API of the fixed-point finder (re-exported by src/analysis).
export { getDynamics } from "./dynamics";
export type { Dynamics as FixedPointDynamics, Workspace as FixedPointWorkspace } from "./dynamics";
export { sampleStates } from "./sampleStates";
export type { SampleStatesOptions, SampledStates, StateTrajectories } from "./sampleStates";
export { findFixedPoints, findFixedPointsDetailed } from "./findFixedPoints";
export type { FixedPointOptions, FixedPointSearch } from "./findFixedPoints";
export { optimiseStates, OPTIMISER_DEFAULTS } from "./optimise";
export type { OptimiserOptions, OptimiserResult } from "./optimise";
export { FixedPoints, uniqueIndices } from "./FixedPoints";
export type { FixedPoint, FixedPointsData } from "./FixedPoints";
export { decomposeFixedPoints } from "./decompose";
export type { DecomposeOptions } from "./decompose";
export { saddleSeeds, oneBitNeighbours } from "./saddleSeeds";
export type { SaddleSeeds, SaddleSeedOptions } from "./saddleSeeds";
export { lineariseAndCompare } from "./linearise";
export type { LineariseOptions, LinearisationComparison } from "./linearise";
export { saveFixedPoints, loadFixedPoints, fixedPointsToArrays, fixedPointsFromArrays } from "./fixedPointsIo";

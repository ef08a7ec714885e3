// Public API of DYNAMO model embeddings (re-exported by src/index.ts).
export { fitDynamo, type DynamoOptions } from "./fit";
export { DynamoFit, type DynamoFitData, type EmulationError } from "./DynamoFit";
export { thetaPath, type ThetaPath, type ThetaPathOptions, type PathStep, type Bifurcation } from "./path";
export { nearestNeighbourTest, coordinateDistances, type NearestNeighbourTest } from "./nearestNeighbourTest";
export { validateDynamoPopulation, type DynamoNetwork } from "./validate";
export { metaLayout, metaLossAndGrad, metaForward, MetaWorkspace, type MetaLayout, type MetaShape, type EmulationTargets, type LossWeights, type LossParts } from "./metaGru";

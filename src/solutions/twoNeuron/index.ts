// Public API of the two-neuron analysis (Turner, Dabholkar & Barak 2021 §2). Generic names are
// exported with a two-neuron prefix so that they cannot clash with other areas in src/index.ts.
export {
  TWO_NEURON_TYPES,
  TWO_NEURON_PROBLEM,
  EVAL_INTEGRATION as TWO_NEURON_EVAL_INTEGRATION,
  type TwoNeuronType,
  type TwoNeuronIntegrator,
  type TwoNeuronProblem,
  type Integration as TwoNeuronIntegration,
  type TwoNeuronPopulationStats,
} from "./types";
export {
  integrate as integrateTwoNeuron,
  lossOf as twoNeuronLoss,
  velocity as twoNeuronVelocity,
  speedQ as twoNeuronQ,
  lossAndGradient as twoNeuronLossAndGradient,
  gradientScratch as twoNeuronGradientScratch,
  trajectory as twoNeuronTrajectory,
} from "./dynamics";
export { eig2 as twoNeuronEig, classifyTwoNeuron, classifyAll as classifyTwoNeuronAll, type Eig2 as TwoNeuronEig, type ClassifyOptions as TwoNeuronClassifyOptions } from "./classify";
export {
  toWeights as toTwoNeuronWeights,
  lossesOf as twoNeuronLosses,
  twoNeuronStats,
  describeStats as describeTwoNeuronStats,
  countTypes as countTwoNeuronTypes,
  type WeightsLike as TwoNeuronWeightsLike,
  type StatsOptions as TwoNeuronStatsOptions,
} from "./population";
export { twoNeuronPhasePortrait, type PhasePortraitOptions as TwoNeuronPhasePortraitOptions, type TwoNeuronPhasePortrait } from "./phasePortrait";
export { selectTwoNeuronExamples, type TwoNeuronExamples } from "./examples";
export { twoNeuronLossSlice, type LossSliceOptions as TwoNeuronLossSliceOptions, type LossSliceExample as TwoNeuronLossSliceExample, type TwoNeuronLossSlice } from "./lossSlice";
export {
  predictTypeFromInitial,
  typeFeatures as twoNeuronTypeFeatures,
  TYPE_FEATURE_NAMES as TWO_NEURON_FEATURE_NAMES,
  type TypePredictionOptions as TwoNeuronPredictionOptions,
  type TwoNeuronTypePrediction,
} from "./predict";

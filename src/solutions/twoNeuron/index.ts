// Public API of the two-neuron analysis (Turner, Dabholkar & Barak 2021 §2).
export * from "./types";
export { stepCount, integrate, lossOf, velocity, speedQ, lossAndGradient, gradientScratch, trajectory } from "./dynamics";
export { eig2, classifyTwoNeuron, classifyAll, type Eig2, type ClassifyOptions } from "./classify";
export { toWeights, lossesOf, twoNeuronStats, describeStats, countTypes, type WeightsLike, type StatsOptions } from "./population";
export {
  trainTwoNeuronPopulation,
  initialTwoNeuronW,
  type TwoNeuronTrainOptions,
  type TwoNeuronProgress,
  type TwoNeuronTraining,
} from "./train";
export { twoNeuronPhasePortrait, type PhasePortraitOptions, type TwoNeuronPhasePortrait } from "./phasePortrait";
export { selectTwoNeuronExamples, type TwoNeuronExamples } from "./examples";
export { twoNeuronLossSlice, type LossSliceOptions, type LossSliceExample, type TwoNeuronLossSlice } from "./lossSlice";
export { predictTypeFromInitial, typeFeatures, TYPE_FEATURE_NAMES, type TypePredictionOptions, type TwoNeuronTypePrediction } from "./predict";

// Hand-crafted neural features of Turner et al. 2021 §5.5 and the pieces they are made of.
export { neuralFeatures, neuralFeatureMatrix, featuresFromEpochs, featureTaskKind, NeuralFeatures, FEATURE_NAMES_11, FEATURE_NAMES_13, type NeuralFeatureOptions, type FeatureMatrix } from "./neuralFeatures";
export { featureEpochs, type FeatureEpochs, type FeatureTaskKind, type EpochOptions } from "./epochs";
export { fitLinearSvm, svmMargin, standardiseRows, type LinearSvmOptions, type LinearSvmFit } from "./linearSvm";
export { meanSpeed, stepSpeeds, pathLength, angleDegrees, pearson, firstPcRatio, logCurvatureRange, planarCurvature, gradient, slope, linspace } from "./geometry";

// Public API of src/experiments: the papers' training runs. Each trains networks and hands them to the
// analyses of src/analysis and src/solutions, which are pure functions of trained networks.
export { TURNER_RULES, QUICK_RULES, resolveRules, trainOptionsOf, initSchemeOf } from "./turnerRules";
export { trainSolutionPopulation, resolvePopulationOptions, roundSeed, discardReason, type ResolvedPopulationOptions } from "./turnerPopulation";
export { populationCacheDir, populationPreset, POPULATION_PRESETS, type PopulationPresetName } from "./populationPresets";
export { populationProgress, type PopulationProgress, type PopulationProgressOptions } from "./populationProgress";
export { trainNatureNurture, type NatureNurtureTrainingOptions, type NatureNurtureRun } from "./natureNurture";
export { trainTwoNeuronPopulation, initialTwoNeuronW, type TwoNeuronTrainOptions, type TwoNeuronProgress, type TwoNeuronTraining } from "./twoNeuronPopulation";
export { lowRankGSweep, type GSweepOptions } from "./lowRankGSweep";
export {
  linearNetworkInit,
  trainLinearFixedPoint,
  linearExperiment,
  type LinearRunOptions,
  type LinearExperimentOptions,
} from "./linearFixedPointTask";
export { trainJslds, resolveWeights, JSLDS_MAX_HIDDEN, type JsldsTrainOptions } from "./jsldsTraining";

// Solution populations (Turner, Dabholkar & Barak 2021 §4, §5.3–5.4): training with the discard-and-retrain loop, caching, typing.
export * from "./types";
export { TURNER_RULES, QUICK_RULES, resolveRules, trainOptionsOf, initSchemeOf } from "./rules";
export { RSG_SHORT, ID_SHORT, DD_SHORT, solutionTask, rsgGeometry, probesFor } from "./task";
export { trainSolutionPopulation, resolvePopulationOptions, roundSeed, discardReason, type ResolvedPopulationOptions } from "./train";
export { saveSolutionPopulation, loadSolutionPopulation, fingerprintOf as populationFingerprint, POPULATION_FILE } from "./store";
export { typePopulation, classifyGraphs, graphOptionsFor, FAILED_TYPE } from "./typing";
export { populationFeatures, type PopulationFeatureOptions } from "./features";
export { checkpointValidity, validCheckpoints, type CheckpointValidity, type ValidityOptions } from "./checkpoints";
export { populationCacheDir, populationPreset, POPULATION_PRESETS, type PopulationPresetName } from "./presets";
export { populationProgress, type PopulationProgress, type PopulationProgressOptions } from "./progress";

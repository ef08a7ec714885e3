// Solution populations (Turner, Dabholkar & Barak 2021 §4, §5.3–5.4): the record, its store and cache, typing and features.
// Training them (the discard-and-retrain loop, rules, presets) is src/experiments.
export * from "./types";
export { RSG_SHORT, ID_SHORT, DD_SHORT, solutionTask, rsgGeometry, probesFor } from "./task";
export { saveSolutionPopulation, loadSolutionPopulation, fingerprintOf as populationFingerprint, POPULATION_FILE } from "./store";
export { typePopulation, classifyGraphs, graphOptionsFor, FAILED_TYPE } from "./typing";
export { populationFeatures, type PopulationFeatureOptions } from "./features";
export { checkpointValidity, validCheckpoints, type CheckpointValidity, type ValidityOptions } from "./checkpoints";

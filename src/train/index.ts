// Public API of src/train: population training (Adam, clipping, stop rules, checkpoints, resume, progress).
export * from "./types";
export { trainPopulation, NonFiniteError, memberSeeds, defaultKernel } from "./trainPopulation";
export { DEFAULT_ADAM, adamStep, createAdamState, resetAdamNetwork } from "./adam";
export type { AdamConfig, AdamState } from "./adam";
export { applyMasks, clipGradients, gradNorms } from "./gradients";
export { BatchSource, resolveData, selectTrials, toBatchData } from "./batches";
export { readSnapshot as readTrainSnapshot } from "./snapshot";
export { terminalReporter, notebookReporter, summaryLine, labelLine, type ProgressLabels, type NotebookPanel } from "./progress";

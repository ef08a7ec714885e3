// Public API of src/tasks: seeded trial generators for the papers' tasks, their scores, and the
// toolkit they are built with. Generic helper names are exported under task-specific aliases so
// they cannot clash with other areas in src/index.ts.
export * from "./types";
export { TaskOptionError, mergeOptions as mergeTaskOptions, resolveExtrapolate } from "./options";
export * from "./trialBuilder";
export {
  maskedMse as trialsMaskedMse,
  trialMaskedMse,
  windowMean as outputWindowMean,
  checkOutputs as checkTaskOutputs,
} from "./scoring";
export * from "./readySetGo";
export * from "./intervalDiscrimination";
export * from "./delayedDiscrimination";
export * from "./twoNeuron";
export * from "./flipFlop3";
export * from "./flipFlop2";
export * from "./mante";
export * from "./romo";
export * from "./sineWave";
export * from "./linearFixedPoint";
export * from "./sentiment";
export * from "./registry";
export * from "./tensors";

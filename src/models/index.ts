// Public API of src/models: architectures, shapes, initialisation, populations, forward passes.
export type { Params64, ParamsTf } from "./arch/types";
export {
  ARCHS,
  gateCount,
  hasReadout,
  nonlinearityOf,
  leakyDt,
  validateSpec,
  paramShapes,
  stateSize,
  numel,
  paramCount,
  validateModel,
  type TrainableMask,
} from "./spec";
export { initModel, defaultScheme, twoNeuronSpec, type InitScheme, type InitOptions, type InitContext, type CustomInit } from "./init";
export { stepModel, readoutModel, runModel, params64, type RunOptions, type RunResult } from "./forward";
export { runModelTf, modelToTensors, type TfRunResult } from "./forwardTf";
export {
  stackModels,
  unstackModel,
  unstackAll,
  mapParams,
  sameSpec,
  validatePopulation,
  runPopulation,
  type PopulationRunOptions,
} from "./population";
export { initTf, tfBackendChoice, type TfBackendChoice } from "../core/backend";

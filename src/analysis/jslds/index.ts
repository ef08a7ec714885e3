// Public API of the JSLDS analysis (Smith, Linderman & Sussillo 2021): co-training and its result.
export { jsldsLossGrad, engineArch } from "./engine";
export type { JsldsWeights, JsldsLoss, JsldsForward, EngineNet } from "./engine";
export { initExpander, expanderForward, expanderBackward, EXPANDER_NAMES } from "./expander";
export type { ExpanderShape } from "./expander";
export { JsldsResult, JsldsTrajectories } from "./result";
export type { JsldsResultData, JsldsHistoryRow } from "./result";
export { leakyObserverAccuracy, smallestSufficientLambda } from "./evidence";
export type { EvidenceWindow } from "./evidence";

// Public API of src/analysis/lowRank: low-rank learning analyses (Schuessler et al. 2020).
export { recurrentMatrix, rankR, frobenius as lowRankFrobenius } from "./matrices";
export {
  CONNECTIVITY_CHANGE_KIND,
  connectivityChange,
  modelConnectivityChange,
  varianceExplained,
  numericalRank,
  type ConnectivityChange,
} from "./connectivityChange";
export {
  TRUNCATION_LOSS_KIND,
  functionalRank,
  truncatedMatrices,
  truncationLoss,
  type RecurrentLossFn,
  type FunctionalRank,
  type FunctionalRankOptions,
  type TruncationLoss,
  type TruncationOptions,
} from "./truncation";
export { randomPermutation, shuffleEntries, shuffleLoss, type ShuffleLoss } from "./shuffle";
export { CHANGE_OVERLAPS_KIND, changeOverlaps, modelChangeOverlaps, type ChangeOverlaps } from "./overlaps";
export { EIGEN_SPECTRA_KIND, eigenSpectra, type EigenSpectra, type ComplexValues } from "./eigenSpectra";
export { kernelLossEvaluator, type KernelLossOptions } from "./lossEvaluator";
export {
  linearBeta,
  theoryConvergenceTime,
  theoryDeltaNorm,
  theoryGradientNorm,
  theoryShuffleLoss,
  theoryReadout,
  theoryS1,
  theoryS2,
  theoryLossExp,
  theoryLossSeries,
} from "./linearTheory";
export { LowRankAccumulator } from "./lowRankAccumulator";
export {
  LINEAR_EXPERIMENT_KIND,
  linearFixedPointReadout,
  linearScaling,
  type LinearRun,
  type LinearExperiment,
  type LinearScaling,
  type LinearScalingPoint,
} from "./linearNetwork";
export {
  G_SWEEP_KIND,
  summariseGSweep,
  gSweepNetwork,
  gSweepRow,
  type GSweepCell,
  type GSweepRowOptions,
  type GSweepRow,
  type GSweepResult,
  type GSweepSummaryRow,
} from "./gSweep";

// Public API of src/analysis: dense float64 linear algebra and population-comparison analyses.
export type { DenseMatrix, MatrixLike } from "./linalg/matrix";
export {
  denseMatrix,
  toDense,
  fromStates,
  transpose,
  matmul,
  matmulTN,
  columnMeans,
  centerColumns,
  frobeniusNorm,
} from "./linalg/matrix";
export type {
  EigOptions,
  EigBatchResult,
  EigResult,
  ComplexMatrix,
  EigSortOrder,
  EigVectorsMode,
} from "./linalg/eig";
export { eig, eigvals, eigBatch } from "./linalg/eig";
export type { EigParallelOptions } from "./linalg/eigParallel";
export { eigBatchParallel } from "./linalg/eigParallel";
export { nativeLinalgStatus } from "./linalg/native";
export type { SvdResult, SymmetricEigResult } from "./linalg/decompositions";
export { svd, symmetricEig, solve, pinv } from "./linalg/decompositions";

export type { PcaModel } from "./projection/pca";
export { fitPca, pcaTransform, pcaInverseTransform } from "./projection/pca";
export type { CcaOptions, CcaResult } from "./projection/cca";
export { cca } from "./projection/cca";
export type { SvccaOptions, SvccaResult } from "./projection/svcca";
export { svcca, svdReduce } from "./projection/svcca";
export type { ProcrustesOptions, ProcrustesResult } from "./projection/procrustes";
export { procrustes, procrustesDistance } from "./projection/procrustes";
export type { DistanceMatrix, PairwiseOptions } from "./projection/distanceMatrix";
export { pairwiseDistances, toDistanceMatrix } from "./projection/distanceMatrix";
export type { MdsResult } from "./projection/mds";
export { classicalMds } from "./projection/mds";
export * from "./fixedPoints";
export * from "./lowRank";
export * from "./topology";
export * from "./universality";
export * from "./oscillation";
export * from "./dsa";
export * from "./jslds";

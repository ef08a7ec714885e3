// Dynamical Similarity Analysis (Ostrow et al. 2023): delay embedding, reduced-rank DMD, Procrustes over vector fields.
export type { TrajectoryInput, TrajectoryTensor, TrialTrajectories, DelayEmbeddingOptions, DelayEmbedding } from "./hankel";
export { toTrajectories, delayEmbedding } from "./hankel";
export type { DmdBasis, DmdRankOptions, DmdOptions, Dmd, HankelSvd } from "./dmd";
export { fitDmd, dmdEmbedding, hankelSvd, dmdRank, fitDmdAtRank, DMD_RANK_TOLERANCE } from "./dmd";
export type { VectorFieldMetric, VectorFieldProcrustesOptions, VectorFieldProcrustesResult } from "./procrustes";
export { vectorFieldProcrustes } from "./procrustes";
export type { DsaOptions, DsaResult } from "./dsa";
export { dsa, dsaDistances, fitDmdPopulation, operatorDistances } from "./dsa";

// Public API of src/analysis/textManifold: attractor manifolds of text-classification RNNs (Aitken et al. 2020).
export { eigenMagnitudes, slowModeCounts, type SlowModeCounts } from "./slowModes";
export { manifoldDimension, type ManifoldDimension } from "./manifoldDimension";
export { wordCountStatistics, documentsOf, type WordCountStatistics, type WordCountOptions } from "./wordCounts";
export { wordEffects, evidenceAlignment, cosine as vectorCosine, type WordEffects } from "./wordEffects";
export { simplexVertices, vertexGeometry, wordVertexAlignment, wordVertexCosines, type SimplexVertices, type VertexGeometry } from "./simplexGeometry";

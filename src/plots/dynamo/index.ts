export { embeddingMap, type EmbeddingMapOptions } from "./embeddingMap";
export { bifurcationPathPlot, type BifurcationPathOptions } from "./bifurcationPath";

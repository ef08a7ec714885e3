export { expansionPointsPlot } from "./expansionPoints";
export type { ExpansionPointsLike, ExpansionPointsOptions } from "./expansionPoints";

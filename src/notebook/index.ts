/** What the notebook series shares: claims with their tolerances, small-sample statistics, formatting. */
export * from "./claims";
export { mean, sd, quantile, median, spearman, normalQuantile, wilsonInterval, binomialUpperTail, binomialLowerTail, bootstrapInterval, permutationPValue, permutationsFor, shuffled } from "./stats";
export type { Interval, BootstrapOptions } from "./stats";
export * from "./format";

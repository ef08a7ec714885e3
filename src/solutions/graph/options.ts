/**
 * Every threshold of the reduced-dynamics graph (Turner, Dabholkar & Barak 2021, §5.3), named and
 * carrying the paper's default. Pass a partial object to `buildReducedGraph` to override.
 */
export interface GraphOptions {
  /** Maximum lace length in steps (autonomous simulation horizon). Default 500. */
  readonly laceSteps: number;
  /** Clip a lace at the first step whose normalised speed sqrt(mean_i Δh_i²) is below this (fixed point). Default 5e-5. */
  readonly speedClip: number;
  /** Cycle detection ignores the first `cycleSkip` steps (Δ). Default 100. */
  readonly cycleSkip: number;
  /** Prominence of the first local minimum of a distance-matrix row taken as a candidate period. Default 0.1. */
  readonly cycleProminence: number;
  /** A period must be longer than this (steps). Default 20. */
  readonly cycleMinPeriod: number;
  /** A period must be found in more than this many rows. Default 10. */
  readonly cycleMinCount: number;
  /** Accept a period k if (length − k) ≤ cycleCountFactor · count. Default 3. */
  readonly cycleCountFactor: number;
  /** ... or if the lace is longer than this and count > cycleLongCount. Defaults 400 and 30. */
  readonly cycleLongLength: number;
  readonly cycleLongCount: number;
  /** Prominence for the autocorrelation period finder used on recorded segments (delayed discrimination). Default 0.05. */
  readonly autocorrProminence: number;
  /** Speed-normalised distance below which two states are "close" (DISTANCE_THRESHOLD). Default 1. */
  readonly distanceThreshold: number;
  /** States closer than this (Euclidean) count as identical (distance 0). Default 1e-3. */
  readonly identicalDistance: number;
  /** A diagonal of the distance matrix is abandoned once the normalised distance exceeds this. Default 5. */
  readonly diagonalAbandon: number;
  /** ... or once the two speeds differ by more than this many decades. Default 1 (10×). */
  readonly speedRatioDecades: number;
  /** The winning diagonal needs more than this many votes (unless min < mergeMinValue or lengths within mergeLengthSlack). Default 3. */
  readonly mergeMinVotes: number;
  readonly mergeMinValue: number;
  readonly mergeLengthSlack: number;
  /** The top diagonal must beat the runner-up by this factor, else the last diagonal is used. Default 2. */
  readonly mergeDominance: number;
  /** Outputs along merged paths must agree within this (lace → graph merge). Default 0.01. */
  readonly outputTolerance: number;
  /** Output agreement when merging two components. Default 0.1. */
  readonly componentOutputTolerance: number;
  /** Cycles are compared when their length ratio lies in [1 − x, 1 + x]. Default 0.2. */
  readonly cycleLengthRatio: number;
  /** Linear-SVM margin up to which two cycles (≥ cycleMarginMinLength long) count as inseparable. Default 0.1. */
  readonly cycleMargin: number;
  readonly cycleMarginMinLength: number;
  /** SVM box constraint. Default 100. */
  readonly svmC: number;
  /** Horizon for the "same attractor" test of component sinks. Default 10000. */
  readonly sinkHorizon: number;
  /** End states of component sinks within this distance are the same attractor. Default 1e-3. */
  readonly sinkTolerance: number;
  /** RSG output label: 1 if output > this, else 0. Default 0.15. */
  readonly rsgOutputCut: number;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = Object.freeze({
  laceSteps: 500,
  speedClip: 5e-5,
  cycleSkip: 100,
  cycleProminence: 0.1,
  cycleMinPeriod: 20,
  cycleMinCount: 10,
  cycleCountFactor: 3,
  cycleLongLength: 400,
  cycleLongCount: 30,
  autocorrProminence: 0.05,
  distanceThreshold: 1,
  identicalDistance: 1e-3,
  diagonalAbandon: 5,
  speedRatioDecades: 1,
  mergeMinVotes: 3,
  mergeMinValue: 0.01,
  mergeLengthSlack: 5,
  mergeDominance: 2,
  outputTolerance: 0.01,
  componentOutputTolerance: 0.1,
  cycleLengthRatio: 0.2,
  cycleMargin: 0.1,
  cycleMarginMinLength: 10,
  svmC: 100,
  sinkHorizon: 10000,
  sinkTolerance: 1e-3,
  rsgOutputCut: 0.15,
});

export function resolveGraphOptions(o: Partial<GraphOptions> = {}): GraphOptions {
  for (const [k, v] of Object.entries(o)) {
    if (!(k in DEFAULT_GRAPH_OPTIONS)) throw new Error(`graph options: unknown option "${k}"; known: ${Object.keys(DEFAULT_GRAPH_OPTIONS).join(", ")}.`);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`graph options: "${k}" must be a finite number, got ${String(v)}.`);
  }
  return { ...DEFAULT_GRAPH_OPTIONS, ...o };
}

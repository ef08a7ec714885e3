/**
 * Plain-data records of the two-neuron analysis (Turner, Dabholkar & Barak 2021, §2).
 *
 * Weight layout everywhere: one network = 4 consecutive float64 numbers [w00, w01, w10, w11],
 * row-major, row i = receiving unit (dx_i/dt = −x_i + Σ_j W[i][j] tanh x_j), the same layout as
 * the authors' `two_neuron_W.npy` [count, 2, 2].
 */

/** The three dynamical regimes: stable origin, limit cycle, non-trivial fixed point. */
export type TwoNeuronType = "SO" | "LC" | "FP";
export const TWO_NEURON_TYPES: readonly TwoNeuronType[] = ["SO", "LC", "FP"];

/** The integrators used for training and evaluation. */
export type TwoNeuronIntegrator = "euler" | "rk4";

/** The task constants (the paper's values are the defaults everywhere). */
export interface TwoNeuronProblem {
  /** Target time (10). */
  readonly T: number;
  /** Initial state (1, 0). */
  readonly x0: readonly [number, number];
  /** Target state (0, 1). */
  readonly target: readonly [number, number];
}

export const TWO_NEURON_PROBLEM: TwoNeuronProblem = Object.freeze({ T: 10, x0: [1, 0] as const, target: [0, 1] as const });

/** A numerical integration scheme: method and step. */
export interface Integration {
  readonly method: TwoNeuronIntegrator;
  readonly dt: number;
}

/** The authors' evaluation integrator: classic RK4, dt 0.01 (their stored module). */
export const EVAL_INTEGRATION: Integration = Object.freeze({ method: "rk4", dt: 0.01 });

/** Population-level summary of a set of networks: loss, "good" flag and type of every net. */
export interface TwoNeuronPopulationStats {
  readonly kind: "two-neuron-population-stats";
  readonly count: number;
  /** ½‖x(T) − target‖² of every network under `integration`. */
  readonly loss: Float64Array;
  /** loss < goodLoss. */
  readonly good: Uint8Array;
  /** Type of every network (from eig W), good or not. */
  readonly types: readonly TwoNeuronType[];
  readonly goodLoss: number;
  readonly integration: Integration;
  readonly goodCount: number;
  readonly goodFraction: number;
  /** Type counts among good networks. */
  readonly goodTypeCounts: Readonly<Record<TwoNeuronType, number>>;
  /** Type fractions among good networks (0 when no network is good). */
  readonly goodTypeFractions: Readonly<Record<TwoNeuronType, number>>;
  /** What the numbers describe (e.g. "authors' trained W" or "trained here, seed 1"). */
  readonly label: string;
}

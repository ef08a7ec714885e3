/**
 * Analysis of the linear-network experiment of Schuessler et al. 2020 (§3.4, Fig. C–D; the SGD runs
 * are src/experiments/linearFixedPointTask): the fixed-point readout of a linear network and the
 * scalings with g of a set of runs next to the theory (./linearTheory).
 *
 * Learning rate: lr = lr0·(1 − g²)² (the paper's scaling); learning time τ = lr·updates, effective
 * time τ̃ = β²τ, β = 1/(1 − g²).
 */
import { solveDense } from "./denseSolve";
import { theoryConvergenceTime, theoryDeltaNorm, theoryGradientNorm, theoryShuffleLoss } from "./linearTheory";

export const LINEAR_EXPERIMENT_KIND = "rnn-atlas.lowRank.linearExperiment";

export interface LinearRun {
  readonly n: number;
  readonly g: number;
  readonly target: number;
  readonly seed: number;
  readonly lr: number;
  readonly beta: number;
  /** Loss before training, ½(ẑ − z0)². */
  readonly initialLoss: number;
  /** Loss after e updates, e = 0..epochs. */
  readonly loss: Float64Array;
  /** Readout after e updates. */
  readonly z: Float64Array;
  /** Frobenius norm of the gradient at update e (e = 0..epochs−1). */
  readonly gradNorm: Float64Array;
  /** Learning time τ = lr·e and effective time τ̃ = β²τ, e = 0..epochs. */
  readonly tau: Float64Array;
  readonly tauTilde: Float64Array;
  /** Updates at which singular values of ΔW were recorded, and the top two there. */
  readonly svEpochs: number[];
  readonly s1: number[];
  readonly s2: number[];
  /** First update count with loss < relThreshold·L0 (null: not within the budget). */
  readonly convergenceEpoch: number | null;
  /** τ at convergence (lr·convergenceEpoch). */
  readonly convergenceTime: number | null;
  /** ‖ΔW‖_F at the end. */
  readonly deltaNorm: number;
  /** Mean gradient norm over the updates before convergence (all updates if it never converged). */
  readonly meanGradNorm: number;
  /** Loss of shuffle(W0) + ΔW (end of training), and relative to L0. */
  readonly shuffleLoss: number;
  readonly shuffleLossRel: number;
}

/** Fixed-point readout z = w_outᵀ(1 − W)⁻¹ w_in of the linear network. */
export function linearFixedPointReadout(w: ArrayLike<number>, win: ArrayLike<number>, wout: ArrayLike<number>, n: number): number {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - w[i * n + j]!;
  const x = solveDense(a, win, n);
  let z = 0;
  for (let i = 0; i < n; i++) z += wout[i]! * x[i]!;
  return z;
}

/** Mean ± std over seeds of one quantity, normalised to the g = 0 mean, next to the theory. */
export interface LinearScalingPoint {
  readonly g: number;
  readonly mean: number;
  readonly std: number;
  /** mean / (mean at g = 0); for shuffle loss: relative to L0 (already normalised). */
  readonly normalised: number;
  readonly normalisedStd: number;
  readonly theory: number;
  /** Samples that converged (convergence time only). */
  readonly count: number;
}

export interface LinearScaling {
  readonly target: number;
  readonly lr0: number;
  readonly convergenceTime: LinearScalingPoint[];
  readonly deltaNorm: LinearScalingPoint[];
  readonly gradientNorm: LinearScalingPoint[];
  readonly shuffleLoss: LinearScalingPoint[];
}

export interface LinearExperiment {
  readonly kind: typeof LINEAR_EXPERIMENT_KIND;
  readonly n: number;
  readonly epochs: number;
  readonly gs: number[];
  readonly runs: LinearRun[];
  readonly scaling: LinearScaling[];
}

function meanStd(xs: number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: NaN, std: NaN };
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(xs.length - 1, 1);
  return { mean, std: Math.sqrt(v) };
}

/**
 * The scalings with g of a set of runs, per target: convergence time, ‖ΔW‖, gradient norm (each
 * normalised to the g = 0 mean) and the relative shuffle loss, next to the theory curves.
 */
export function linearScaling(
  runs: ReadonlyArray<LinearRun>,
  gs: ReadonlyArray<number>,
  targets: ReadonlyArray<{ readonly target: number; readonly lr0: number }>,
): LinearScaling[] {
  if (!gs.includes(0)) throw new Error("linearScaling: gs must include 0, the reference every scaling is normalised to.");
  return targets.map(({ target, lr0 }) => {
    const of = (g: number) => runs.filter((r) => r.target === target && r.g === g);
    const series = (pick: (r: LinearRun) => number | null, theory: (g: number) => number, normalise: boolean): LinearScalingPoint[] => {
      const ref = meanStd(of(0).map(pick).filter((x): x is number => x !== null)).mean;
      return gs.map((g) => {
        const xs = of(g)
          .map(pick)
          .filter((x): x is number => x !== null);
        const { mean, std } = meanStd(xs);
        const d = normalise ? ref : 1;
        return { g, mean, std, normalised: mean / d, normalisedStd: std / d, theory: theory(g), count: xs.length };
      });
    };
    return {
      target,
      lr0,
      convergenceTime: series((r) => r.convergenceTime, theoryConvergenceTime, true),
      deltaNorm: series((r) => r.deltaNorm, theoryDeltaNorm, true),
      gradientNorm: series((r) => r.meanGradNorm, theoryGradientNorm, true),
      shuffleLoss: series((r) => r.shuffleLossRel, theoryShuffleLoss, false),
    };
  });
}

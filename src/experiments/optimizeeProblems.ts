/**
 * The problems a learned optimizer is meta-trained and tested on (notebook 13): small, seeded, with
 * exact gradients and Hessian-vector products in float64, so the meta-gradient through an unrolled
 * optimisation is exact (learnedOptimizerTraining.ts differentiates through ∇L(x_t) with the HVP).
 *
 * - "quadratic": L(x) = ½ Σ_i λ_i (r_iᵀ x)² in 2-D, r_i a random rotation, λ = s·(1, 1/κ) with the
 *   scale s log-uniform in [0.2, 2] and the condition number κ log-uniform in [1, 20]; x0 ~ N(0, I).
 *   Random scale and conditioning are what a fixed learning rate cannot serve at once.
 * - "logistic": logistic regression on n = 32 points in 3-D (two Gaussian classes at ±μ, ‖μ‖ = 1,
 *   unit variance, labels ±1), parameters w (3) and b, L = mean softplus(−y(wᵀa + b)) + ½·0.01‖w‖²
 *   (the L2 term bounds the minimum); x0 ~ N(0, 0.5² I).
 * The sizes are our choice (the paper's tasks are linear regression, Rosenbrock, a two-moons MLP and
 * an MNIST CNN: larger than a notebook's quick budget allows with per-step meta-gradients).
 */
import { Rng, deriveSeed } from "../core/random";

export type OptimizeeKind = "quadratic" | "logistic";
export const OPTIMIZEE_KINDS: readonly OptimizeeKind[] = ["quadratic", "logistic"];

/** A differentiable problem: the oracle a (learned or hand-designed) optimizer sees. */
export interface OptimizeeProblem {
  readonly kind: OptimizeeKind;
  /** Number of parameters (coordinates). */
  readonly dim: number;
  /** Starting point. */
  readonly x0: Float64Array;
  /** L(x); writes ∇L(x) into grad when given. */
  lossGrad(x: Float64Array, grad?: Float64Array): number;
  /** Hessian-vector product ∇²L(x) v into out. */
  hvp(x: Float64Array, v: Float64Array, out: Float64Array): void;
}

function quadratic(rng: Rng): OptimizeeProblem {
  const s = Math.exp(rng.uniform(Math.log(0.2), Math.log(2)));
  const kappa = Math.exp(rng.uniform(0, Math.log(20)));
  const lam = [s, s / kappa];
  const th = rng.uniform(0, Math.PI);
  const c = Math.cos(th), sn = Math.sin(th);
  // A = R diag(λ) Rᵀ, stored dense (2×2).
  const A = new Float64Array([lam[0]! * c * c + lam[1]! * sn * sn, (lam[0]! - lam[1]!) * c * sn, (lam[0]! - lam[1]!) * c * sn, lam[0]! * sn * sn + lam[1]! * c * c]);
  const x0 = new Float64Array([rng.normal(), rng.normal()]);
  return {
    kind: "quadratic",
    dim: 2,
    x0,
    lossGrad(x, grad) {
      const g0 = A[0]! * x[0]! + A[1]! * x[1]!, g1 = A[2]! * x[0]! + A[3]! * x[1]!;
      if (grad) { grad[0] = g0; grad[1] = g1; }
      return 0.5 * (x[0]! * g0 + x[1]! * g1);
    },
    hvp(_x, v, out) {
      out[0] = A[0]! * v[0]! + A[1]! * v[1]!;
      out[1] = A[2]! * v[0]! + A[3]! * v[1]!;
    },
  };
}

const LOGISTIC_N = 32, LOGISTIC_D = 3, LOGISTIC_L2 = 0.01;

function logistic(rng: Rng): OptimizeeProblem {
  const n = LOGISTIC_N, d = LOGISTIC_D, P = d + 1;
  const mu = Array.from({ length: d }, () => rng.normal());
  const mn = Math.hypot(...mu);
  const a = new Float64Array(n * d), y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = k % 2 === 0 ? 1 : -1;
    for (let j = 0; j < d; j++) a[k * d + j] = (y[k]! * mu[j]!) / mn + rng.normal();
  }
  const x0 = Float64Array.from({ length: P }, () => 0.5 * rng.normal());
  const margin = (x: Float64Array, k: number) => {
    let m = x[d]!;
    for (let j = 0; j < d; j++) m += x[j]! * a[k * d + j]!;
    return y[k]! * m;
  };
  const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  return {
    kind: "logistic",
    dim: P,
    x0,
    lossGrad(x, grad) {
      let L = 0;
      if (grad) grad.fill(0);
      for (let k = 0; k < n; k++) {
        const m = margin(x, k);
        L += softplus(-m) / n;
        if (grad) {
          const c = (-y[k]! * sig(-m)) / n; // ∂/∂(wᵀa + b)
          for (let j = 0; j < d; j++) grad[j] += c * a[k * d + j]!;
          grad[d] += c;
        }
      }
      for (let j = 0; j < d; j++) {
        L += 0.5 * LOGISTIC_L2 * x[j]! * x[j]!;
        if (grad) grad[j] += LOGISTIC_L2 * x[j]!;
      }
      return L;
    },
    hvp(x, v, out) {
      out.fill(0);
      for (let k = 0; k < n; k++) {
        const p = sig(margin(x, k));
        const wk = (p * (1 - p)) / n; // y² = 1
        let av = v[d]!;
        for (let j = 0; j < d; j++) av += a[k * d + j]! * v[j]!;
        for (let j = 0; j < d; j++) out[j] += wk * av * a[k * d + j]!;
        out[d] += wk * av;
      }
      for (let j = 0; j < d; j++) out[j] += LOGISTIC_L2 * v[j]!;
    },
  };
}

/** One problem of a kind, from a seed (the same seed gives the same problem). */
export function makeOptimizee(kind: OptimizeeKind, seed: number): OptimizeeProblem {
  if (!Number.isInteger(seed)) throw new Error(`makeOptimizee: seed must be an integer (got ${String(seed)}).`);
  const rng = new Rng(deriveSeed(seed, "optimizee", kind));
  if (kind === "quadratic") return quadratic(rng);
  if (kind === "logistic") return logistic(rng);
  throw new Error(`makeOptimizee: unknown problem kind "${String(kind)}"; use one of ${OPTIMIZEE_KINDS.join(", ")}.`);
}

/**
 * `count` problems alternating over `kinds` (default both), problem i from deriveSeed(seed, i): a
 * training set and a held-out set are two calls with different seeds.
 */
export function sampleOptimizees(options: { count: number; seed: number; kinds?: readonly OptimizeeKind[] }): OptimizeeProblem[] {
  const { count, seed } = options;
  if (!(Number.isInteger(count) && count > 0)) throw new Error(`sampleOptimizees: count must be a positive integer (got ${String(count)}).`);
  const kinds = options.kinds ?? OPTIMIZEE_KINDS;
  if (kinds.length === 0) throw new Error("sampleOptimizees: kinds is empty; pass at least one of " + OPTIMIZEE_KINDS.join(", ") + ".");
  return Array.from({ length: count }, (_, i) => makeOptimizee(kinds[i % kinds.length]!, deriveSeed(seed, "problem", i)));
}

/**
 * Classification of a two-neuron network into its dynamical regime from eig(W) (Turner et al.
 * 2021 §2.2). The linearisation at the origin is −I + W, so the origin is unstable iff
 * max Re λ(W) > 1:
 * - SO (stable origin): max Re λ ≤ 1;
 * - LC (limit cycle): origin unstable and the eigenvalues complex, |Im λ| > imagTol (0.01);
 * - FP (non-trivial fixed point): origin unstable and the eigenvalues real.
 */
import type { TwoNeuronType } from "./types";

/** Eigenvalues of a 2×2 matrix: real parts and |imaginary part| (equal for a complex pair). */
export interface Eig2 {
  readonly re1: number;
  readonly re2: number;
  /** |Im λ| (0 for real eigenvalues). */
  readonly im: number;
}

/** Eigenvalues of W = [[w0, w1], [w2, w3]] (network at offset o of w). re1 ≥ re2. */
export function eig2(w: ArrayLike<number>, o = 0): Eig2 {
  const a = w[o]!, b = w[o + 1]!, c = w[o + 2]!, d = w[o + 3]!;
  const half = (a + d) / 2;
  const disc = ((a - d) / 2) ** 2 + b * c; // (tr/2)² − det, written to avoid cancellation
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    return { re1: half + r, re2: half - r, im: 0 };
  }
  return { re1: half, re2: half, im: Math.sqrt(-disc) };
}

export interface ClassifyOptions {
  /** |Im λ| above which eigenvalues count as complex (0.01, the authors' value). */
  imagTol?: number;
}

/** The regime of one network (W at offset o). */
export function classifyTwoNeuron(w: ArrayLike<number>, o = 0, options: ClassifyOptions = {}): TwoNeuronType {
  const tol = options.imagTol ?? 0.01;
  const e = eig2(w, o);
  if (!Number.isFinite(e.re1)) throw new Error(`classifyTwoNeuron: W has non-finite entries at offset ${o}.`);
  if (e.re1 <= 1) return "SO";
  return e.im > tol ? "LC" : "FP";
}

/** Regimes of every network in a flat [count·4] array. */
export function classifyAll(w: ArrayLike<number>, options: ClassifyOptions = {}): TwoNeuronType[] {
  if (w.length % 4 !== 0) throw new Error(`classifyAll: expected 4 numbers per network, got ${w.length} numbers.`);
  const out: TwoNeuronType[] = new Array(w.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = classifyTwoNeuron(w, 4 * i, options);
  return out;
}

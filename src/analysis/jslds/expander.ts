/**
 * P, the auxiliary network that proposes the JSLDS expansion point from the previous RNN state:
 *   e = h + W2 tanh(W1 h + b1) + b2          (one hidden layer of `hidden` tanh units)
 * The skip connection (our choice; the paper's P is a plain MLP) starts e at the current state, so
 * early in training the expansion points already sit on the trajectories; W2 starts small.
 * Parameters are named "P.W1" [H, N], "P.b1" [H], "P.W2" [N, H], "P.b2" [N].
 */
import { Rng, deriveSeed } from "../../core/random";
import type { Params64 } from "../../models/arch/types";

export interface ExpanderShape {
  /** State size N (input and output of P). */
  readonly size: number;
  /** Hidden units H. */
  readonly hidden: number;
}

export const EXPANDER_NAMES = ["P.W1", "P.b1", "P.W2", "P.b2"] as const;

/** Seeded initial parameters (float32 like every stored parameter): uniform ±1/√fan-in, W2 scaled by 0.1. */
export function initExpander(shape: ExpanderShape, seed: number): Record<string, Float32Array> {
  const { size: N, hidden: H } = shape;
  const draw = (name: string, n: number, bound: number) => new Rng(deriveSeed(seed, "jslds-expander", name)).fillUniform(new Float32Array(n), -bound, bound);
  return {
    "P.W1": draw("W1", H * N, 1 / Math.sqrt(N)),
    "P.b1": draw("b1", H, 1 / Math.sqrt(N)),
    "P.W2": draw("W2", N * H, 0.1 / Math.sqrt(H)),
    "P.b2": new Float32Array(N),
  };
}

/** e = P(h) into e [N]; z [H] keeps the hidden activations for backward. */
export function expanderForward(shape: ExpanderShape, p: Params64, h: Float64Array, z: Float64Array, e: Float64Array): void {
  const { size: N, hidden: H } = shape;
  const W1 = p["P.W1"]!, b1 = p["P.b1"]!, W2 = p["P.W2"]!, b2 = p["P.b2"]!;
  for (let j = 0; j < H; j++) {
    let a = b1[j]!;
    for (let k = 0; k < N; k++) a += W1[j * N + k]! * h[k]!;
    z[j] = Math.tanh(a);
  }
  for (let i = 0; i < N; i++) {
    let v = h[i]! + b2[i]!;
    for (let j = 0; j < H; j++) v += W2[i * H + j]! * z[j]!;
    e[i] = v;
  }
}

/** From gE = ∂L/∂e, ADD P's parameter gradients into grads and ∂L/∂h into gH. */
export function expanderBackward(
  shape: ExpanderShape,
  p: Params64,
  h: Float64Array,
  z: Float64Array,
  gE: Float64Array,
  grads: Record<string, Float64Array>,
  gH: Float64Array,
): void {
  const { size: N, hidden: H } = shape;
  const W1 = p["P.W1"]!, W2 = p["P.W2"]!;
  const gW1 = grads["P.W1"]!, gb1 = grads["P.b1"]!, gW2 = grads["P.W2"]!, gb2 = grads["P.b2"]!;
  for (let i = 0; i < N; i++) {
    const g = gE[i]!;
    gb2[i] += g;
    gH[i] += g;
  }
  for (let j = 0; j < H; j++) {
    let gz = 0;
    for (let i = 0; i < N; i++) {
      const g = gE[i]!;
      gW2[i * H + j] += g * z[j]!;
      gz += W2[i * H + j]! * g;
    }
    const ga = gz * (1 - z[j]! * z[j]!);
    if (ga === 0) continue;
    gb1[j] += ga;
    for (let k = 0; k < N; k++) {
      gW1[j * N + k] += ga * h[k]!;
      gH[k] += ga * W1[j * N + k]!;
    }
  }
}

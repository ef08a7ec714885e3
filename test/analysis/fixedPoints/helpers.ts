// Small hand-made models for the fixed-point tests.
import type { Arch, Model, ModelSpec, Nonlinearity } from "../../../src/core/types";
import { Rng } from "../../../src/core/random";
import { gateCount } from "../../../src/models/spec";

export function randomModel(arch: Arch, N: number, I: number, seed: number, nonlinearity?: Nonlinearity, scale = 1.2): Model {
  const G = gateCount(arch);
  const rng = new Rng(seed);
  const spec: ModelSpec = { arch, inputSize: I, hiddenSize: N, outputSize: 1, ...(nonlinearity ? { nonlinearity } : {}), ...(arch === "leaky" ? { dt: 0.2 } : {}) };
  const w = (n: number, s: number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = rng.normal(0, s);
    return a;
  };
  const params: Record<string, Float32Array> = {
    weight_ih_l0: w(G * N * I, 1),
    weight_hh_l0: w(G * N * N, scale / Math.sqrt(N)),
    bias_hh_l0: w(G * N, 0.3),
    "readout.weight": w(N, 0.5),
    "readout.bias": w(1, 0.1),
  };
  if (arch !== "leaky") params.bias_ih_l0 = w(G * N, 0.3);
  return { spec, params };
}

/** A model from explicit weights (W [N,N] row-major, Win [N,I], b [N]). */
export function handModel(
  arch: Arch,
  W: number[],
  Win: number[],
  b: number[],
  extra: Partial<ModelSpec> = {},
): Model {
  const N = b.length;
  const I = Win.length / N;
  return {
    spec: { arch, inputSize: I, hiddenSize: N, outputSize: N, ...extra },
    params: {
      weight_hh_l0: Float32Array.from(W),
      weight_ih_l0: Float32Array.from(Win),
      bias_hh_l0: Float32Array.from(b),
    },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Solve x = a·tanh(x) for the positive root (a > 1) by bisection. */
export function positiveTanhRoot(a: number): number {
  let lo = 1e-9;
  let hi = a + 1;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (a * Math.tanh(mid) - mid > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

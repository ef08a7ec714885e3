/**
 * Adam for a stacked population: every network m has its own moments, step counter and learning rate.
 * Arithmetic follows torch.optim.Adam (bias-corrected step size, eps added after the bias-corrected
 * square root), done in float64 and stored in float32 like the parameters.
 */

export interface AdamConfig {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export const DEFAULT_ADAM: AdamConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Mutable optimiser state (owned by one training run). */
export interface AdamState {
  readonly networks: number;
  readonly m: Record<string, Float32Array>;
  readonly v: Record<string, Float32Array>;
  /** Updates taken per network since its last reset. */
  readonly step: Int32Array;
}

export function createAdamState(params: Readonly<Record<string, Float32Array>>, networks: number): AdamState {
  const m: Record<string, Float32Array> = {};
  const v: Record<string, Float32Array> = {};
  for (const name of Object.keys(params)) {
    m[name] = new Float32Array(params[name]!.length);
    v[name] = new Float32Array(params[name]!.length);
  }
  return { networks, m, v, step: new Int32Array(networks) };
}

/** Zero the moments and step counter of network `i` (after restoring its best weights). */
export function resetAdamNetwork(state: AdamState, i: number): void {
  for (const name of Object.keys(state.m)) {
    const m = state.m[name]!;
    const per = m.length / state.networks;
    m.fill(0, i * per, (i + 1) * per);
    state.v[name]!.fill(0, i * per, (i + 1) * per);
  }
  state.step[i] = 0;
}

/**
 * One Adam update of the networks listed in `which`, in place.
 * grads has the same names/layout as params; lr[i] is network i's learning rate.
 */
export function adamStep(
  params: Record<string, Float32Array>,
  grads: Readonly<Record<string, Float32Array>>,
  state: AdamState,
  lr: ArrayLike<number>,
  which: ReadonlyArray<number>,
  config: AdamConfig = DEFAULT_ADAM,
): void {
  const { beta1: b1, beta2: b2, eps } = config;
  for (const i of which) state.step[i]!++;
  for (const name of Object.keys(params)) {
    const p = params[name]!;
    const g = grads[name];
    if (!g) continue;
    const m = state.m[name]!;
    const v = state.v[name]!;
    const per = p.length / state.networks;
    for (const i of which) {
      const t = state.step[i]!;
      const bc1 = 1 - Math.pow(b1, t);
      const bc2 = 1 - Math.pow(b2, t);
      const stepSize = lr[i]! / bc1;
      const sqrtBc2 = Math.sqrt(bc2);
      const end = (i + 1) * per;
      for (let k = i * per; k < end; k++) {
        const gk = g[k]!;
        // fround = the float32 value the moment arrays store, so a resumed run computes the same update.
        const mk = Math.fround(b1 * m[k]! + (1 - b1) * gk);
        const vk = Math.fround(b2 * v[k]! + (1 - b2) * gk * gk);
        m[k] = mk;
        v[k] = vk;
        p[k] = p[k]! - (stepSize * mk) / (Math.sqrt(vk) / sqrtBc2 + eps);
      }
    }
  }
}

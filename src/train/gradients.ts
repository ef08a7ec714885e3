/**
 * Gradient post-processing per network: trainable masks, global-norm measurement and clipping.
 */
/** Per-parameter masks: names absent from the map are fully trainable (models' TrainableMask). */
export type MaskMap = Readonly<Partial<Record<string, boolean | Float32Array>>>;

/** Check masks against the parameter layout; throws a clear error on unknown names or wrong sizes. */
export function validateMasks(masks: MaskMap | undefined, params: Readonly<Record<string, Float32Array>>, networks: number): MaskMap {
  if (!masks) return {};
  for (const [name, mask] of Object.entries(masks)) {
    const p = params[name];
    if (!p) {
      throw new Error(`trainable: unknown parameter "${name}"; this model has ${Object.keys(params).join(", ")}.`);
    }
    if (mask !== undefined && typeof mask !== "boolean") {
      if (!(mask instanceof Float32Array)) throw new Error(`trainable["${name}"] must be a boolean or a Float32Array.`);
      const per = p.length / networks;
      if (mask.length !== per) {
        throw new Error(`trainable["${name}"] has ${mask.length} entries; one network's ${name} has ${per}.`);
      }
    }
  }
  return masks;
}

/** Apply masks to grads in place (frozen parameters get zero gradient). */
export function applyMasks(grads: Record<string, Float32Array>, masks: MaskMap, networks: number): void {
  for (const [name, mask] of Object.entries(masks)) {
    const g = grads[name];
    if (!g || mask === undefined || mask === true) continue;
    if (mask === false) {
      g.fill(0);
      continue;
    }
    const per = g.length / networks;
    for (let i = 0; i < networks; i++) {
      const off = i * per;
      for (let k = 0; k < per; k++) g[off + k]! *= mask[k]!;
    }
  }
}

/** Global L2 norm of each network's gradient over all parameters (float64 accumulation). */
export function gradNorms(grads: Readonly<Record<string, Float32Array>>, networks: number): Float64Array {
  const sq = new Float64Array(networks);
  for (const name of Object.keys(grads)) {
    const g = grads[name]!;
    const per = g.length / networks;
    for (let i = 0; i < networks; i++) {
      let s = 0;
      const end = (i + 1) * per;
      for (let k = i * per; k < end; k++) s += g[k]! * g[k]!;
      sq[i]! += s;
    }
  }
  for (let i = 0; i < networks; i++) sq[i] = Math.sqrt(sq[i]!);
  return sq;
}

/**
 * Clip each network's gradient to global norm ≤ maxNorm (torch.nn.utils.clip_grad_norm_:
 * scale by maxNorm / (norm + 1e-6) when that is < 1). `norms` from gradNorms.
 */
export function clipGradients(grads: Record<string, Float32Array>, norms: ArrayLike<number>, maxNorm: number, networks: number): void {
  for (let i = 0; i < networks; i++) {
    const coef = maxNorm / (norms[i]! + 1e-6);
    if (!(coef < 1)) continue;
    for (const name of Object.keys(grads)) {
      const g = grads[name]!;
      const per = g.length / networks;
      const end = (i + 1) * per;
      for (let k = i * per; k < end; k++) g[k] = g[k]! * coef;
    }
  }
}

/** First non-finite entry of a network's gradient, or null. */
export function findNonFinite(arrays: Readonly<Record<string, Float32Array>>, networks: number, i: number): { name: string; offset: number } | null {
  for (const name of Object.keys(arrays)) {
    const a = arrays[name]!;
    const per = a.length / networks;
    const end = (i + 1) * per;
    for (let k = i * per; k < end; k++) {
      if (!Number.isFinite(a[k]!)) return { name, offset: k - i * per };
    }
  }
  return null;
}

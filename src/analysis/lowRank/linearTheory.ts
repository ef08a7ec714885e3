/**
 * Leading-order theory of learning in the linear network (Schuessler et al. 2020, §4 / Fig. C–D).
 *
 * Task: readout of the fixed point z = w_outᵀ(1 − W)⁻¹ w_in must reach ẑ. The gradient w.r.t. W is
 * the rank-one matrix −(ẑ − z)·a bᵀ with a = (1 − W)⁻ᵀ w_out, b = (1 − W)⁻¹ w_in. For W0 = g·J the
 * vectors are amplified, ‖a‖²‖b‖² ≈ β² with β = 1/(1 − g²), so learning runs on the effective time
 * τ̃ = β²τ (τ = lr·updates): z ≈ ẑ(1 − e^{−τ̃}). Normalised to g = 0:
 *   convergence time ∝ (1 − g²)², ‖ΔW‖ ∝ 1 − g², mean gradient ∝ 1/(1 − g²),
 *   loss after shuffling W0 (keeping ΔW) ≈ g⁴(2 − g²)²·L0.
 */

function checkG(g: number, fn: string): void {
  if (!(g >= 0 && g < 1)) throw new Error(`${fn}: the linear theory needs 0 ≤ g < 1 (stable W0), got ${g}.`);
}

/** β = 1/(1 − g²): the amplification of ‖a‖·‖b‖ by the random connectivity. */
export function linearBeta(g: number): number {
  checkG(g, "linearBeta");
  return 1 / (1 - g * g);
}

/** Convergence (learning) time relative to g = 0: (1 − g²)². */
export function theoryConvergenceTime(g: number): number {
  checkG(g, "theoryConvergenceTime");
  return (1 - g * g) ** 2;
}

/** ‖ΔW‖ relative to g = 0: 1 − g². */
export function theoryDeltaNorm(g: number): number {
  checkG(g, "theoryDeltaNorm");
  return 1 - g * g;
}

/** Mean gradient norm relative to g = 0: 1/(1 − g²). */
export function theoryGradientNorm(g: number): number {
  checkG(g, "theoryGradientNorm");
  return 1 / (1 - g * g);
}

/** Loss after shuffling W0 relative to L0: g⁴(2 − g²)². */
export function theoryShuffleLoss(g: number): number {
  checkG(g, "theoryShuffleLoss");
  return g ** 4 * (2 - g * g) ** 2;
}

/** Third-order series of the readout in τ̃: z ≈ ẑτ̃ − ẑτ̃²/2 + (ẑτ̃³/6)(1 + 8ẑ²β). */
export function theoryReadout(zHat: number, tauTilde: number, beta: number): number {
  const t = tauTilde;
  return zHat * t - (zHat * t * t) / 2 + ((zHat * t ** 3) / 6) * (1 + 8 * zHat * zHat * beta);
}

/** Top singular value of ΔW: s1 ≈ (ẑ/β)[τ̃ − τ̃²/2 + (τ̃³/6)(1 + 3.5ẑ²β)]. */
export function theoryS1(zHat: number, tauTilde: number, beta: number): number {
  const t = tauTilde;
  return (zHat / beta) * (t - (t * t) / 2 + (t ** 3 / 6) * (1 + 3.5 * zHat * zHat * beta));
}

/** Second singular value of ΔW, which appears only at third order: s2 ≈ ẑ³τ̃³/12. */
export function theoryS2(zHat: number, tauTilde: number): number {
  return (zHat ** 3 * tauTilde ** 3) / 12;
}

/** Loss ½(ẑ − z)² of the leading-order (exponential) solution z = ẑ(1 − e^{−τ̃}). */
export function theoryLossExp(zHat: number, tauTilde: number): number {
  const z = zHat * (1 - Math.exp(-tauTilde));
  return 0.5 * (zHat - z) ** 2;
}

/** Loss ½(ẑ − z)² with the third-order series for z, cut at z = ẑ (the series grows monotonically). */
export function theoryLossSeries(zHat: number, tauTilde: number, beta: number): number {
  const z = theoryReadout(zHat, tauTilde, beta);
  const zc = zHat > 0 ? Math.min(z, zHat) : Math.max(z, zHat);
  return 0.5 * (zHat - zc) ** 2;
}

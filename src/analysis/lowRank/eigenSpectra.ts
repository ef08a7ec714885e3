/**
 * Eigenvalues of W0, W and ΔW in the complex plane. W0 = g·J fills the disc of radius g (circular
 * law); training adds a few outliers, often near Re λ = 1 (slow modes of the leaky dynamics).
 */
import { eigvals } from "../linalg/eig";
import type { ConnectivityChange } from "./connectivityChange";

export const EIGEN_SPECTRA_KIND = "rnn-atlas.lowRank.eigenSpectra";

export interface ComplexValues {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export interface EigenSpectra {
  readonly kind: typeof EIGEN_SPECTRA_KIND;
  readonly label?: string;
  /** Gain of W0 (radius of the circle), when known. */
  readonly g?: number;
  readonly w0: ComplexValues;
  readonly w: ComplexValues;
  readonly delta: ComplexValues;
}

/** Eigenvalues (sorted by real part, descending) of W0, W and ΔW. */
export function eigenSpectra(change: ConnectivityChange, opts: { g?: number; label?: string } = {}): EigenSpectra {
  const label = opts.label ?? change.label;
  return {
    kind: EIGEN_SPECTRA_KIND,
    ...(label !== undefined ? { label } : {}),
    ...(opts.g !== undefined ? { g: opts.g } : {}),
    w0: eigvals(change.w0, "real"),
    w: eigvals(change.w, "real"),
    delta: eigvals(change.delta, "real"),
  };
}

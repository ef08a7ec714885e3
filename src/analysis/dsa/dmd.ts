/**
 * Reduced-rank, delay-embedded dynamic mode decomposition (HAVOK-style DMD; Brunton et al. 2017), the
 * dynamics model DSA compares (Ostrow et al. 2023).
 *
 * 1. Delay-embed the trajectories: H [samples, nDelays·units] (`delayEmbedding`).
 * 2. SVD H = U S Vᵀ and keep rank r (fixed, or the fewest directions explaining a variance fraction).
 * 3. Coordinates of every embedded state in the kept directions: z = S_r⁻¹ V_rᵀ h ("whitened", the
 *    rows of U_r: the coordinates the reference implementation's A_v lives in, the default) or
 *    z = V_rᵀ h ("pcs": principal-component scores, the orthonormal projection).
 * 4. Least squares (optionally ridge) for the r×r operator A with z(t + 1) ≈ A z(t), over the
 *    transitions inside each trial (never across trial boundaries).
 *
 * Both coordinate choices give the same eigenvalues (they differ by the diagonal similarity S_r) but
 * not the same matrix, and DSA compares matrices only up to orthogonal similarity; "whitened" makes
 * the model invariant to any invertible linear re-mixing of the units that keeps the kept subspace.
 *
 * The SVD is computed from the Gram matrix of H (HᵀH, or HHᵀ when there are fewer samples than
 * embedding dimensions; ~5× faster than a direct SVD here), which squares the condition number; ranks
 * whose last singular value is below 1e-6 of the largest are therefore refused as numerically absent.
 */
import { solve, symmetricEig } from "../linalg/decompositions";
import type { DenseMatrix } from "../linalg/matrix";
import { centerColumns } from "../linalg/matrix";
import { gemm, transpose } from "../fixedPoints/gemm";
import type { DelayEmbedding, DelayEmbeddingOptions, TrialTrajectories, TrajectoryInput } from "./hankel";
import { delayEmbedding } from "./hankel";

export type DmdBasis = "whitened" | "pcs";

export interface DmdRankOptions {
  /**
   * Rank r of the model (default min(10, embedding dimension)). Giving a rank larger than the
   * embedding dimension nDelays·units is an error.
   */
  rank?: number;
  /** Alternative to rank: the fewest SVD directions explaining this fraction of H's variance (0, 1]. */
  varianceFraction?: number;
}

export interface DmdOptions extends DelayEmbeddingOptions, DmdRankOptions {
  /**
   * Ridge penalty λ ≥ 0 on the least-squares fit (default 0): minimises ‖Z₊ − Z₋Aᵀ‖² + λ‖A‖². In the
   * whitened basis the columns of Z have unit norm over all samples, so λ is relative to that.
   */
  ridge?: number;
  /** Coordinates of the model (default "whitened", as the reference DSA implementation). */
  basis?: DmdBasis;
  /**
   * Subtract each embedding column's mean before the SVD (default false, as the reference). Uncentred,
   * a mean offset of the activity (e.g. states around a fixed point away from 0) is one more slow
   * direction of the model; centred, the model describes the fluctuations around the mean.
   */
  center?: boolean;
}

export interface Dmd {
  /** r×r operator: z(t + 1) ≈ A z(t) (column-vector convention). */
  readonly A: DenseMatrix;
  readonly rank: number;
  readonly basis: DmdBasis;
  readonly ridge: number;
  /** Relative one-step residual ‖Z₊ − Z₋Aᵀ‖_F / ‖Z₊‖_F over all within-trial transitions (0 = exact). */
  readonly residual: number;
  /** Singular values of the delay-embedded matrix H, descending (all of them). */
  readonly singularValues: Float64Array;
  /** Fraction of H's variance (Σs² over the kept / over all) in the kept r directions. */
  readonly explainedVariance: number;
  /** Kept right singular vectors V_r [nDelays·units, r]: the embedding-space directions of the model. */
  readonly modes: DenseMatrix;
  readonly trials: number;
  readonly steps: number;
  readonly units: number;
  readonly nDelays: number;
  readonly delayInterval: number;
  /** Embedding dimension nDelays·units. */
  readonly dim: number;
  /** Within-trial transitions fitted: trials · (rowsPerTrial − 1). */
  readonly transitions: number;
}

/** The SVD of a delay embedding, computed once and fitted at any rank (used by dsaDistances). */
export interface HankelSvd {
  readonly embedding: DelayEmbedding;
  readonly s: Float64Array;
  /** Principal-component scores H V_r [samples, r] of the first r directions (computed on demand). */
  readonly scores: (r: number) => DenseMatrix;
  /** The first r right singular vectors V_r [nDelays·units, r]. */
  readonly modes: (r: number) => DenseMatrix;
}

/** Relative singular-value floor below which a direction counts as numerically absent (see module doc). */
export const DMD_RANK_TOLERANCE = 1e-6;

/** SVD of the delay-embedded matrix via its Gram matrix on the smaller side. */
export function hankelSvd(embedding: DelayEmbedding): HankelSvd {
  const H = embedding.matrix;
  const M = H.rows;
  const D = H.cols;
  const Ht = transpose(H.data, M, D);
  if (D <= M) {
    const HtH = new Float64Array(D * D);
    gemm(Ht, H.data, HtH, D, M, D);
    const e = symmetricEig({ rows: D, cols: D, data: symmetrised(HtH, D) });
    const s = Float64Array.from(e.values, (v) => Math.sqrt(Math.max(v, 0)));
    const V = e.vectors; // D × D
    const modes = (r: number): DenseMatrix => {
      const out = new Float64Array(D * r);
      for (let i = 0; i < D; i++) for (let c = 0; c < r; c++) out[i * r + c] = V.data[i * D + c];
      return { rows: D, cols: r, data: out };
    };
    const scores = (r: number): DenseMatrix => {
      const out = new Float64Array(M * r);
      gemm(H.data, modes(r).data, out, M, D, r);
      return { rows: M, cols: r, data: out };
    };
    return { embedding, s, scores, modes };
  }
  // Fewer samples than embedding dimensions: eigen-decompose H Hᵀ (M × M) for U, then V = Hᵀ U S⁻¹.
  const G = new Float64Array(M * M);
  gemm(H.data, Ht, G, M, D, M);
  const e = symmetricEig({ rows: M, cols: M, data: symmetrised(G, M) });
  const s = Float64Array.from(e.values, (v) => Math.sqrt(Math.max(v, 0)));
  const U = e.vectors;
  const scores = (r: number): DenseMatrix => {
    const out = new Float64Array(M * r);
    for (let i = 0; i < M; i++) for (let c = 0; c < r; c++) out[i * r + c] = U.data[i * M + c] * s[c];
    return { rows: M, cols: r, data: out };
  };
  const modes = (r: number): DenseMatrix => {
    const out = new Float64Array(D * r);
    for (let c = 0; c < r; c++) {
      const inv = s[c] > 0 ? 1 / s[c] : 0;
      for (let i = 0; i < M; i++) {
        const u = U.data[i * M + c] * inv;
        if (u === 0) continue;
        for (let k = 0; k < D; k++) out[k * r + c] += H.data[i * D + k] * u;
      }
    }
    return { rows: D, cols: r, data: out };
  };
  return { embedding, s, scores, modes };
}

/** (G + Gᵀ)/2 in place: a blocked product need not be bit-symmetric, the symmetric solver wants it. */
function symmetrised(G: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (G[i * n + j] + G[j * n + i]);
      G[i * n + j] = v;
      G[j * n + i] = v;
    }
  }
  return G;
}

/**
 * The rank a model of this SVD gets under `opts` (without fitting), with the same checks as fitDmd.
 * `who` prefixes error messages.
 */
export function dmdRank(svd: HankelSvd, opts: DmdRankOptions, who = "fitDmd"): number {
  const { embedding: emb, s } = svd;
  const D = emb.matrix.cols;
  let r: number;
  if (opts.rank !== undefined && opts.varianceFraction !== undefined) {
    throw new Error(`${who}: give rank or varianceFraction, not both.`);
  }
  if (opts.varianceFraction !== undefined) {
    const f = opts.varianceFraction;
    if (!(f > 0 && f <= 1)) throw new Error(`${who}: varianceFraction must be in (0, 1], got ${f}.`);
    let tot = 0;
    for (const v of s) tot += v * v;
    if (!(tot > 0)) throw new Error(`${who}: the trajectories are identically zero; there are no dynamics to fit.`);
    let acc = 0;
    r = 0;
    while (r < s.length && acc < f * tot * (1 - 1e-12)) acc += s[r] * s[r++];
    r = Math.max(r, 1);
  } else if (opts.rank !== undefined) {
    r = opts.rank;
    if (!Number.isInteger(r) || r < 1) throw new Error(`${who}: rank must be a positive integer, got ${r}.`);
    if (r > D) {
      throw new Error(
        `${who}: rank ${r} is larger than the embedding dimension ${D} (nDelays ${emb.nDelays} × ${emb.units} units); ` +
          `lower rank to ≤ ${D} or raise nDelays.`,
      );
    }
  } else {
    r = Math.min(10, D);
  }
  checkRank(svd, r, who);
  return r;
}

function checkRank(svd: HankelSvd, r: number, who: string): void {
  const { embedding: emb, s } = svd;
  const D = emb.matrix.cols;
  if (r > D) {
    throw new Error(
      `${who}: rank ${r} is larger than the embedding dimension ${D} (nDelays ${emb.nDelays} × ${emb.units} units); ` +
        `lower rank to ≤ ${D} or raise nDelays.`,
    );
  }
  const transitions = emb.trials * (emb.rowsPerTrial - 1);
  if (r > transitions) {
    throw new Error(`${who}: rank ${r} needs at least ${r} transitions to fit, the trajectories give ${transitions}; record more or longer trials, or lower rank.`);
  }
  if (!(s[0] > 0)) throw new Error(`${who}: the trajectories are identically zero; there are no dynamics to fit.`);
  const rel = (s[r - 1] ?? 0) / s[0];
  if (!(rel > DMD_RANK_TOLERANCE)) {
    let num = 0;
    while (num < s.length && s[num] / s[0] > DMD_RANK_TOLERANCE) num++;
    throw new Error(
      `${who}: rank ${r} exceeds the numerical rank ${num} of the delay-embedded trajectories ` +
        `(singular value ${r} is ${rel.toExponential(2)} of the largest); lower rank to ≤ ${num} or use varianceFraction.`,
    );
  }
}

/** Fits the r×r operator of an already decomposed embedding (rank checked by dmdRank). */
export function fitDmdAtRank(svd: HankelSvd, r: number, opts: { ridge?: number; basis?: DmdBasis } = {}, who = "fitDmd"): Dmd {
  const emb = svd.embedding;
  const ridge = opts.ridge ?? 0;
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new Error(`${who}: ridge must be a finite number ≥ 0, got ${opts.ridge}.`);
  const basis = opts.basis ?? "whitened";
  if (basis !== "whitened" && basis !== "pcs") throw new Error(`${who}: basis must be "whitened" or "pcs", got ${String(basis)}.`);
  checkRank(svd, r, who);
  const Z = svd.scores(r);
  if (basis === "whitened") {
    for (let i = 0; i < Z.rows; i++) for (let c = 0; c < r; c++) Z.data[i * r + c] /= svd.s[c];
  }
  const R = emb.rowsPerTrial;
  const T = emb.trials * (R - 1);
  const extra = ridge > 0 ? r : 0;
  const minus = new Float64Array((T + extra) * r);
  const plus = new Float64Array((T + extra) * r);
  let row = 0;
  for (let b = 0; b < emb.trials; b++) {
    for (let t = 0; t + 1 < R; t++, row++) {
      const i0 = (b * R + t) * r;
      minus.set(Z.data.subarray(i0, i0 + r), row * r);
      plus.set(Z.data.subarray(i0 + r, i0 + 2 * r), row * r);
    }
  }
  // Ridge as an augmented least-squares problem [Z₋; √λ I] X = [Z₊; 0] (QR, no normal equations).
  for (let c = 0; c < extra; c++) minus[(T + c) * r + c] = Math.sqrt(ridge);
  let X: DenseMatrix;
  try {
    X = solve({ rows: T + extra, cols: r, data: minus }, { rows: T + extra, cols: r, data: plus });
  } catch (e) {
    throw new Error(`${who}: the least-squares fit at rank ${r} is singular (${(e as Error).message}); lower rank or pass ridge > 0.`);
  }
  for (const v of X.data) {
    if (!Number.isFinite(v)) throw new Error(`${who}: the least-squares fit at rank ${r} is singular; lower rank or pass ridge > 0.`);
  }
  // Residual over the real transitions only (not the ridge rows).
  let res = 0;
  let nrm = 0;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < r; j++) {
      let acc = plus[i * r + j];
      nrm += acc * acc;
      for (let k = 0; k < r; k++) acc -= minus[i * r + k] * X.data[k * r + j];
      res += acc * acc;
    }
  }
  const A = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) A[i * r + j] = X.data[j * r + i];
  let tot = 0;
  let kept = 0;
  svd.s.forEach((v, i) => {
    tot += v * v;
    if (i < r) kept += v * v;
  });
  return {
    A: { rows: r, cols: r, data: A },
    rank: r,
    basis,
    ridge,
    residual: nrm > 0 ? Math.sqrt(res / nrm) : 0,
    singularValues: svd.s,
    explainedVariance: tot > 0 ? kept / tot : 1,
    modes: svd.modes(r),
    trials: emb.trials,
    steps: emb.steps,
    units: emb.units,
    nDelays: emb.nDelays,
    delayInterval: emb.delayInterval,
    dim: emb.matrix.cols,
    transitions: T,
  };
}

/** The delay embedding a DMD fit uses: `delayEmbedding`, then centred columns if `opts.center`. */
export function dmdEmbedding(input: TrajectoryInput | TrialTrajectories, opts: DmdOptions = {}): DelayEmbedding {
  const emb = delayEmbedding(input, opts);
  return opts.center ? { ...emb, matrix: centerColumns(emb.matrix) } : emb;
}

/** Delay-embeds trajectories and fits the reduced-rank DMD operator (module doc). */
export function fitDmd(input: TrajectoryInput | TrialTrajectories, opts: DmdOptions = {}): Dmd {
  const emb = dmdEmbedding(input, opts);
  const svd = hankelSvd(emb);
  const r = dmdRank(svd, opts, "fitDmd");
  return fitDmdAtRank(svd, r, opts, "fitDmd");
}

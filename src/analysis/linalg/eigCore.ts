/**
 * One-matrix eigen-decomposition driver shared by the single-matrix API, the main-thread batch
 * loop and the worker threads: raw QR results → normalised, sorted eigenpairs written into the
 * batch output arrays at the matrix's slot.
 *
 * Conventions (documented on the public API in eig.ts):
 * - right eigenvector j = column j of an n×n row-major block, unit 2-norm, its largest-modulus
 *   component real and positive;
 * - left eigenvector j = column j, u_jᴴ A = λ_j u_jᴴ, scaled so u_jᴴ v_j = 1 (rows of V⁻¹, conjugated);
 * - order: "abs" = |λ| descending, "real" = Re λ descending, "none" = as QR found them; ties by
 *   Re λ then Im λ descending (so a conjugate pair lists +Im first).
 */
import { eigWorkSize, hessenbergReduce, hqrEigenvalues, hqrSchurVectors } from "./hessenbergQr";

export type EigVectorsMode = "none" | "right" | "both";
export type EigSortOrder = "abs" | "real" | "none";

/** Output arrays of a batch; vector arrays are present when requested. */
export interface EigOutputs {
  re: Float64Array;
  im: Float64Array;
  rightRe?: Float64Array;
  rightIm?: Float64Array;
  leftRe?: Float64Array;
  leftIm?: Float64Array;
}

/** Per-thread scratch buffers for size n. */
export interface EigScratch {
  n: number;
  h: Float64Array;
  z: Float64Array;
  work: Float64Array;
  wr: Float64Array;
  wi: Float64Array;
  inv: Float64Array;
  lu: Float64Array;
  piv: Int32Array;
  order: number[];
}

export function makeEigScratch(n: number): EigScratch {
  return {
    n,
    h: new Float64Array(n * n),
    z: new Float64Array(n * n),
    work: new Float64Array(eigWorkSize(n)),
    wr: new Float64Array(n),
    wi: new Float64Array(n),
    inv: new Float64Array(n * n),
    lu: new Float64Array(n * n),
    piv: new Int32Array(n),
    order: Array.from({ length: n }, (_, i) => i),
  };
}

/**
 * Raw decomposition of src[srcOff..] into scratch: eigenvalues in wr/wi and, if `vectors`,
 * real-packed right eigenvectors in z (see hessenbergQr.ts).
 */
export function eigRaw(src: ArrayLike<number>, srcOff: number, sc: EigScratch, vectors: boolean): void {
  const n = sc.n;
  const h = sc.h;
  for (let i = 0; i < n * n; i++) {
    const v = src[srcOff + i];
    if (!Number.isFinite(v)) {
      throw new Error(
        `eig: matrix entry (${Math.floor(i / n)}, ${i % n}) is ${v}; eigen-decomposition needs finite values ` +
          `(check the Jacobian / fixed point that produced it).`,
      );
    }
    h[i] = v;
  }
  if (vectors) {
    hessenbergReduce(h, 0, n, sc.work, sc.z, 0);
    hqrSchurVectors(h, 0, n, sc.wr, sc.wi, 0, sc.z, 0);
  } else {
    hessenbergReduce(h, 0, n, sc.work, null, 0);
    hqrEigenvalues(h, 0, n, sc.wr, sc.wi, 0);
  }
}

/**
 * Turns raw results in sc (wr, wi and, for vectors, real-packed z) into final outputs at slot b.
 * `z` may be replaced by an external array (native path) via zSrc/zOff.
 */
export function eigFinish(
  sc: EigScratch,
  out: EigOutputs,
  b: number,
  vectors: EigVectorsMode,
  sort: EigSortOrder,
  zSrc: Float64Array = sc.z,
  zOff = 0,
  pre?: { inverse: Float64Array; ok: boolean },
): void {
  const n = sc.n;
  const wr = sc.wr;
  const wi = sc.wi;
  const order = sc.order;
  for (let i = 0; i < n; i++) order[i] = i;
  if (sort !== "none") {
    const byAbs = sort === "abs";
    order.sort((a, c) => {
      if (byAbs) {
        const d = Math.hypot(wr[c], wi[c]) - Math.hypot(wr[a], wi[a]);
        // Conjugates have bitwise-equal moduli only up to rounding: treat near-ties as ties.
        if (Math.abs(d) > 1e-14 * (Math.hypot(wr[c], wi[c]) + 1e-300)) return d;
      }
      if (wr[c] !== wr[a]) return wr[c] - wr[a];
      return wi[c] - wi[a];
    });
  }
  const eo = b * n;
  for (let k = 0; k < n; k++) {
    out.re[eo + k] = wr[order[k]];
    out.im[eo + k] = wi[order[k]];
  }
  if (vectors === "none") return;

  const P = sc.inv;
  for (let i = 0; i < n * n; i++) P[i] = zSrc[zOff + i];
  // With `pre`, the caller already normalised zSrc (normalizePacked) and inverted it.
  if (!pre) normalizePacked(P, n, wi);
  writeVectors(P, n, order, wi, out, b, vectors, sc, pre);
}

/**
 * Normalises real-packed eigenvector columns in place: unit 2-norm, largest-modulus component real
 * positive. Must run exactly once per matrix (the left vectors are the inverse of the result).
 */
export function normalizePacked(P: Float64Array, n: number, wi: ArrayLike<number>, off = 0): void {
  for (let j = 0; j < n; j++) {
    if (wi[j] === 0) {
      let big = 0;
      let sgn = 1;
      let nrm = 0;
      for (let i = 0; i < n; i++) {
        const v = P[off + i * n + j];
        nrm += v * v;
        if (Math.abs(v) > big) {
          big = Math.abs(v);
          sgn = v < 0 ? -1 : 1;
        }
      }
      const f = nrm > 0 ? sgn / Math.sqrt(nrm) : 0;
      for (let i = 0; i < n; i++) P[off + i * n + j] *= f;
    } else if (wi[j] > 0) {
      let big = -1;
      let a = 1;
      let c = 0;
      let nrm = 0;
      for (let i = 0; i < n; i++) {
        const vr = P[off + i * n + j];
        const vi = P[off + i * n + j + 1];
        const m2 = vr * vr + vi * vi;
        nrm += m2;
        if (m2 > big) {
          big = m2;
          a = vr;
          c = vi;
        }
      }
      // Multiply by conj(v_k)/|v_k| / ‖v‖ so component k becomes real positive.
      const f = nrm > 0 && big > 0 ? 1 / (Math.sqrt(big) * Math.sqrt(nrm)) : 0;
      for (let i = 0; i < n; i++) {
        const vr = P[off + i * n + j];
        const vi = P[off + i * n + j + 1];
        P[off + i * n + j] = (vr * a + vi * c) * f;
        P[off + i * n + j + 1] = (vi * a - vr * c) * f;
      }
      j++;
    }
  }
}

function writeVectors(
  P: Float64Array,
  n: number,
  order: number[],
  wi: Float64Array,
  out: EigOutputs,
  b: number,
  vectors: EigVectorsMode,
  sc: EigScratch,
  pre?: { inverse: Float64Array; ok: boolean },
): void {
  const mo = b * n * n;
  const rRe = out.rightRe!;
  const rIm = out.rightIm!;
  for (let k = 0; k < n; k++) {
    const j = order[k];
    if (wi[j] === 0) {
      for (let i = 0; i < n; i++) {
        rRe[mo + i * n + k] = P[i * n + j];
        rIm[mo + i * n + k] = 0;
      }
    } else {
      const base = wi[j] > 0 ? j : j - 1;
      const s = wi[j] > 0 ? 1 : -1;
      for (let i = 0; i < n; i++) {
        rRe[mo + i * n + k] = P[i * n + base];
        rIm[mo + i * n + k] = s * P[i * n + base + 1];
      }
    }
  }
  if (vectors !== "both") return;
  const lRe = out.leftRe!;
  const lIm = out.leftIm!;
  const W = pre ? pre.inverse : sc.z; // sc.z is free scratch: it was copied into P
  const ok = pre ? pre.ok : invertInto(P, n, sc.lu, sc.piv, W);
  for (let k = 0; k < n; k++) {
    const j = order[k];
    if (!ok) {
      for (let i = 0; i < n; i++) {
        lRe[mo + i * n + k] = NaN;
        lIm[mo + i * n + k] = NaN;
      }
      continue;
    }
    if (wi[j] === 0) {
      for (let i = 0; i < n; i++) {
        lRe[mo + i * n + k] = W[j * n + i];
        lIm[mo + i * n + k] = 0;
      }
    } else {
      // Rows of V⁻¹ for the pair: ½(W_j ∓ i·W_{j+1}); u = their conjugates.
      const base = wi[j] > 0 ? j : j - 1;
      const s = wi[j] > 0 ? 1 : -1;
      for (let i = 0; i < n; i++) {
        lRe[mo + i * n + k] = 0.5 * W[base * n + i];
        lIm[mo + i * n + k] = 0.5 * s * W[(base + 1) * n + i];
      }
    }
  }
}

/**
 * W = A⁻¹ for row-major n×n A via LU with partial pivoting. Returns false (W unspecified) when A
 * is singular to working precision, e.g. the eigenvector matrix of a defective matrix.
 */
export function invertInto(A: Float64Array, n: number, lu: Float64Array, piv: Int32Array, W: Float64Array): boolean {
  lu.set(A.subarray(0, n * n));
  let amax = 0;
  for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(lu[i]));
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (best <= 1e-14 * amax || best === 0) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const d = 1 / lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] *= d);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  // Solve LU X = P I column by column, but stored row-major: build X = I permuted, then
  // forward/backward substitute on all columns at once (row operations, contiguous).
  W.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) W[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = W[k * n + j];
        W[k * n + j] = W[p * n + j];
        W[p * n + j] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const f = lu[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) W[i * n + j] -= f * W[k * n + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const f = lu[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) W[i * n + j] -= f * W[k * n + j];
    }
    const d = 1 / lu[i * n + i];
    for (let j = 0; j < n; j++) W[i * n + j] *= d;
  }
  return true;
}

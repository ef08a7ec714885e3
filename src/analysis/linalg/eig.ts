/**
 * Eigen-decomposition of real non-symmetric matrices in float64: one matrix (`eig`) or a batch of
 * equally sized ones (`eigBatch`, synchronous; `eigBatchParallel`, spread over worker threads).
 *
 * Backends, fastest first: the native addon in native/linalg (C++, multi-threaded; built by
 * `node native/linalg/build.js`), then pure JS (Hessenberg + Francis double-shift QR). Results are
 * identical up to rounding and follow the same conventions:
 *
 * - eigenvalues `re[b·n + k]`, `im[b·n + k]`, sorted per matrix by `sort` (default "abs": |λ|
 *   descending as in FixedPointFinder; "real": Re λ descending, the useful order for continuous-time
 *   stability; "none": QR order). Ties (e.g. a conjugate pair) list the larger real, then the positive
 *   imaginary part first.
 * - right eigenvectors (`vectors: "right" | "both"`): `rightRe/rightIm[b·n² + i·n + k]` = component i
 *   of eigenvector k (column k, as in NumPy), unit 2-norm, largest-modulus component real positive.
 * - left eigenvectors (`vectors: "both"`): column k is u_k with u_kᴴ A = λ_k u_kᴴ, normalised so
 *   u_kᴴ v_k = 1 (rows of V⁻¹, conjugated). Projecting a real perturbation δx onto mode k is then
 *   c_k = u_kᴴ δx. For a defective matrix (V singular) the left vectors of that matrix are NaN.
 *
 * Matrices are not balanced first (LAPACK's default is to balance); Jacobians of trained RNNs are
 * well scaled, and balancing would change nothing but rounding for them.
 */
import {
  EigOutputs,
  EigScratch,
  EigSortOrder,
  EigVectorsMode,
  eigFinish,
  eigRaw,
  makeEigScratch,
  normalizePacked,
} from "./eigCore";
import { MatrixLike, toDense } from "./matrix";
import { loadNativeLinalg } from "./native";

export type { EigSortOrder, EigVectorsMode } from "./eigCore";

export interface EigOptions {
  /** Which eigenvectors to compute. Default "none" for batches, "both" for `eig`. */
  vectors?: EigVectorsMode;
  /** Eigenvalue order per matrix. Default "abs" (|λ| descending). */
  sort?: EigSortOrder;
  /**
   * "auto" (default): native addon if it loads, else JS. "native" throws if the addon is missing;
   * "js" forces the pure-JS kernel (reference / testing).
   */
  backend?: "auto" | "native" | "js";
  /** Native threads (default: all cores). */
  threads?: number;
}

/** Eigen-decompositions of a batch: plain typed arrays, layouts in the module doc. */
export interface EigBatchResult {
  readonly n: number;
  readonly count: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly rightRe?: Float64Array;
  readonly rightIm?: Float64Array;
  readonly leftRe?: Float64Array;
  readonly leftIm?: Float64Array;
  /** Which kernel produced it ("native", "js", "workers"). */
  readonly backend: string;
}

/** Complex n×n matrix (row-major real and imaginary parts); eigenvectors are its columns. */
export interface ComplexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Eigen-decomposition of one matrix. */
export interface EigResult {
  readonly n: number;
  readonly values: { readonly re: Float64Array; readonly im: Float64Array };
  /** Right eigenvectors as columns (A v_k = λ_k v_k). */
  readonly right?: ComplexMatrix;
  /** Left eigenvectors as columns (u_kᴴ A = λ_k u_kᴴ, u_kᴴ v_k = 1). */
  readonly left?: ComplexMatrix;
}

export function checkBatchArgs(mats: ArrayLike<number>, n: number, count: number, fn: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: n must be a positive integer, got ${n}.`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`${fn}: count must be a non-negative integer, got ${count}.`);
  if (mats.length !== n * n * count) {
    throw new Error(
      `${fn}: got ${mats.length} values but ${count} matrices of ${n}×${n} need ${n * n * count} ` +
        `(layout [count, n, n], row-major).`,
    );
  }
}

export function allocEigOutputs(n: number, count: number, vectors: EigVectorsMode, shared = false): EigOutputs {
  const mk = (len: number) =>
    shared ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len);
  const out: EigOutputs = { re: mk(n * count), im: mk(n * count) };
  if (vectors !== "none") {
    out.rightRe = mk(n * n * count);
    out.rightIm = mk(n * n * count);
  }
  if (vectors === "both") {
    out.leftRe = mk(n * n * count);
    out.leftIm = mk(n * n * count);
  }
  return out;
}

/** Runs matrices [from, to) of the batch with the JS kernel into `out`. */
export function eigRangeJs(
  mats: ArrayLike<number>,
  n: number,
  from: number,
  to: number,
  out: EigOutputs,
  vectors: EigVectorsMode,
  sort: EigSortOrder,
  sc: EigScratch = makeEigScratch(n),
): void {
  for (let b = from; b < to; b++) {
    try {
      eigRaw(mats, b * n * n, sc, vectors !== "none");
    } catch (e) {
      throw new Error(`eigBatch: matrix ${b}: ${(e as Error).message}`);
    }
    eigFinish(sc, out, b, vectors, sort);
  }
}

/**
 * Eigen-decomposes `count` n×n matrices stored back to back (row-major) in `mats`.
 * Synchronous; uses the native addon (all cores) when available, else one JS thread.
 * For the JS fallback on several cores use `eigBatchParallel`.
 */
export function eigBatch(mats: ArrayLike<number>, n: number, count: number, opts: EigOptions = {}): EigBatchResult {
  checkBatchArgs(mats, n, count, "eigBatch");
  const vectors = opts.vectors ?? "none";
  const sort = opts.sort ?? "abs";
  const backend = opts.backend ?? "auto";
  const native = backend === "js" ? null : loadNativeLinalg();
  if (backend === "native" && !native) {
    throw new Error(
      "eigBatch: backend 'native' requested but the linalg addon is not built. Run `node native/linalg/build.js` " +
        "(needs g++ and node headers) or use backend 'auto'.",
    );
  }
  const out = allocEigOutputs(n, count, vectors);
  if (native) {
    const m64 = mats instanceof Float64Array ? mats : Float64Array.from(mats);
    for (let i = 0; i < m64.length; i++) {
      if (!Number.isFinite(m64[i])) {
        const b = Math.floor(i / (n * n));
        const e = i % (n * n);
        throw new Error(
          `eigBatch: matrix ${b}: entry (${Math.floor(e / n)}, ${e % n}) is ${m64[i]}; eigen-decomposition needs ` +
            `finite values (check the Jacobian / fixed point that produced it).`,
        );
      }
    }
    const rawRe = new Float64Array(n * count);
    const rawIm = new Float64Array(n * count);
    const packed = vectors === "none" ? null : new Float64Array(n * n * count);
    native.eigBatch(m64, n, count, rawRe, rawIm, packed, opts.threads ?? 0);
    const sc = makeEigScratch(n);
    let inverses: Float64Array | null = null;
    let okFlags: Uint8Array | null = null;
    if (packed && vectors === "both" && native.invertBatch) {
      // Normalise once here, then invert every eigenvector matrix in C++ (the O(n³) part).
      for (let b = 0; b < count; b++) normalizePacked(packed, n, rawIm.subarray(b * n, b * n + n), b * n * n);
      inverses = new Float64Array(n * n * count);
      okFlags = new Uint8Array(count);
      native.invertBatch(packed, n, count, inverses, okFlags, opts.threads ?? 0);
    }
    for (let b = 0; b < count; b++) {
      sc.wr.set(rawRe.subarray(b * n, b * n + n));
      sc.wi.set(rawIm.subarray(b * n, b * n + n));
      const pre =
        inverses && okFlags ? { inverse: inverses.subarray(b * n * n, (b + 1) * n * n), ok: okFlags[b] === 1 } : undefined;
      eigFinish(sc, out, b, vectors, sort, packed ?? sc.z, b * n * n, pre);
    }
    return { n, count, ...out, backend: "native" };
  }
  eigRangeJs(mats, n, 0, count, out, vectors, sort);
  return { n, count, ...out, backend: "js" };
}

/** Eigenvalues and (by default) left and right eigenvectors of one square matrix. */
export function eig(matrix: MatrixLike, opts: EigOptions = {}): EigResult {
  const m = toDense(matrix, "eig");
  if (m.rows !== m.cols) throw new Error(`eig: matrix must be square, got ${m.rows}×${m.cols}.`);
  const n = m.rows;
  const vectors = opts.vectors ?? "both";
  const r = eigBatch(m.data, n, 1, { ...opts, vectors, threads: 1 });
  return {
    n,
    values: { re: r.re, im: r.im },
    right: r.rightRe ? { rows: n, cols: n, re: r.rightRe, im: r.rightIm! } : undefined,
    left: r.leftRe ? { rows: n, cols: n, re: r.leftRe, im: r.leftIm! } : undefined,
  };
}

/** Eigenvalues only (sorted as `sort`, default |λ| descending). */
export function eigvals(matrix: MatrixLike, sort: EigSortOrder = "abs"): { re: Float64Array; im: Float64Array } {
  return eig(matrix, { vectors: "none", sort }).values;
}

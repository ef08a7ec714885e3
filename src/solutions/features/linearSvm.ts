/**
 * Soft-margin linear SVM with an unregularised bias, solved in the dual by SMO with second-order
 * working-set selection (Fan, Chen & Lin 2005, the algorithm of libsvm's C-SVC). Used for the
 * "svm_margin" neural feature (Turner et al. 2021 §5.5): standardise the two point clouds
 * together, fit with C = 100, and report the margin width 2/‖w‖ when every point is classified
 * correctly, else 0. Written here because no maintained ml.js SVM fits (ml-svm is unmaintained;
 * libsvm-js needs wasm); the problems are small (a few hundred points).
 */

export interface LinearSvmOptions {
  /** Box constraint (default 100, as in the paper). */
  readonly C?: number;
  /** KKT stopping tolerance on the maximal violating pair (default 1e-3, libsvm's). */
  readonly tolerance?: number;
  /**
   * Iteration cap (default 1e5; the paper used 1e6). Separable sets converge in far fewer; the
   * non-separable ones can take ~1e6 SMO steps (≈ 10 s) only to confirm a training accuracy ≈ 0.9,
   * so the feature (0 unless accuracy = 1) is the same with the lower cap on all 25 fixture RSG nets.
   */
  readonly maxIter?: number;
  /** Standardise features (zero mean, unit population SD over both sets) first (default true). */
  readonly standardise?: boolean;
}

export interface LinearSvmFit {
  /** Weight vector in the (standardised) feature space. */
  readonly w: Float64Array;
  /** Decision f(x) = w·x − rho (positive = first set). */
  readonly rho: number;
  /** Fraction of the training points on their side (f > 0 for the first set, f < 0 for the second). */
  readonly accuracy: number;
  /** 2/‖w‖. */
  readonly margin: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Standardised copy of the rows (population SD; constant columns become 0, as scikit-learn does). */
export function standardiseRows(rows: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  const n = rows.length;
  const d = rows[0]!.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const r of rows) for (let i = 0; i < d; i++) mean[i]! += r[i]! / n;
  for (const r of rows) for (let i = 0; i < d; i++) sd[i]! += (r[i]! - mean[i]!) ** 2 / n;
  for (let i = 0; i < d; i++) sd[i] = sd[i]! > 0 ? Math.sqrt(sd[i]!) : 1;
  return rows.map((r) => Float64Array.from({ length: d }, (_, i) => (r[i]! - mean[i]!) / sd[i]!));
}

/** Fits a linear C-SVC separating `a` (label +1) from `b` (label −1). */
export function fitLinearSvm(a: ReadonlyArray<ArrayLike<number>>, b: ReadonlyArray<ArrayLike<number>>, options: LinearSvmOptions = {}): LinearSvmFit {
  const C = options.C ?? 100;
  const eps = options.tolerance ?? 1e-3;
  const maxIter = options.maxIter ?? 100_000;
  if (a.length < 1 || b.length < 1) throw new RangeError(`fitLinearSvm: need at least one point in each set, got ${a.length} and ${b.length}.`);
  if (!(C > 0)) throw new RangeError(`fitLinearSvm: C must be > 0, got ${C}.`);
  const raw = [...a, ...b];
  const d = raw[0]!.length;
  for (const r of raw) if (r.length !== d) throw new RangeError(`fitLinearSvm: all points need ${d} coordinates, got one with ${r.length}.`);
  const X = options.standardise === false ? raw.map((r) => Float64Array.from(r)) : standardiseRows(raw);
  const n = X.length;
  const y = Float64Array.from({ length: n }, (_, i) => (i < a.length ? 1 : -1));
  // Gram matrix (n ≤ a few thousand here).
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      const xi = X[i]!;
      const xj = X[j]!;
      for (let k = 0; k < d; k++) s += xi[k]! * xj[k]!;
      K[i * n + j] = s;
      K[j * n + i] = s;
    }
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1); // gradient of ½αᵀQα − eᵀα, Q_ij = y_i y_j K_ij
  const TAU = 1e-12;
  const upper = (t: number) => (y[t]! > 0 ? alpha[t]! < C : alpha[t]! > 0);
  const lower = (t: number) => (y[t]! > 0 ? alpha[t]! > 0 : alpha[t]! < C);
  let iter = 0;
  let converged = false;
  for (; iter < maxIter; iter++) {
    let gmax = -Infinity;
    let i = -1;
    for (let t = 0; t < n; t++)
      if (upper(t) && -y[t]! * G[t]! >= gmax) {
        gmax = -y[t]! * G[t]!;
        i = t;
      }
    let gmax2 = -Infinity;
    let j = -1;
    let objMin = Infinity;
    for (let t = 0; t < n; t++) {
      if (!lower(t)) continue;
      const v = y[t]! * G[t]!;
      if (v >= gmax2) gmax2 = v;
      const grad = gmax + v;
      if (i >= 0 && grad > 0) {
        let quad = K[i * n + i]! + K[t * n + t]! - 2 * K[i * n + t]!;
        if (quad <= 0) quad = TAU;
        const obj = -(grad * grad) / quad;
        if (obj <= objMin) {
          objMin = obj;
          j = t;
        }
      }
    }
    if (gmax + gmax2 < eps || j < 0 || i < 0) {
      converged = true;
      break;
    }
    // Two-variable update (libsvm's analytic step with clipping to the box).
    const Qij = y[i]! * y[j]! * K[i * n + j]!;
    const Qii = K[i * n + i]!;
    const Qjj = K[j * n + j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = Qii + Qjj + 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > 0) {
        if (ai > C) {
          ai = C;
          aj = C - diff;
        }
      } else if (aj > C) {
        aj = C;
        ai = C + diff;
      }
    } else {
      let quad = Qii + Qjj - 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > C) {
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dAi = ai - oldAi;
    const dAj = aj - oldAj;
    for (let t = 0; t < n; t++) G[t]! += y[t]! * (y[i]! * K[t * n + i]! * dAi + y[j]! * K[t * n + j]! * dAj);
  }
  // rho: mean of y·G over free vectors, else the middle of the feasible interval (libsvm).
  let nFree = 0;
  let sumFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  for (let t = 0; t < n; t++) {
    const yG = y[t]! * G[t]!;
    if (alpha[t]! >= C) {
      if (y[t]! < 0) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (alpha[t]! <= 0) {
      if (y[t]! > 0) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  const w = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    if (alpha[t] === 0) continue;
    const c = alpha[t]! * y[t]!;
    for (let k = 0; k < d; k++) w[k]! += c * X[t]![k]!;
  }
  let correct = 0;
  for (let t = 0; t < n; t++) {
    let f = -rho;
    for (let k = 0; k < d; k++) f += w[k]! * X[t]![k]!;
    if ((y[t]! > 0 && f > 0) || (y[t]! < 0 && f < 0)) correct++;
  }
  let norm = 0;
  for (const v of w) norm += v * v;
  return { w, rho, accuracy: correct / n, margin: 2 / Math.sqrt(norm), iterations: iter, converged };
}

/** The §5.5 feature: margin width 2/‖w‖ of the C-SVC when it separates the two sets perfectly, else 0. */
export function svmMargin(a: ReadonlyArray<ArrayLike<number>>, b: ReadonlyArray<ArrayLike<number>>, options: LinearSvmOptions = {}): number {
  const fit = fitLinearSvm(a, b, options);
  return fit.accuracy === 1 ? fit.margin : 0;
}

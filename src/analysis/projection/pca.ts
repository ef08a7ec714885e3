/**
 * Principal component analysis of a [samples, features] matrix (e.g. hidden states of all trials and
 * time steps stacked), fitted on one set of trajectories and applicable to others.
 */
import { svd } from "../linalg/decompositions";
import { DenseMatrix, MatrixLike, assertFinite, centerColumns, columnMeans, toDense } from "../linalg/matrix";

/** A fitted PCA: plain data (the `transform` helper is non-enumerable, so JSON keeps only data). */
export interface PcaModel {
  /** Feature means subtracted before projecting. */
  readonly mean: Float64Array;
  /** k × features; row c is principal axis c (unit norm, largest entry positive). */
  readonly components: DenseMatrix;
  /** Variance along each axis (sample variance, divisor samples − 1), descending. */
  readonly explainedVariance: Float64Array;
  /** explainedVariance / total variance of the data. */
  readonly explainedVarianceRatio: Float64Array;
  readonly totalVariance: number;
  readonly singularValues: Float64Array;
  readonly nSamples: number;
  /** Projects other data (same features) onto the fitted axes: [samples, k]. */
  readonly transform: (x: MatrixLike) => DenseMatrix;
}

/**
 * Fits PCA with k components (default all: min(samples, features)).
 * @param x [samples, features] (rows are observations).
 */
export function fitPca(x: MatrixLike, k?: number): PcaModel {
  const X = toDense(x, "fitPca");
  assertFinite(X, "fitPca");
  if (X.rows < 2) throw new Error(`fitPca: need at least 2 samples, got ${X.rows}.`);
  const kMax = Math.min(X.rows, X.cols);
  const kk = k ?? kMax;
  if (!Number.isInteger(kk) || kk < 1 || kk > kMax) {
    throw new Error(`fitPca: k must be an integer in [1, ${kMax}] (min of samples and features), got ${k}.`);
  }
  const mean = columnMeans(X);
  const Xc = centerColumns(X, mean);
  const { s, v } = svd(Xc);
  const dof = X.rows - 1;
  let total = 0;
  for (let i = 0; i < Xc.data.length; i++) total += Xc.data[i] * Xc.data[i];
  total /= dof;
  const components = new Float64Array(kk * X.cols);
  for (let c = 0; c < kk; c++) for (let f = 0; f < X.cols; f++) components[c * X.cols + f] = v.data[f * v.cols + c];
  const explainedVariance = Float64Array.from(s.subarray(0, kk), (sv) => (sv * sv) / dof);
  const model = {
    mean,
    components: { rows: kk, cols: X.cols, data: components },
    explainedVariance,
    explainedVarianceRatio: Float64Array.from(explainedVariance, (ev) => (total > 0 ? ev / total : 0)),
    totalVariance: total,
    singularValues: Float64Array.from(s.subarray(0, kk)),
    nSamples: X.rows,
  } as Omit<PcaModel, "transform">;
  Object.defineProperty(model, "transform", {
    value: (y: MatrixLike) => pcaTransform(model as PcaModel, y),
    enumerable: false,
  });
  return model as PcaModel;
}

/** Projects [samples, features] data onto a fitted PCA's axes → [samples, k]. */
export function pcaTransform(model: Pick<PcaModel, "mean" | "components">, x: MatrixLike): DenseMatrix {
  const X = toDense(x, "pcaTransform");
  const p = model.components.cols;
  if (X.cols !== p) {
    throw new Error(`pcaTransform: data has ${X.cols} features but the PCA was fitted on ${p}.`);
  }
  const k = model.components.rows;
  const out = new Float64Array(X.rows * k);
  const C = model.components.data;
  for (let i = 0; i < X.rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let f = 0; f < p; f++) s += (X.data[i * p + f] - model.mean[f]) * C[c * p + f];
      out[i * k + c] = s;
    }
  }
  return { rows: X.rows, cols: k, data: out };
}

/** Maps PCA coordinates [samples, k] back to feature space (mean + coords·components). */
export function pcaInverseTransform(model: Pick<PcaModel, "mean" | "components">, z: MatrixLike): DenseMatrix {
  const Z = toDense(z, "pcaInverseTransform");
  const k = model.components.rows;
  const p = model.components.cols;
  if (Z.cols !== k) throw new Error(`pcaInverseTransform: coordinates have ${Z.cols} columns, the PCA has ${k} components.`);
  const out = new Float64Array(Z.rows * p);
  for (let i = 0; i < Z.rows; i++) {
    for (let f = 0; f < p; f++) out[i * p + f] = model.mean[f];
    for (let c = 0; c < k; c++) {
      const zc = Z.data[i * k + c];
      for (let f = 0; f < p; f++) out[i * p + f] += zc * model.components.data[c * p + f];
    }
  }
  return { rows: Z.rows, cols: p, data: out };
}

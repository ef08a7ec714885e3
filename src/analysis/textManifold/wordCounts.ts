/**
 * The theory's prediction from the training data alone (Aitken et al. 2020): word-count statistics.
 * For each word w and class c, the log-likelihood evidence E[w, c] = log P(w | c) − mean_c' log P(w | c')
 * (add-α smoothed counts; the bag-of-words / naive-Bayes evidence a word adds to each class). An
 * integrator only needs to remember the span of these evidence vectors, so the number of principal
 * components of E (rows weighted by word frequency) that carry its variance predicts the attractor
 * manifold's dimension: C − 1 for unordered classes, fewer when ordering correlates the classes.
 */
import { svd } from "../linalg/decompositions";
import type { Trials } from "../../core/types";

export interface WordCountStatistics {
  readonly classes: number;
  readonly vocabSize: number;
  /** counts[w][c]: occurrences of word w in documents of class c. */
  readonly counts: number[][];
  /** Documents per class. */
  readonly documents: number[];
  /** E[w][c], centred over classes (each row sums to 0). */
  readonly evidence: number[][];
  /** Word frequencies (fraction of all tokens). */
  readonly frequency: number[];
  /** Explained-variance ratios of the frequency-weighted E, descending (at most C − 1 are non-zero). */
  readonly explainedVarianceRatio: number[];
  /** Smallest d whose first d components reach `variance`. */
  readonly predictedDimension: number;
  readonly variance: number;
}

export interface WordCountOptions {
  readonly classes: number;
  readonly vocabSize: number;
  /** Add-α smoothing of the counts (default 1). */
  readonly smoothing?: number;
  /** Variance fraction the predicted dimension must reach (default 0.9). */
  readonly variance?: number;
}

/** Documents as token-id lists with their labels (e.g. from trials' meta: tokens "3,1,4", label). */
export function documentsOf(trials: Pick<Trials, "meta">): { docs: number[][]; labels: number[] } {
  const docs = trials.meta.map((m, i) => {
    if (typeof m.tokens !== "string") throw new Error(`documentsOf: trial ${i} has no "tokens" meta (a text task's trials carry it).`);
    return m.tokens.length ? m.tokens.split(",").map(Number) : [];
  });
  const labels = trials.meta.map((m, i) => {
    const l = Number(m.label);
    if (!Number.isInteger(l) || l < 0) throw new Error(`documentsOf: trial ${i} has label ${String(m.label)}; a class index ≥ 0 is needed.`);
    return l;
  });
  return { docs, labels };
}

export function wordCountStatistics(docs: ReadonlyArray<ReadonlyArray<number>>, labels: ReadonlyArray<number>, opts: WordCountOptions): WordCountStatistics {
  const { classes: C, vocabSize: V } = opts;
  const alpha = opts.smoothing ?? 1;
  const variance = opts.variance ?? 0.9;
  if (!(Number.isInteger(C) && C >= 2)) throw new Error(`wordCountStatistics: classes must be an integer ≥ 2, got ${C}.`);
  if (!(Number.isInteger(V) && V >= 1)) throw new Error(`wordCountStatistics: vocabSize must be a positive integer, got ${V}.`);
  if (!(alpha > 0)) throw new Error(`wordCountStatistics: smoothing must be > 0 (log of a zero count), got ${alpha}.`);
  if (docs.length !== labels.length) throw new Error(`wordCountStatistics: ${docs.length} documents but ${labels.length} labels.`);
  const counts = Array.from({ length: V }, () => new Array<number>(C).fill(0));
  const documents = new Array<number>(C).fill(0);
  docs.forEach((doc, i) => {
    const c = labels[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < C)) throw new Error(`wordCountStatistics: label ${c} of document ${i} is not a class in [0, ${C}).`);
    documents[c]!++;
    for (const w of doc) {
      if (!(Number.isInteger(w) && w >= 0 && w < V)) throw new Error(`wordCountStatistics: token ${w} of document ${i} is outside the vocabulary [0, ${V}).`);
      counts[w]![c]!++;
    }
  });
  const missing = documents.findIndex((n) => n === 0);
  if (missing >= 0) throw new Error(`wordCountStatistics: class ${missing} has no documents; use more documents.`);
  const classTotals = Array.from({ length: C }, (_, c) => counts.reduce((s, row) => s + row[c]!, 0));
  const total = classTotals.reduce((s, n) => s + n, 0);
  const evidence = counts.map((row) => {
    const logp = row.map((n, c) => Math.log((n + alpha) / (classTotals[c]! + alpha * V)));
    const m = logp.reduce((s, v) => s + v, 0) / C;
    return logp.map((v) => v - m);
  });
  const frequency = counts.map((row) => row.reduce((s, n) => s + n, 0) / total);
  // Frequency-weighted rows: a word's evidence matters in proportion to how often it is read.
  const W = { rows: V, cols: C, data: Float64Array.from(evidence.flatMap((row, w) => row.map((v) => v * Math.sqrt(frequency[w]!)))) };
  const s2 = Array.from(svd(W).s, (x) => x * x);
  const tot = s2.reduce((a, b) => a + b, 0);
  const explainedVarianceRatio = s2.map((v) => (tot > 0 ? v / tot : 0));
  let cum = 0;
  let predictedDimension = explainedVarianceRatio.length;
  for (let d = 0; d < explainedVarianceRatio.length; d++) {
    cum += explainedVarianceRatio[d]!;
    if (cum >= variance - 1e-12) { predictedDimension = d + 1; break; }
  }
  return { classes: C, vocabSize: V, counts, documents, evidence, frequency, explainedVarianceRatio, predictedDimension, variance };
}

/**
 * Bag-of-words baselines (Maheswaranathan & Sussillo 2020, §5): logistic regression on word counts,
 * and the same extended with contextual terms — counts of (modifier, word) pairs with the word
 * within the modifier's span, and counts of words in the first / last positions of the document.
 * The paper's measure is the fraction of the RNN's accuracy gain over the plain bag of words that
 * the extended model recovers: (acc_context − acc_bow) / (acc_rnn − acc_bow).
 */
import { solve } from "../linalg/decompositions";

export interface BowFeatureSpec {
  readonly vocabSize: number;
  /** Contextual terms; omitted: the plain bag of words. */
  readonly context?: {
    /** Modifier token ids. */
    readonly modifiers: ReadonlyArray<number>;
    /** How many following tokens a modifier's pair terms cover. */
    readonly span: number;
    /** Words in the first `first` / last `last` positions get their own counts. */
    readonly first: number;
    readonly last: number;
  };
}

/** Feature vector of one document: [word counts V | modifier×word pairs M·V | first-position V | last-position V]. */
export function bowFeatures(doc: ReadonlyArray<number>, spec: BowFeatureSpec): Float64Array {
  const V = spec.vocabSize;
  if (!(Number.isInteger(V) && V >= 1)) throw new Error(`bowFeatures: vocabSize must be an integer ≥ 1, got ${V}.`);
  const c = spec.context;
  if (c) {
    if (!(Number.isInteger(c.span) && c.span >= 1)) throw new Error(`bowFeatures: context.span must be an integer ≥ 1, got ${c.span}.`);
    if (!(Number.isInteger(c.first) && c.first >= 0 && Number.isInteger(c.last) && c.last >= 0)) throw new Error(`bowFeatures: context.first and context.last must be integers ≥ 0, got ${c.first}, ${c.last}.`);
    c.modifiers.forEach((m) => { if (!(Number.isInteger(m) && m >= 0 && m < V)) throw new Error(`bowFeatures: modifier ${m} is not a token id in [0, ${V}).`); });
  }
  const M = c ? c.modifiers.length : 0;
  const x = new Float64Array(V + (c ? M * V + 2 * V : 0));
  const L = doc.length;
  doc.forEach((w, t) => {
    if (!(Number.isInteger(w) && w >= 0 && w < V)) throw new Error(`bowFeatures: token ${w} at position ${t} is not an id in [0, ${V}).`);
    x[w]! += 1;
    if (!c) return;
    for (let s = Math.max(0, t - c.span); s < t; s++) {
      const mi = c.modifiers.indexOf(doc[s]!);
      if (mi >= 0) x[V + mi * V + w]! += 1;
    }
    if (t < c.first) x[V + M * V + w]! += 1;
    if (t >= L - c.last) x[V + M * V + V + w]! += 1;
  });
  return x;
}

export interface LogisticModel {
  /** Weights per feature, then the bias last. */
  readonly weights: Float64Array;
  readonly features: number;
}

/** L2-regularised logistic regression by Newton's method (labels 0/1; the bias is not penalised). */
export function fitLogistic(X: ReadonlyArray<ArrayLike<number>>, y: ReadonlyArray<number>, opts: { l2?: number; iterations?: number } = {}): LogisticModel {
  if (X.length === 0 || X.length !== y.length) throw new Error(`fitLogistic: need as many labels as rows (≥ 1), got ${X.length} rows and ${y.length} labels.`);
  const F = X[0]!.length;
  X.forEach((r, i) => { if (r.length !== F) throw new Error(`fitLogistic: row ${i} has ${r.length} features, row 0 has ${F}.`); });
  y.forEach((v, i) => { if (v !== 0 && v !== 1) throw new Error(`fitLogistic: labels must be 0 or 1, got ${v} at ${i}.`); });
  const l2 = opts.l2 ?? 1e-2;
  const iters = opts.iterations ?? 25;
  const D = F + 1;
  const w = new Float64Array(D);
  for (let it = 0; it < iters; it++) {
    const g = new Float64Array(D);
    const H = Array.from({ length: D }, () => new Float64Array(D));
    X.forEach((row, n) => {
      const p = sigmoid(linear(w, row));
      const r = p - y[n]!, s = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < D; i++) {
        const xi = i < F ? row[i]! : 1;
        if (xi === 0) continue;
        g[i]! += r * xi;
        const Hi = H[i]!;
        for (let j = 0; j < D; j++) { const xj = j < F ? row[j]! : 1; if (xj !== 0) Hi[j]! += s * xi * xj; }
      }
    });
    for (let i = 0; i < F; i++) { g[i]! += l2 * w[i]!; H[i]![i]! += l2; }
    H[F]![F]! += 1e-9;
    const step = solve(H, Array.from(g, (v) => [v])).data;
    let maxStep = 0;
    for (let i = 0; i < D; i++) { w[i]! -= step[i]!; maxStep = Math.max(maxStep, Math.abs(step[i]!)); }
    if (maxStep < 1e-8) break;
  }
  return { weights: w, features: F };
}

/** Predicted labels (0/1) of a logistic model. */
export function predictLogistic(model: LogisticModel, X: ReadonlyArray<ArrayLike<number>>): number[] {
  return X.map((row, i) => {
    if (row.length !== model.features) throw new Error(`predictLogistic: row ${i} has ${row.length} features, the model ${model.features}.`);
    return linear(model.weights, row) > 0 ? 1 : 0;
  });
}

export interface BowComparison {
  /** Per held-out document: correct (1) or not (0), for each model. */
  readonly bowCorrect: number[];
  readonly contextCorrect: number[];
  readonly rnnCorrect: number[];
  readonly accuracy: { bow: number; context: number; rnn: number };
  /** (acc_context − acc_bow) / (acc_rnn − acc_bow); NaN when the RNN gains nothing over the bag of words. */
  readonly recovered: number;
}

/**
 * Fit the plain and the contextual bag of words on training documents and compare them with the
 * RNN's held-out correctness (`rnnCorrect[i]`: the RNN classified test document i correctly).
 */
export function compareBagOfWords(
  train: { docs: ReadonlyArray<ReadonlyArray<number>>; labels: ReadonlyArray<number> },
  test: { docs: ReadonlyArray<ReadonlyArray<number>>; labels: ReadonlyArray<number> },
  rnnCorrect: ReadonlyArray<boolean | number>,
  spec: BowFeatureSpec & { context: NonNullable<BowFeatureSpec["context"]> },
  opts: { l2?: number } = {},
): BowComparison {
  if (test.docs.length !== rnnCorrect.length) throw new Error(`compareBagOfWords: ${test.docs.length} test documents but ${rnnCorrect.length} RNN results.`);
  if (train.docs.length !== train.labels.length || test.docs.length !== test.labels.length) throw new Error("compareBagOfWords: every document needs a label (docs and labels differ in length).");
  const run = (s: BowFeatureSpec): number[] => {
    const m = fitLogistic(train.docs.map((d) => bowFeatures(d, s)), train.labels, opts);
    return predictLogistic(m, test.docs.map((d) => bowFeatures(d, s))).map((p, i) => (p === test.labels[i] ? 1 : 0));
  };
  const bowCorrect = run({ vocabSize: spec.vocabSize });
  const contextCorrect = run(spec);
  const rnn = rnnCorrect.map((c) => (c ? 1 : 0));
  const acc = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const accuracy = { bow: acc(bowCorrect), context: acc(contextCorrect), rnn: acc(rnn) };
  return { bowCorrect, contextCorrect, rnnCorrect: rnn, accuracy, recovered: recoveredFraction(accuracy) };
}

/** (context − bow) / (rnn − bow); NaN when rnn ≤ bow. */
export function recoveredFraction(a: { bow: number; context: number; rnn: number }): number {
  return a.rnn > a.bow ? (a.context - a.bow) / (a.rnn - a.bow) : NaN;
}

function linear(w: Float64Array, row: ArrayLike<number>): number {
  let z = w[w.length - 1]!;
  for (let i = 0; i < row.length; i++) z += w[i]! * row[i]!;
  return z;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * predictTypes(features, types): how well neural features predict a network's solution type
 * (Turner et al. 2021 §5.5). Keep classes with ≥ minClassSize members, standardise, then repeat a
 * stratified train/test split (default 50 × 90/10), fit a random forest (typePredictionForest), and
 * report Cohen's κ per split, its mean κ̄, and the row-normalised confusion matrix averaged over
 * splits. Optionally a label-permutation baseline: the same procedure on shuffled types gives the
 * κ̄ expected by chance and a p-value.
 *
 *   const r = predictTypes(F.rows, types, { seed: 1, permutations: 20 });
 *   r.meanKappa; r.confusion; r   // displays as a confusion matrix titled with κ̄
 *
 * Forest: 100 trees, bootstrap samples, √p candidate features per split, Gini, grown to purity
 * (scikit-learn's defaults, which the paper used). On the authors' stored features our κ̄ agrees with
 * the rerun of their script (see test/solutions/typePrediction.test.ts).
 */
import { Rng, deriveSeed } from "../core/random";
import { RandomForest } from "./typePredictionForest";

export interface TypePredictionOptions {
  /** Classes with fewer members are dropped (default 10, the paper's main-type cut). */
  readonly minClassSize?: number;
  /** Labels to drop before anything else (e.g. the authors' 0 = "other"). */
  readonly dropLabels?: ReadonlyArray<string | number>;
  /** Repeated splits (default 50). */
  readonly splits?: number;
  /** Test share per split (default 0.1). */
  readonly testFraction?: number;
  /** Trees per forest (default 100, scikit-learn's default). */
  readonly trees?: number;
  readonly seed?: number;
  /** Label permutations for the chance baseline (default 0 = none). */
  readonly permutations?: number;
  /** Splits per permutation (default 10; the null κ̄ needs fewer splits than the estimate). */
  readonly permutationSplits?: number;
  /** Feature names (for display). */
  readonly featureNames?: ReadonlyArray<string>;
}

/** Result of predictTypes: plain data plus a display hook (registered in src/plots/solutions). */
export class TypePrediction {
  constructor(
    /** Class labels kept (≥ minClassSize members), largest first. */
    readonly classes: string[],
    /** Members per kept class. */
    readonly classCounts: number[],
    /** Cohen's κ of each split. */
    readonly kappas: number[],
    /** Accuracy of each split. */
    readonly accuracies: number[],
    /** Row-normalised confusion matrix (rows = true class), mean over splits. */
    readonly confusion: number[][],
    /** Networks used / given. */
    readonly used: number,
    readonly total: number,
    readonly featureNames: string[],
    /** κ̄ of each label permutation (empty without a baseline). */
    readonly nullKappas: number[],
    readonly options: Required<Omit<TypePredictionOptions, "featureNames" | "dropLabels">> & { dropLabels: string[] },
  ) {}
  get meanKappa(): number {
    return mean(this.kappas);
  }
  get sdKappa(): number {
    return sd(this.kappas);
  }
  get meanAccuracy(): number {
    return mean(this.accuracies);
  }
  /** Mean of the permutation κ̄s (NaN without a baseline). */
  get nullMeanKappa(): number {
    return this.nullKappas.length ? mean(this.nullKappas) : NaN;
  }
  /** One-sided permutation p-value (1 + #{null κ̄ ≥ κ̄}) / (1 + permutations); NaN without a baseline. */
  get pValue(): number {
    if (!this.nullKappas.length) return NaN;
    const k = this.meanKappa;
    return (1 + this.nullKappas.filter((v) => v >= k).length) / (1 + this.nullKappas.length);
  }
  toString(): string {
    const base = this.nullKappas.length ? `; chance κ̄ ${this.nullMeanKappa.toFixed(2)} (p = ${this.pValue.toPrecision(2)}, ${this.nullKappas.length} permutations)` : "";
    return `TypePrediction: κ̄ = ${this.meanKappa.toFixed(2)} ± ${this.sdKappa.toFixed(2)} over ${this.kappas.length} splits, ${this.classes.length} classes (${this.classCounts.join(", ")}), ${this.used}/${this.total} networks${base}`;
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};

/** Cohen's κ of two label sequences: (p_o − p_e) / (1 − p_e); 0 when p_e = 1. */
export function cohenKappa(truth: ReadonlyArray<number>, pred: ReadonlyArray<number>): number {
  const n = truth.length;
  if (n === 0 || pred.length !== n) throw new RangeError(`cohenKappa: need two equally long non-empty label lists, got ${n} and ${pred.length}.`);
  const a = new Map<number, number>();
  const b = new Map<number, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    if (truth[i] === pred[i]) agree++;
    a.set(truth[i]!, (a.get(truth[i]!) ?? 0) + 1);
    b.set(pred[i]!, (b.get(pred[i]!) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, v] of a) pe += (v / n) * ((b.get(k) ?? 0) / n);
  return pe === 1 ? 0 : (po - pe) / (1 - pe);
}

/** Stratified split: per class round(share × test size) with largest remainders, ≥ 1 left for training. */
export function stratifiedSplit(y: ReadonlyArray<number>, testFraction: number, rng: Rng): { train: number[]; test: number[] } {
  const n = y.length;
  const nTest = Math.ceil(testFraction * n);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(i));
  const classes = [...byClass.keys()].sort((p, q) => p - q);
  const quota = classes.map((c) => (byClass.get(c)!.length * nTest) / n);
  const take = quota.map(Math.floor);
  let left = nTest - take.reduce((s, v) => s + v, 0);
  const order = classes.map((_, i) => i).sort((p, q) => quota[q]! - take[q]! - (quota[p]! - take[p]!) || rng.uniform() - 0.5);
  for (const i of order) {
    if (left <= 0) break;
    take[i]!++;
    left--;
  }
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, k) => {
    const idx = rng.shuffle([...byClass.get(c)!]);
    const t = Math.min(take[k]!, idx.length - 1);
    test.push(...idx.slice(0, t));
    train.push(...idx.slice(t));
  });
  return { train, test };
}

/** Column-wise z-scores (population SD; constant columns → 0). */
export function standardiseColumns(X: ReadonlyArray<ArrayLike<number>>): number[][] {
  const n = X.length;
  const d = X[0]!.length;
  const m = new Float64Array(d);
  const s = new Float64Array(d);
  for (const r of X) for (let j = 0; j < d; j++) m[j]! += r[j]! / n;
  for (const r of X) for (let j = 0; j < d; j++) s[j]! += (r[j]! - m[j]!) ** 2 / n;
  return X.map((r) => Array.from({ length: d }, (_, j) => (s[j]! > 0 ? (r[j]! - m[j]!) / Math.sqrt(s[j]!) : 0)));
}

interface SplitRun {
  kappas: number[];
  accuracies: number[];
  confusion: number[][];
}

function runSplits(X: number[][], y: number[], K: number, splits: number, testFraction: number, trees: number, seed: number): SplitRun {
  const kappas: number[] = [];
  const accuracies: number[] = [];
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const rows = Array.from({ length: K }, () => 0);
  for (let s = 0; s < splits; s++) {
    const rng = new Rng(deriveSeed(seed, "split", s));
    const { train, test } = stratifiedSplit(y, testFraction, rng);
    const rf = RandomForest.fit(
      train.map((i) => X[i]!),
      train.map((i) => y[i]!),
      K,
      { trees, seed: deriveSeed(seed, "forest", s) },
    );
    const pred = test.map((i) => rf.predict(X[i]!));
    const truth = test.map((i) => y[i]!);
    kappas.push(cohenKappa(truth, pred));
    accuracies.push(truth.filter((t, i) => t === pred[i]).length / truth.length);
    // per-split row-normalised matrix, then averaged (as the paper does)
    const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    truth.forEach((t, i) => m[t]![pred[i]!]!++);
    m.forEach((r, i) => {
      const tot = r.reduce((a, b) => a + b, 0);
      if (tot > 0) {
        rows[i]!++;
        r.forEach((v, j) => (confusion[i]![j]! += v / tot));
      }
    });
  }
  confusion.forEach((r, i) => r.forEach((_, j) => (r[j] = rows[i]! > 0 ? r[j]! / rows[i]! : 0)));
  return { kappas, accuracies, confusion };
}

export function predictTypes(features: ReadonlyArray<ArrayLike<number>>, types: ReadonlyArray<string | number>, options: TypePredictionOptions = {}): TypePrediction {
  const who = "predictTypes";
  const minClassSize = options.minClassSize ?? 10;
  const splits = options.splits ?? 50;
  const testFraction = options.testFraction ?? 0.1;
  const trees = options.trees ?? 100;
  const seed = options.seed ?? 0;
  const permutations = options.permutations ?? 0;
  const permutationSplits = options.permutationSplits ?? 10;
  const drop = new Set((options.dropLabels ?? []).map(String));
  if (features.length !== types.length) throw new RangeError(`${who}: ${features.length} feature rows but ${types.length} types; pass one type per network.`);
  if (features.length === 0) throw new RangeError(`${who}: no networks.`);
  const d = features[0]!.length;
  features.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`${who}: row ${i} has ${r.length} features, row 0 has ${d}.`);
    for (let j = 0; j < d; j++) if (!Number.isFinite(r[j]!)) throw new RangeError(`${who}: feature ${options.featureNames?.[j] ?? j} of network ${i} is ${r[j]}; drop or impute non-finite features first.`);
  });
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`${who}: testFraction must be in (0, 1), got ${testFraction}.`);
  if (!(Number.isInteger(splits) && splits >= 1)) throw new RangeError(`${who}: splits must be a positive integer, got ${splits}.`);
  const counts = new Map<string, number>();
  types.forEach((t) => !drop.has(String(t)) && counts.set(String(t), (counts.get(String(t)) ?? 0) + 1));
  const classes = [...counts].filter(([, c]) => c >= minClassSize).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (classes.length < 2) {
    throw new RangeError(`${who}: need at least 2 types with ≥ ${minClassSize} networks, found ${classes.length} (${[...counts].map(([k, v]) => `${k}: ${v}`).join(", ")}); train more networks or lower minClassSize.`);
  }
  const index = new Map(classes.map(([k], i) => [k, i]));
  const keep = types.map((t, i) => (index.has(String(t)) ? i : -1)).filter((i) => i >= 0);
  const X = standardiseColumns(keep.map((i) => features[i]!));
  const y = keep.map((i) => index.get(String(types[i]))!);
  const K = classes.length;
  const main = runSplits(X, y, K, splits, testFraction, trees, seed);
  const nullKappas: number[] = [];
  for (let p = 0; p < permutations; p++) {
    const rng = new Rng(deriveSeed(seed, "permutation", p));
    const yp = rng.shuffle([...y]);
    nullKappas.push(mean(runSplits(X, yp, K, permutationSplits, testFraction, trees, deriveSeed(seed, "null", p)).kappas));
  }
  return new TypePrediction(
    classes.map(([k]) => k),
    classes.map(([, c]) => c),
    main.kappas,
    main.accuracies,
    main.confusion,
    keep.length,
    types.length,
    options.featureNames ? [...options.featureNames] : Array.from({ length: d }, (_, j) => `f${j}`),
    nullKappas,
    { minClassSize, splits, testFraction, trees, seed, permutations, permutationSplits, dropLabels: [...drop] },
  );
}

/**
 * Small-sample statistics for the notebooks' claims: intervals for fractions, bootstrap intervals,
 * permutation p-values, order statistics and correlations. Everything random takes a seed.
 */
import { Rng } from "../core/random";
import { pearson } from "../solutions/features/geometry";

// One Pearson correlation in the project: the features' one (its exact arithmetic matches the fixtures).
export { pearson };

function finite(xs: ArrayLike<number>, who: string): number[] {
  const out = Array.from(xs);
  if (out.length === 0) throw new Error(`${who}: no values (pass at least one number).`);
  const bad = out.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`${who}: value ${bad} is ${out[bad]}; drop non-finite values first.`);
  return out;
}

export function mean(xs: ArrayLike<number>): number {
  const v = finite(xs, "mean");
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Sample standard deviation (n − 1). */
export function sd(xs: ArrayLike<number>): number {
  const v = finite(xs, "sd");
  if (v.length < 2) return NaN;
  const m = mean(v);
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return Math.sqrt(s / (v.length - 1));
}

/** Quantile with linear interpolation between order statistics (type 7, NumPy's default). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must lie in [0, 1], got ${q}.`);
  const v = finite(xs, "quantile").sort((a, b) => a - b);
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo]! + (h - lo) * (v[hi]! - v[lo]!);
}

export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

function ranks(v: number[]): number[] {
  const idx = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    for (let k = i; k <= j; k++) r[idx[k]![1]] = (i + j) / 2 + 1; // ties share the mean rank
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation (ties get mean ranks). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(finite(x, "spearman x")), ranks(finite(y, "spearman y")));
}

// ---- fractions --------------------------------------------------------------------------------

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must lie in (0, 1), got ${p}.`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface Interval {
  readonly lo: number;
  readonly hi: number;
  /** Two-sided confidence level, e.g. 0.95. */
  readonly level: number;
}

function checkCount(k: number, n: number, who: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${who}: n must be a positive integer, got ${n}.`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`${who}: k must be an integer in [0, n = ${n}], got ${k}.`);
}

/** Wilson score interval for k successes in n trials: honest at small n, unlike k/n ± z·se. */
export function wilsonInterval(k: number, n: number, level = 0.95): Interval {
  checkCount(k, n, "wilsonInterval");
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const den = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), level };
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** P(X ≥ k) for X ~ Binomial(n, p): the one-sided p-value of "the fraction exceeds p". */
export function binomialUpperTail(k: number, n: number, p: number): number {
  checkCount(k, n, "binomialUpperTail");
  if (!(p >= 0 && p <= 1)) throw new Error(`binomialUpperTail: p must lie in [0, 1], got ${p}.`);
  if (k === 0) return 1;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let s = 0;
  for (let j = k; j <= n; j++) s += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log(1 - p));
  return Math.min(1, s);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  checkCount(k, n, "binomialLowerTail");
  return k === n ? 1 : 1 - binomialUpperTail(k + 1, n, p);
}

// ---- resampling -------------------------------------------------------------------------------

export interface BootstrapOptions {
  readonly seed: number;
  /** Resamples (default 2000). */
  readonly reps?: number;
  /** Two-sided level of the percentile interval (default 0.95). */
  readonly level?: number;
}

/** Percentile bootstrap interval of `stat` over resamples of `values` (seeded). */
export function bootstrapInterval<T>(values: readonly T[], stat: (sample: T[]) => number, opts: BootstrapOptions): Interval & { estimate: number } {
  if (values.length === 0) throw new Error("bootstrapInterval: no values to resample.");
  const reps = opts.reps ?? 2000;
  const level = opts.level ?? 0.95;
  const rng = new Rng(opts.seed);
  const stats: number[] = [];
  const sample = new Array<T>(values.length);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[rng.int(0, values.length - 1)]!;
    const s = stat(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < reps / 2) throw new Error(`bootstrapInterval: the statistic was not finite on ${reps - stats.length} of ${reps} resamples.`);
  const a = (1 - level) / 2;
  return { estimate: stat([...values]), lo: quantile(stats, a), hi: quantile(stats, 1 - a), level };
}

/**
 * Permutation p-value with the +1 correction, (1 + #{null ≥ observed}) / (1 + R): never 0, and
 * never below 1/(1 + R), which `permutationsFor` turns into the number of permutations a claimed
 * level needs.
 */
export function permutationPValue(observed: number, nulls: ArrayLike<number>): number {
  const v = Array.from(nulls);
  if (v.length === 0) throw new Error("permutationPValue: no null statistics (run at least one permutation).");
  let ge = 0;
  for (const x of v) if (x >= observed) ge++;
  return (1 + ge) / (1 + v.length);
}

/** Permutations needed so that a p-value can reach `alpha` with room for `slack` null exceedances. */
export function permutationsFor(alpha: number, slack = 4): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`permutationsFor: alpha must lie in (0, 1), got ${alpha}.`);
  return Math.ceil((1 + slack) / alpha);
}

/** Fisher–Yates shuffle of a copy (seeded stream). */
export function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

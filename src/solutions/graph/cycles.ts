/**
 * Limit-cycle detection on a lace (§5.3 step B), the autocorrelation variant used on short recorded
 * segments, scipy-style peak prominence, and a linear-separability test for comparing cycles.
 */
import type { GraphOptions } from "./options";
import { dist, stepSpeed } from "./lace";

/** Indices of local maxima (plateaus resolved to their middle) whose prominence is ≥ minProminence. */
export function findPeaks(x: ReadonlyArray<number>, minProminence: number): number[] {
  const n = x.length;
  const peaks: number[] = [];
  let i = 1;
  while (i < n - 1) {
    if (x[i - 1]! < x[i]!) {
      let ahead = i + 1;
      while (ahead < n - 1 && x[ahead] === x[i]) ahead++;
      if (x[ahead]! < x[i]!) {
        peaks.push(Math.floor((i + ahead - 1) / 2));
        i = ahead;
      }
    }
    i++;
  }
  return peaks.filter((p) => {
    let leftMin = x[p]!;
    for (let j = p; j >= 0 && x[j]! <= x[p]!; j--) leftMin = Math.min(leftMin, x[j]!);
    let rightMin = x[p]!;
    for (let j = p; j < n && x[j]! <= x[p]!; j++) rightMin = Math.min(rightMin, x[j]!);
    return x[p]! - Math.max(leftMin, rightMin) >= minProminence;
  });
}

/** Counter.most_common: by count descending, ties by first occurrence. */
function mostCommon(values: ReadonlyArray<number>): Array<[number, number]> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** A detected cycle: cut the lace at `end` (exclusive) and close it with an edge end−1 → `start`. */
export interface CycleCut {
  readonly end: number;
  readonly start: number;
}

/**
 * Distance-matrix cycle finder on a simulated lace: after skipping `cycleSkip` steps, each state's
 * candidate period is the first prominent minimum of its distance to later states; the most common
 * period (count > cycleMinCount, period > cycleMinPeriod) is accepted when it covers the lace.
 */
export function findLaceCycle(states: ReadonlyArray<Float64Array>, o: GraphOptions): CycleCut | null {
  const delta = o.cycleSkip;
  if (states.length <= delta) return null;
  const rest = states.slice(delta);
  const n = rest.length;
  const minPeriod = states.length === 2 * delta ? 2 : o.cycleMinPeriod;
  const periods: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = i + 1; j < n; j++) row.push(-dist(rest[i]!, rest[j]!));
    const pk = findPeaks(row, o.cycleProminence);
    periods.push((pk.length ? pk[0]! : -1) + 1);
  }
  const top = mostCommon(periods).slice(0, 10).filter(([k, c]) => k > minPeriod && c > o.cycleMinCount);
  if (!top.length) return null;
  const [k, count] = top[0]!;
  if (n - k <= o.cycleCountFactor * count || (n > o.cycleLongLength && count > o.cycleLongCount)) {
    const offset = periods.indexOf(k) + delta;
    return { end: k + offset, start: offset };
  }
  return null;
}

/** Projection on the first principal component (centred). */
export function firstPcProjection(states: ReadonlyArray<ArrayLike<number>>): number[] {
  const n = states.length;
  const d = states[0]!.length;
  const mean = new Float64Array(d);
  for (const s of states) for (let i = 0; i < d; i++) mean[i]! += s[i]! / n;
  const X = states.map((s) => Float64Array.from({ length: d }, (_, i) => s[i]! - mean[i]!));
  let v = new Float64Array(d).map((_, i) => 1 / Math.sqrt(d) + i * 1e-3);
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(d);
    for (const x of X) {
      let p = 0;
      for (let i = 0; i < d; i++) p += x[i]! * v[i]!;
      for (let i = 0; i < d; i++) w[i]! += p * x[i]!;
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += w[i]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    let diff = 0;
    for (let i = 0; i < d; i++) {
      diff += Math.abs(w[i]! / norm - v[i]!);
      w[i]! /= norm;
    }
    v = w;
    if (diff < 1e-12) break;
  }
  return X.map((x) => x.reduce((s, xi, i) => s + xi * v[i]!, 0));
}

/**
 * Autocorrelation cycle finder for short recorded segments: candidate periods from the peaks of
 * the (clipped, normalised) autocorrelation of the PC1 projection, then the first start i from
 * which every multiple of the period stays close (speed-normalised distance < 1, speeds within 10×).
 */
export function findSegmentCycle(states: ReadonlyArray<Float64Array>, o: GraphOptions): CycleCut | null {
  const n = states.length;
  if (n < 3) return null;
  const x = firstPcProjection(states);
  const corr: number[] = [];
  for (let p = 0; p < n; p++) {
    const lag = n - 1 - p;
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i]! * x[i + lag]!;
    corr.push(s);
  }
  const mx = Math.max(...corr);
  const c = corr.map((v) => Math.max(0, v / mx));
  const peaks = findPeaks(c, o.autocorrProminence);
  if (!peaks.length) return null;
  let periods: number[];
  if (peaks.length < 6) periods = [n - 1 - peaks[0]!];
  else {
    const diffs: number[] = [];
    for (let i = 1; i < peaks.length; i++) diffs.push(peaks[i]! - peaks[i - 1]!);
    for (let i = 2; i < peaks.length; i += 2) diffs.push(peaks[i]! - peaks[i - 2]!);
    const bins = new Array<number>(Math.max(...diffs) + 1).fill(0);
    for (const d of diffs) bins[d]!++;
    const order = bins.map((b, i) => [b, i] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
    periods = order.slice(-4).filter((t) => bins[t]! > 1).reverse();
  }
  const sp = stepSpeed(states);
  for (const k of periods) {
    if (k <= 0) continue;
    for (let i = Math.max(n - 200, 0); i < n - k; i++) {
      let ok = true;
      for (let j = i + k; j < n; j += k) {
        const d = dist(states[i]!, states[j]!);
        const close = d < 1e-5 || (d < 1 && (2 * d) / (sp[i]! + sp[j]!) < 1 && Math.abs(Math.log10(sp[i]!) - Math.log10(sp[j]!)) < 1);
        if (!close) {
          ok = false;
          break;
        }
      }
      if (ok) return { end: i + k, start: i };
    }
  }
  return null;
}

/**
 * Margin 2/‖w‖ of a linear soft-margin SVM (box constraint C) separating two point sets after
 * standardising every coordinate; 0 when the fit does not classify every point correctly.
 * Dual coordinate descent with the bias as an extra constant feature.
 */
export function linearSvmMargin(a: ReadonlyArray<ArrayLike<number>>, b: ReadonlyArray<ArrayLike<number>>, C: number): number {
  const pts = [...a, ...b];
  const n = pts.length;
  const d = pts[0]!.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const p of pts) for (let i = 0; i < d; i++) mean[i]! += p[i]! / n;
  for (const p of pts) for (let i = 0; i < d; i++) sd[i]! += (p[i]! - mean[i]!) ** 2 / n;
  const X = pts.map((p) => {
    const x = new Float64Array(d + 1);
    for (let i = 0; i < d; i++) x[i] = (p[i]! - mean[i]!) / (sd[i]! > 0 ? Math.sqrt(sd[i]!) : 1);
    x[d] = 1;
    return x;
  });
  const y = pts.map((_, i) => (i < a.length ? 1 : -1));
  const alpha = new Float64Array(n);
  const w = new Float64Array(d + 1);
  const qd = X.map((x) => x.reduce((s, v) => s + v * v, 0));
  for (let epoch = 0; epoch < 2000; epoch++) {
    let maxChange = 0;
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      let g = 0;
      for (let k = 0; k <= d; k++) g += w[k]! * x[k]!;
      g = y[i]! * g - 1;
      const old = alpha[i]!;
      const next = Math.min(Math.max(old - g / qd[i]!, 0), C);
      if (next !== old) {
        const delta = (next - old) * y[i]!;
        for (let k = 0; k <= d; k++) w[k]! += delta * x[k]!;
        alpha[i] = next;
        maxChange = Math.max(maxChange, Math.abs(next - old));
      }
    }
    if (maxChange < 1e-8) break;
  }
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k <= d; k++) f += w[k]! * X[i]![k]!;
    if (y[i]! * f <= 0) return 0;
  }
  let norm = 0;
  for (let k = 0; k < d; k++) norm += w[k]! ** 2;
  return 2 / Math.sqrt(norm);
}

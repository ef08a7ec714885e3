/**
 * The transient excursion a token causes off the line attractor (Maheswaranathan & Sussillo 2020,
 * §4): from each start, the state difference δ(t) = h_token(t) − h_filler(t) while fillers follow
 * (t = 0 right after the token), split into its part along the slow (line) directions and the rest.
 * The off-line part decays with the time constant of the modes the token excites; a log-linear fit
 * of its mean norm gives τ, to compare with τ = −1/ln|λ| of the linearisation's eigenvalues.
 */
import { checkStarts, checkToken, type TokenSystem } from "./system";

export interface ExcursionOptions {
  readonly starts: ReadonlyArray<ArrayLike<number>>;
  readonly token: number;
  readonly filler: number;
  /** Steps after the token (t = 0..steps). */
  readonly steps: number;
  /** Slow directions (e.g. the line attractor's direction); orthonormalised here. Empty: none. */
  readonly slowDirections: ReadonlyArray<ArrayLike<number>>;
  /** First step of the decay fit (default 1: skip the kick itself). */
  readonly fitFrom?: number;
}

export interface Excursion {
  /** Mean over starts of ‖δ(t)‖ off the slow directions, t = 0..steps. */
  readonly offNorm: number[];
  /** Mean over starts of ‖δ(t)‖ along the slow directions. */
  readonly alongNorm: number[];
  /** Mean off-line difference vectors δ_⊥(t) of the first start, for drawing (t = 0..steps). */
  readonly example: Float64Array[];
  /** Decay time constant (steps) of offNorm from the fit; NaN when it does not decay. */
  readonly tau: number;
  /** R² of the log-linear fit. */
  readonly r2: number;
}

export function modifierExcursion(system: TokenSystem, o: ExcursionOptions): Excursion {
  const who = "modifierExcursion";
  checkStarts(system, o.starts, who);
  checkToken(o.token, system.vocabSize, who);
  checkToken(o.filler, system.vocabSize, who);
  if (!(Number.isInteger(o.steps) && o.steps >= 2)) throw new Error(`${who}: steps must be an integer ≥ 2, got ${o.steps}.`);
  const fitFrom = o.fitFrom ?? 1;
  if (!(Number.isInteger(fitFrom) && fitFrom >= 0 && fitFrom <= o.steps - 2)) throw new Error(`${who}: fitFrom must be an integer in [0, steps − 2], got ${fitFrom}.`);
  const S = system.stateSize;
  const basis = orthonormalise(o.slowDirections, S, who);
  const off = new Array<number>(o.steps + 1).fill(0);
  const along = new Array<number>(o.steps + 1).fill(0);
  const example: Float64Array[] = [];
  o.starts.forEach((h0, si) => {
    let a = system.step(h0, o.token);
    let b = system.step(h0, o.filler);
    for (let t = 0; t <= o.steps; t++) {
      const d = Float64Array.from(a, (v, i) => v - b[i]!);
      let alongSq = 0;
      for (const q of basis) {
        const c = dot(q, d);
        alongSq += c * c;
        for (let i = 0; i < S; i++) d[i]! -= c * q[i]!;
      }
      off[t]! += Math.sqrt(dot(d, d)) / o.starts.length;
      along[t]! += Math.sqrt(alongSq) / o.starts.length;
      if (si === 0) example.push(d);
      a = system.step(a, o.filler);
      b = system.step(b, o.filler);
    }
  });
  const fit = logLinearFit(off, fitFrom);
  return { offNorm: off, alongNorm: along, example, tau: fit.tau, r2: fit.r2 };
}

/** Time constants τ = −1/ln|λ| (steps) of discrete-time eigenvalues; Infinity for |λ| ≥ 1. */
export function timeConstants(re: ArrayLike<number>, im: ArrayLike<number>): number[] {
  if (re.length !== im.length) throw new Error(`timeConstants: ${re.length} real parts but ${im.length} imaginary parts.`);
  return Array.from({ length: re.length }, (_, i) => {
    const m = Math.hypot(re[i]!, im[i]!);
    return m >= 1 ? Infinity : -1 / Math.log(m);
  });
}

/** Fit log y(t) = c − t/τ over t ≥ from where y > 0 (least squares). */
function logLinearFit(y: number[], from: number): { tau: number; r2: number } {
  const peak = Math.max(...y);
  const pts = y.map((v, t) => [t, v] as const).filter(([t, v]) => t >= from && v > 1e-9 * peak);
  if (pts.length < 2) return { tau: NaN, r2: NaN };
  const n = pts.length;
  const mt = pts.reduce((s, p) => s + p[0], 0) / n;
  const ml = pts.reduce((s, p) => s + Math.log(p[1]), 0) / n;
  let stt = 0, stl = 0, sll = 0;
  for (const [t, v] of pts) { stt += (t - mt) ** 2; stl += (t - mt) * (Math.log(v) - ml); sll += (Math.log(v) - ml) ** 2; }
  const slope = stl / stt;
  const r2 = sll > 0 ? (stl * stl) / (stt * sll) : 1;
  return { tau: slope < 0 ? -1 / slope : NaN, r2 };
}

function orthonormalise(dirs: ReadonlyArray<ArrayLike<number>>, S: number, who: string): Float64Array[] {
  const out: Float64Array[] = [];
  dirs.forEach((v, k) => {
    if (v.length !== S) throw new Error(`${who}: slowDirections[${k}] has ${v.length} values, the state has ${S}.`);
    const q = Float64Array.from(v);
    for (const p of out) { const c = dot(p, q); for (let i = 0; i < S; i++) q[i]! -= c * p[i]!; }
    const n = Math.sqrt(dot(q, q));
    if (!(n > 1e-12)) throw new Error(`${who}: slowDirections[${k}] is zero or lies in the span of the earlier ones.`);
    out.push(q.map((x) => x / n));
  });
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * The result of a fixed-point search: one typed record over plain float64 arrays (FixedPointFinder
 * style). Point k occupies row k of every array. Eigen-decompositions are optional (present after
 * `decomposeFixedPoints` or a search with `decompose: true`).
 *
 * Layouts: xstar, xinit, F [K,S]; inputs [K,I]; J [K,S,S] (row i = ∂F_i/∂x); Ju [K,S,I];
 * eigRe/eigIm [K,S] (sorted: |λ| descending for discrete maps, Re λ descending for continuous time);
 * rightRe/Im, leftRe/Im [K,S,S] with [k, i, m] = component i of eigenvector m (columns, as NumPy).
 */

export interface FixedPointsData {
  readonly arch: string;
  /** true for the leaky (continuous-time) net: F is the vector field, stability is Re λ < 0. */
  readonly continuous: boolean;
  /** Euler step of a continuous net (1 for discrete maps). */
  readonly dt: number;
  readonly count: number;
  readonly stateSize: number;
  readonly inputSize: number;
  readonly xstar: Float64Array;
  readonly inputs: Float64Array;
  readonly xinit: Float64Array;
  /** q(x*) = ½‖F − x‖² (discrete) or ½‖F‖² (continuous). */
  readonly q: Float64Array;
  /** Optimisation iterations each point ran. */
  readonly iterations: Int32Array;
  /** ‖∇q(x*)‖. */
  readonly gradNorm: Float64Array;
  /** F(x*, u): the map's value (discrete) or the vector field (continuous). */
  readonly F: Float64Array;
  readonly J?: Float64Array;
  readonly Ju?: Float64Array;
  readonly eigRe?: Float64Array;
  readonly eigIm?: Float64Array;
  readonly rightRe?: Float64Array;
  readonly rightIm?: Float64Array;
  readonly leftRe?: Float64Array;
  readonly leftIm?: Float64Array;
  /** Points with q ≤ fixedTolQ are fixed points; above it (and at a local minimum) slow points. */
  readonly fixedTolQ: number;
  /** A point with q > fixedTolQ counts as a slow point (local minimum of q) when ‖∇q‖ ≤ slowGradTol·‖F − x‖. */
  readonly slowGradTol: number;
}

/** Array fields sliced per point, with their per-point width. */
const PER_POINT: ReadonlyArray<keyof FixedPointsData> = [
  "xstar",
  "inputs",
  "xinit",
  "q",
  "iterations",
  "gradNorm",
  "F",
  "J",
  "Ju",
  "eigRe",
  "eigIm",
  "rightRe",
  "rightIm",
  "leftRe",
  "leftIm",
];

export const FIXED_POINT_ARRAY_FIELDS = PER_POINT;

/** One point as a plain object (copies). */
export interface FixedPoint {
  readonly index: number;
  readonly xstar: Float64Array;
  readonly input: Float64Array;
  readonly xinit: Float64Array;
  readonly q: number;
  readonly iterations: number;
  readonly isStable?: boolean;
  readonly nUnstable?: number;
  readonly isSlow: boolean;
  readonly eigenvalues?: { re: Float64Array; im: Float64Array };
}

/** Eigenvalue condition above which a left eigenvector is refused (its projections are rounding noise). */
const MAX_EIG_CONDITION = 1e8;

export class FixedPoints implements FixedPointsData {
  readonly arch!: string;
  readonly continuous!: boolean;
  readonly dt!: number;
  readonly count!: number;
  readonly stateSize!: number;
  readonly inputSize!: number;
  readonly xstar!: Float64Array;
  readonly inputs!: Float64Array;
  readonly xinit!: Float64Array;
  readonly q!: Float64Array;
  readonly iterations!: Int32Array;
  readonly gradNorm!: Float64Array;
  readonly F!: Float64Array;
  readonly J?: Float64Array;
  readonly Ju?: Float64Array;
  readonly eigRe?: Float64Array;
  readonly eigIm?: Float64Array;
  readonly rightRe?: Float64Array;
  readonly rightIm?: Float64Array;
  readonly leftRe?: Float64Array;
  readonly leftIm?: Float64Array;
  readonly fixedTolQ!: number;
  readonly slowGradTol!: number;

  constructor(data: FixedPointsData) {
    const { count: K, stateSize: S, inputSize: I } = data;
    const want: Record<string, number> = {
      xstar: K * S,
      inputs: K * I,
      xinit: K * S,
      q: K,
      iterations: K,
      gradNorm: K,
      F: K * S,
      J: K * S * S,
      Ju: K * S * I,
      eigRe: K * S,
      eigIm: K * S,
      rightRe: K * S * S,
      rightIm: K * S * S,
      leftRe: K * S * S,
      leftIm: K * S * S,
    };
    for (const f of PER_POINT) {
      const arr = data[f] as ArrayLike<number> | undefined;
      if (arr === undefined) {
        if (["J", "Ju", "eigRe", "eigIm", "rightRe", "rightIm", "leftRe", "leftIm"].includes(f)) continue;
        throw new Error(`FixedPoints: field "${f}" is missing.`);
      }
      if (arr.length !== want[f]) {
        throw new Error(`FixedPoints: field "${f}" has ${arr.length} values, expected ${want[f]} (K=${K}, S=${S}, I=${I}).`);
      }
    }
    Object.assign(this, data);
  }

  /** true when eigenvalues (and eigenvectors) are present. */
  get isDecomposed(): boolean {
    return this.eigRe !== undefined && this.eigIm !== undefined;
  }

  private requireEig(what: string): { re: Float64Array; im: Float64Array } {
    if (!this.eigRe || !this.eigIm) {
      throw new Error(
        `FixedPoints.${what}: no eigenvalues yet. Run the search with decompose: true (the default) or call ` +
          `decomposeFixedPoints(model, fps).`,
      );
    }
    return { re: this.eigRe, im: this.eigIm };
  }

  /** Whether mode m of point k is unstable: |λ| ≥ 1 (discrete) or Re λ ≥ 0 (continuous). */
  private unstableMode(re: number, im: number): boolean {
    return this.continuous ? re >= 0 : Math.hypot(re, im) >= 1;
  }

  /** Eigenvalue m of point k (m = 0: the largest |λ| / Re λ); throws a clear error when not decomposed. */
  eigenvalue(k: number, m = 0): { re: number; im: number; modulus: number } {
    const { re, im } = this.requireEig("eigenvalue");
    this.requireMode("eigenvalue", k, m);
    const S = this.stateSize;
    const r = re[k * S + m]!;
    const i = im[k * S + m]!;
    return { re: r, im: i, modulus: Math.hypot(r, i) };
  }

  /** Right eigenvector m of point k (real and imaginary parts, length S); throws when not decomposed. */
  rightEigenvector(k: number, m = 0): { re: Float64Array; im: Float64Array } {
    if (!this.rightRe || !this.rightIm) {
      throw new Error("FixedPoints.rightEigenvector: no eigenvectors yet. Run the search with decompose: true (the default) or call decomposeFixedPoints(model, fps).");
    }
    this.requireMode("rightEigenvector", k, m);
    const S = this.stateSize;
    const re = new Float64Array(S);
    const im = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      re[i] = this.rightRe[k * S * S + i * S + m]!;
      im[i] = this.rightIm[k * S * S + i * S + m]!;
    }
    return { re, im };
  }

  /**
   * Condition number of eigenvalue m of point k: ‖u_m‖·‖v_m‖ / |u_mᴴ v_m| = ‖u_m‖ (v unit, uᴴv = 1).
   * 1 for a normal Jacobian; it grows as eigenvectors become parallel, and is infinite (NaN left
   * vectors) for a defective Jacobian (a repeated eigenvalue with one eigenvector).
   */
  eigenvalueCondition(k: number, m = 0): number {
    if (!this.leftRe || !this.leftIm) {
      throw new Error("FixedPoints.eigenvalueCondition: no eigenvectors yet. Run the search with decompose: true (the default) or call decomposeFixedPoints(model, fps).");
    }
    this.requireMode("eigenvalueCondition", k, m);
    const S = this.stateSize;
    let s = 0;
    for (let i = 0; i < S; i++) s += this.leftRe[k * S * S + i * S + m]! ** 2 + this.leftIm[k * S * S + i * S + m]! ** 2;
    return Number.isFinite(s) ? Math.sqrt(s) : Infinity;
  }

  /**
   * Left eigenvector m of point k (uᴴ J = λ uᴴ, scaled so uᴴ v = 1): projecting a perturbation δx on
   * mode m is uᴴ δx. Throws, naming the point, when the Jacobian there is defective or so close to it
   * (condition > 1e8) that the projection would be noise.
   */
  leftEigenvector(k: number, m = 0): { re: Float64Array; im: Float64Array } {
    const cond = this.eigenvalueCondition(k, m);
    if (!(cond <= MAX_EIG_CONDITION)) {
      const l = this.eigenvalue(k, m);
      throw new Error(
        `FixedPoints.leftEigenvector: the Jacobian at point ${k} is ${cond === Infinity ? "defective" : "nearly defective"} at eigenvalue ` +
          `${l.re.toPrecision(4)}${l.im ? `${l.im >= 0 ? "+" : ""}${l.im.toPrecision(4)}i` : ""} (condition ${cond === Infinity ? "∞" : cond.toExponential(1)}): ` +
          `its eigenvectors there are (nearly) parallel, so no left eigenvector separates the modes. Project on the right eigenvectors ` +
          `(least squares) or on an orthonormal basis of the invariant subspace instead.`,
      );
    }
    const S = this.stateSize;
    const re = new Float64Array(S);
    const im = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      re[i] = this.leftRe![k * S * S + i * S + m]!;
      im[i] = this.leftIm![k * S * S + i * S + m]!;
    }
    return { re, im };
  }

  private requireMode(what: string, k: number, m: number): void {
    if (!(Number.isInteger(k) && k >= 0 && k < this.count)) throw new Error(`FixedPoints.${what}: point ${k} out of range [0, ${this.count}).`);
    if (!(Number.isInteger(m) && m >= 0 && m < this.stateSize)) throw new Error(`FixedPoints.${what}: mode ${m} out of range [0, ${this.stateSize}).`);
  }

  /** Number of unstable modes per point (the saddle index). */
  get nUnstable(): Int32Array {
    const { re, im } = this.requireEig("nUnstable");
    const S = this.stateSize;
    const out = new Int32Array(this.count);
    for (let k = 0; k < this.count; k++) {
      let c = 0;
      for (let m = 0; m < S; m++) if (this.unstableMode(re[k * S + m]!, im[k * S + m]!)) c++;
      out[k] = c;
    }
    return out;
  }

  /** Stable: every |λ| < 1 (discrete) or every Re λ < 0 (continuous). */
  get isStable(): boolean[] {
    return Array.from(this.nUnstable, (n) => n === 0);
  }

  /** q ≤ fixedTolQ. */
  get isFixed(): boolean[] {
    return Array.from(this.q, (q) => q <= this.fixedTolQ);
  }

  /** Slow point: q above fixedTolQ but at a local minimum of q (‖∇q‖ ≤ slowGradTol·‖F − x‖). */
  get isSlow(): boolean[] {
    return Array.from(this.q, (q, k) => q > this.fixedTolQ && this.gradNorm[k]! <= this.slowGradTol * Math.sqrt(2 * q));
  }

  /**
   * Time constant of each mode [K,S]: −1/ln|λ| steps (discrete) or −1/Re λ time units (continuous).
   * Negative values are growth times of unstable modes; Infinity for |λ| = 1 or Re λ = 0.
   */
  get timeConstants(): Float64Array {
    const { re, im } = this.requireEig("timeConstants");
    const out = new Float64Array(re.length);
    for (let i = 0; i < re.length; i++) {
      out[i] = this.continuous ? -1 / re[i]! : -1 / Math.log(Math.hypot(re[i]!, im[i]!));
    }
    return out;
  }

  /** Rotation frequency of each mode [K,S]: arg λ radians per step (discrete) or Im λ rad / time unit (continuous). */
  get rotationFrequencies(): Float64Array {
    const { re, im } = this.requireEig("rotationFrequencies");
    const out = new Float64Array(re.length);
    for (let i = 0; i < re.length; i++) out[i] = this.continuous ? im[i]! : Math.atan2(im[i]!, re[i]!);
    return out;
  }

  /** Point k as a plain object. */
  point(k: number): FixedPoint {
    if (!(Number.isInteger(k) && k >= 0 && k < this.count)) {
      throw new Error(`FixedPoints.point: index ${k} out of range [0, ${this.count}).`);
    }
    const S = this.stateSize;
    const I = this.inputSize;
    const dec = this.isDecomposed;
    return {
      index: k,
      xstar: this.xstar.slice(k * S, (k + 1) * S),
      input: this.inputs.slice(k * I, (k + 1) * I),
      xinit: this.xinit.slice(k * S, (k + 1) * S),
      q: this.q[k]!,
      iterations: this.iterations[k]!,
      isSlow: this.isSlow[k]!,
      ...(dec
        ? {
            isStable: this.isStable[k]!,
            nUnstable: this.nUnstable[k]!,
            eigenvalues: { re: this.eigRe!.slice(k * S, (k + 1) * S), im: this.eigIm!.slice(k * S, (k + 1) * S) },
          }
        : {}),
    };
  }

  /** A new record with the given points, in the given order. */
  select(indices: ArrayLike<number>): FixedPoints {
    const K = this.count;
    const n = indices.length;
    for (let i = 0; i < n; i++) {
      const k = indices[i]!;
      if (!(Number.isInteger(k) && k >= 0 && k < K)) throw new Error(`FixedPoints.select: index ${k} out of range [0, ${K}).`);
    }
    const out: Record<string, unknown> = { ...this.meta(), count: n };
    for (const f of PER_POINT) {
      const arr = this[f as keyof this] as unknown as Float64Array | Int32Array | undefined;
      if (!arr) continue;
      const w = K === 0 ? 0 : arr.length / K;
      const dst = new (arr.constructor as { new (len: number): Float64Array | Int32Array })(n * w);
      for (let i = 0; i < n; i++) dst.set(arr.subarray(indices[i]! * w, (indices[i]! + 1) * w), i * w);
      out[f] = dst;
    }
    return new FixedPoints(out as unknown as FixedPointsData);
  }

  /** Scalar fields (everything but the per-point arrays). */
  meta(): Omit<FixedPointsData, (typeof PER_POINT)[number] | "count"> {
    return {
      arch: this.arch,
      continuous: this.continuous,
      dt: this.dt,
      stateSize: this.stateSize,
      inputSize: this.inputSize,
      fixedTolQ: this.fixedTolQ,
      slowGradTol: this.slowGradTol,
    };
  }

  /** Keep points where predicate(point k) is true, or where mask[k] is truthy (length count). */
  filter(predicate: ((k: number, fps: FixedPoints) => boolean) | ArrayLike<boolean | number>): FixedPoints {
    const keep: number[] = [];
    if (typeof predicate === "function") {
      for (let k = 0; k < this.count; k++) if (predicate(k, this)) keep.push(k);
    } else {
      if (predicate.length !== this.count) {
        throw new Error(`FixedPoints.filter: mask has ${predicate.length} entries but there are ${this.count} points.`);
      }
      for (let k = 0; k < this.count; k++) if (predicate[k]) keep.push(k);
    }
    return this.select(keep);
  }

  stable(): FixedPoints {
    return this.filter(this.isStable);
  }

  unstable(): FixedPoints {
    return this.filter(this.isStable.map((s) => !s));
  }

  /** Points whose input equals u within tol (max-abs difference). */
  byInput(u: ArrayLike<number>, tol = 1e-9): FixedPoints {
    const I = this.inputSize;
    if (u.length !== I) throw new Error(`FixedPoints.byInput: input has ${u.length} values, the points have inputSize ${I}.`);
    return this.filter((k) => {
      for (let m = 0; m < I; m++) if (Math.abs(this.inputs[k * I + m]! - u[m]!) > tol) return false;
      return true;
    });
  }

  /**
   * Merge points closer than tol (2-norm on [x*, u]); of each group the lowest q is kept.
   * Greedy in order of increasing q, as FixedPointFinder.
   */
  deduplicate(tol = 1e-3): FixedPoints {
    return this.select(uniqueIndices(this, tol));
  }

  /** Concatenate two records of the same network (eigen-decompositions kept only if both have them). */
  merge(other: FixedPoints): FixedPoints {
    if (other.stateSize !== this.stateSize || other.inputSize !== this.inputSize || other.continuous !== this.continuous) {
      throw new Error(
        `FixedPoints.merge: incompatible records (stateSize ${this.stateSize} vs ${other.stateSize}, inputSize ` +
          `${this.inputSize} vs ${other.inputSize}, continuous ${this.continuous} vs ${other.continuous}).`,
      );
    }
    const out: Record<string, unknown> = { ...this.meta(), count: this.count + other.count };
    for (const f of PER_POINT) {
      const a = this[f as keyof this] as unknown as Float64Array | Int32Array | undefined;
      const b = other[f as keyof FixedPoints] as unknown as Float64Array | Int32Array | undefined;
      if (!a || !b) continue;
      const dst = new (a.constructor as { new (len: number): Float64Array | Int32Array })(a.length + b.length);
      dst.set(a, 0);
      dst.set(b, a.length);
      out[f] = dst;
    }
    return new FixedPoints(out as unknown as FixedPointsData);
  }

  /** Plain JSON-able object (typed arrays as number arrays; float64 round-trips exactly). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { kind: "rnn-atlas/FixedPoints", version: 1, ...this.meta(), count: this.count };
    for (const f of PER_POINT) {
      const arr = this[f as keyof this] as unknown as Float64Array | Int32Array | undefined;
      if (arr) out[f] = Array.from(arr, (v) => (Number.isFinite(v) ? v : String(v)));
    }
    return out;
  }

  static fromJSON(obj: unknown): FixedPoints {
    if (!obj || typeof obj !== "object" || (obj as { kind?: unknown }).kind !== "rnn-atlas/FixedPoints") {
      throw new Error('FixedPoints.fromJSON: not a FixedPoints object (expected kind "rnn-atlas/FixedPoints").');
    }
    const o = obj as Record<string, unknown>;
    const data: Record<string, unknown> = {};
    for (const key of ["arch", "continuous", "dt", "count", "stateSize", "inputSize", "fixedTolQ", "slowGradTol"]) {
      data[key] = o[key];
    }
    for (const f of PER_POINT) {
      const arr = o[f] as Array<number | string> | undefined;
      if (arr === undefined) continue;
      const vals = arr.map((v) => (typeof v === "string" ? Number(v) : v));
      data[f] = f === "iterations" ? Int32Array.from(vals) : Float64Array.from(vals);
    }
    return new FixedPoints(data as unknown as FixedPointsData);
  }
}

/** Indices of unique points (lowest q first), within tol on [x*, u]; non-finite points dropped. */
export function uniqueIndices(fps: FixedPointsData, tol: number): number[] {
  const { count: K, stateSize: S, inputSize: I } = fps;
  const order: number[] = [];
  for (let k = 0; k < K; k++) if (Number.isFinite(fps.q[k]!)) order.push(k);
  order.sort((a, b) => fps.q[a]! - fps.q[b]! || a - b);
  const kept: number[] = [];
  const tol2 = tol * tol;
  for (const k of order) {
    let dup = false;
    for (const j of kept) {
      let d = 0;
      for (let i = 0; i < S && d <= tol2; i++) {
        const e = fps.xstar[k * S + i]! - fps.xstar[j * S + i]!;
        d += e * e;
      }
      for (let m = 0; m < I && d <= tol2; m++) {
        const e = fps.inputs[k * I + m]! - fps.inputs[j * I + m]!;
        d += e * e;
      }
      if (d <= tol2) {
        dup = true;
        break;
      }
    }
    if (!dup) kept.push(k);
  }
  return kept;
}

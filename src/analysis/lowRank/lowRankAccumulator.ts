/**
 * A matrix built as a sum of outer products, Σ c_t a_t b_tᵀ, kept in factored form U K Vᵀ with
 * orthonormal bases U, V (grown by Gram–Schmidt) and a small core K. Its singular values are those
 * of K, so the spectrum of ΔW during SGD costs O(N·k) per update instead of an N×N SVD.
 */
import { svd } from "../linalg/decompositions";

export class LowRankAccumulator {
  private readonly u: Float64Array[] = [];
  private readonly v: Float64Array[] = [];
  /** Core, row-major over (index in u, index in v), stored as nested arrays to grow. */
  private core: number[][] = [];

  /**
   * Residuals below relTol·‖vector‖ are treated as inside the current span (the dropped part adds an
   * error of at most relTol·Σ|c|‖a‖‖b‖ to the singular values; 1e-7 keeps the basis small during SGD).
   */
  constructor(
    readonly n: number,
    private readonly relTol = 1e-7,
  ) {}

  get rankBound(): number {
    return Math.max(this.u.length, this.v.length);
  }

  private project(basis: Float64Array[], x: ArrayLike<number>): { coef: number[]; added: boolean } {
    const r = Float64Array.from(x);
    let norm0 = 0;
    for (let i = 0; i < r.length; i++) norm0 += r[i]! * r[i]!;
    norm0 = Math.sqrt(norm0);
    const coef = new Array<number>(basis.length).fill(0);
    // Two Gram–Schmidt passes keep the basis orthonormal to working precision.
    for (let pass = 0; pass < 2; pass++) {
      basis.forEach((q, k) => {
        let d = 0;
        for (let i = 0; i < r.length; i++) d += q[i]! * r[i]!;
        for (let i = 0; i < r.length; i++) r[i] -= d * q[i]!;
        coef[k] += d;
      });
    }
    let nr = 0;
    for (let i = 0; i < r.length; i++) nr += r[i]! * r[i]!;
    nr = Math.sqrt(nr);
    if (nr > this.relTol * norm0 && nr > 0) {
      for (let i = 0; i < r.length; i++) r[i] /= nr;
      basis.push(r);
      coef.push(nr);
      return { coef, added: true };
    }
    return { coef, added: false };
  }

  /** Adds c·a bᵀ. */
  addOuter(c: number, a: ArrayLike<number>, b: ArrayLike<number>): void {
    if (a.length !== this.n || b.length !== this.n) throw new Error(`LowRankAccumulator.addOuter: vectors must have length ${this.n}.`);
    const pa = this.project(this.u, a);
    if (pa.added) this.core.push(new Array(this.v.length).fill(0));
    const pb = this.project(this.v, b);
    if (pb.added) for (const row of this.core) row.push(0);
    for (let i = 0; i < pa.coef.length; i++) {
      const ci = c * pa.coef[i]!;
      if (ci === 0) continue;
      const row = this.core[i]!;
      for (let j = 0; j < pb.coef.length; j++) row[j] += ci * pb.coef[j]!;
    }
  }

  /** Singular values (descending) of the accumulated matrix; at least `k` entries (zero-padded). */
  singularValues(k = 2): Float64Array {
    const out = new Float64Array(k);
    if (this.u.length === 0 || this.v.length === 0) return out;
    const s = svd(this.core).s;
    for (let i = 0; i < Math.min(k, s.length); i++) out[i] = s[i]!;
    return out;
  }
}

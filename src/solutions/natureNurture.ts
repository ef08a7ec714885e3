/**
 * Nature vs nurture (Turner et al. 2021 §5.6, thesis talk): does the final solution type follow the
 * initial weights or the training data? From a factorial population — networks indexed by an
 * initialisation group and a data group (same init with different data/order, different inits with
 * the same data) — tabulate type × init and type × data and measure each dependence by the mutual
 * information I(type; group) in bits, with a permutation test (shuffle the group labels) and the
 * Miller–Madow bias-corrected estimate (small tables overestimate MI).
 * "Only the initial weights matter" predicts I(type; init) ≈ H(type) and I(type; data) ≈ 0.
 *
 *   const nn = natureNurture({ types, init: initGroup, data: dataGroup }, { permutations: 2000, seed: 1 });
 */
import { Rng } from "../core/random";

export interface ContingencyTable {
  /** Row labels (groups) and column labels (types). */
  readonly rows: string[];
  readonly cols: string[];
  readonly counts: number[][];
  /** I(type; group) in bits (plug-in estimate). */
  readonly mi: number;
  /** Miller–Madow corrected MI: plug-in − (R−1)(C−1)/(2N ln 2), floored at 0. */
  readonly miCorrected: number;
  /** MI / H(type) (0..1; NaN when there is one type). */
  readonly normalised: number;
  /** Permutation p-value (1 + #{MI_perm ≥ MI}) / (1 + permutations). */
  readonly pValue: number;
  /** Mean MI of the permutations (what chance gives with these margins). */
  readonly nullMeanMi: number;
}

export class NatureNurture {
  constructor(
    readonly byInit: ContingencyTable,
    readonly byData: ContingencyTable,
    readonly networks: number,
    /** Entropy of the type distribution, bits. */
    readonly typeEntropy: number,
    readonly permutations: number,
  ) {}
  toString(): string {
    const f = (t: ContingencyTable) => `I = ${t.mi.toFixed(2)} bits (corrected ${t.miCorrected.toFixed(2)}, ${(t.normalised * 100).toFixed(0)} % of H, p = ${t.pValue.toPrecision(2)})`;
    return `NatureNurture: ${this.networks} networks, H(type) = ${this.typeEntropy.toFixed(2)} bits; type vs init ${f(this.byInit)}; type vs data ${f(this.byData)}`;
  }
}

function entropyBits(counts: number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log2(c / n);
  return h;
}

/** Plug-in mutual information (bits) of two label sequences. */
export function mutualInformation(a: ReadonlyArray<string>, b: ReadonlyArray<string>): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`mutualInformation: need two equally long non-empty label lists, got ${a.length} and ${b.length}.`);
  const n = a.length;
  const joint = new Map<string, number>();
  const ma = new Map<string, number>();
  const mb = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = `${a[i]}\u0000${b[i]}`;
    joint.set(k, (joint.get(k) ?? 0) + 1);
    ma.set(a[i]!, (ma.get(a[i]!) ?? 0) + 1);
    mb.set(b[i]!, (mb.get(b[i]!) ?? 0) + 1);
  }
  let mi = 0;
  for (const [k, c] of joint) {
    const [x, y] = k.split("\u0000") as [string, string];
    mi += (c / n) * Math.log2((c * n) / (ma.get(x)! * mb.get(y)!));
  }
  return Math.max(0, mi);
}

function table(groups: string[], types: string[], permutations: number, rng: Rng): ContingencyTable {
  const rows = [...new Set(groups)].sort();
  const cols = [...new Set(types)].sort();
  const counts = rows.map((r) => cols.map((c) => groups.filter((g, i) => g === r && types[i] === c).length));
  const n = types.length;
  const mi = mutualInformation(groups, types);
  const hType = entropyBits(
    cols.map((c) => types.filter((t) => t === c).length),
    n,
  );
  let ge = 0;
  let sum = 0;
  const perm = [...groups];
  for (let p = 0; p < permutations; p++) {
    rng.shuffle(perm);
    const v = mutualInformation(perm, types);
    sum += v;
    if (v >= mi - 1e-12) ge++;
  }
  // Miller–Madow with the observed numbers of non-empty rows/columns
  const bias = ((rows.length - 1) * (cols.length - 1)) / (2 * n * Math.LN2);
  return {
    rows,
    cols,
    counts,
    mi,
    miCorrected: Math.max(0, mi - bias),
    normalised: hType > 0 ? mi / hType : NaN,
    pValue: permutations > 0 ? (1 + ge) / (1 + permutations) : NaN,
    nullMeanMi: permutations > 0 ? sum / permutations : NaN,
  };
}

export interface NatureNurtureInput {
  /** Solution type of each network. */
  readonly types: ReadonlyArray<string>;
  /** Initialisation group of each network (same label = same initial weights). */
  readonly init: ReadonlyArray<string | number>;
  /** Data group of each network (same label = same training set and order). */
  readonly data: ReadonlyArray<string | number>;
}

export function natureNurture(input: NatureNurtureInput, options: { permutations?: number; seed?: number; exclude?: ReadonlyArray<string> } = {}): NatureNurture {
  const n = input.types.length;
  if (input.init.length !== n || input.data.length !== n) {
    throw new RangeError(`natureNurture: ${n} types, ${input.init.length} init labels, ${input.data.length} data labels; pass one of each per network.`);
  }
  const drop = new Set(options.exclude ?? []);
  const keep = [...Array(n).keys()].filter((i) => !drop.has(input.types[i]!));
  if (keep.length < 2) throw new RangeError(`natureNurture: fewer than 2 networks left after excluding ${[...drop].join(", ")}.`);
  const types = keep.map((i) => input.types[i]!);
  const init = keep.map((i) => String(input.init[i]));
  const data = keep.map((i) => String(input.data[i]));
  const permutations = options.permutations ?? 2000;
  const rng = new Rng(options.seed ?? 0);
  const cols = [...new Set(types)];
  const h = entropyBits(
    cols.map((c) => types.filter((t) => t === c).length),
    types.length,
  );
  return new NatureNurture(table(init, types, permutations, rng), table(data, types, permutations, rng), types.length, h, permutations);
}

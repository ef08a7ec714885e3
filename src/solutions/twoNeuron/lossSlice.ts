/**
 * A 2-D slice of the loss landscape through three example solutions (Turner et al. 2021 §2.3):
 * PCA of the three flattened W (4-D) gives a plane that contains all three; on a grid over
 * (PC1, PC2) every point is a W, with its loss at T = 10 and its regime (SO / LC / FP). Regime
 * boundaries are bifurcations, and the loss has ridges there: the solutions sit in separate basins.
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { classifyTwoNeuron } from "./classify";
import { lossOf } from "./dynamics";
import { toWeights, type WeightsLike } from "./population";
import { TWO_NEURON_PROBLEM, TWO_NEURON_TYPES, type Integration, type TwoNeuronType } from "./types";

export interface LossSliceOptions {
  /** PC1 and PC2 ranges ([−6, 6] and [−5, 5], widened to contain the examples). */
  pc1Range?: readonly [number, number];
  pc2Range?: readonly [number, number];
  /** Grid points along PC1 and PC2 (the paper: 600 × 580; default 200 × 194). */
  cols?: number;
  rows?: number;
  /** Loss integrator (RK4 dt 0.1: within ~1e-6 of dt 0.01 in x(T), 10× cheaper). */
  integration?: Integration;
  /** Names of the three examples (default their types). */
  labels?: readonly string[];
}

export interface LossSliceExample {
  readonly label: string;
  readonly type: TwoNeuronType;
  readonly W: readonly number[];
  readonly pc1: number;
  readonly pc2: number;
}

export interface TwoNeuronLossSlice {
  readonly kind: "two-neuron-loss-slice";
  readonly examples: readonly LossSliceExample[];
  /** W(p1, p2) = mean + p1·components[0] + p2·components[1]. */
  readonly mean: readonly number[];
  readonly components: readonly [readonly number[], readonly number[]];
  /** Fraction of the examples' variance along PC1 and PC2 (sums to 1: three points span a plane). */
  readonly explained: readonly [number, number];
  readonly pc1: Float64Array;
  readonly pc2: Float64Array;
  /** log10 loss at T, row-major [row = pc2 index][col = pc1 index]. */
  readonly log10Loss: Float64Array;
  /** Regime code per grid point: index into TWO_NEURON_TYPES (0 SO, 1 LC, 2 FP). */
  readonly regime: Uint8Array;
  readonly integration: Integration;
}

function axis(lo: number, hi: number, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + ((hi - lo) * i) / (n - 1);
  return a;
}

/** Plane through the three examples' W (rows of `weights`, 3 networks). */
export function twoNeuronLossSlice(weights: WeightsLike, options: LossSliceOptions = {}): TwoNeuronLossSlice {
  const w = toWeights(weights, "twoNeuronLossSlice");
  if (w.length !== 12) throw new Error(`twoNeuronLossSlice: needs exactly three networks (12 weights), got ${w.length / 4}.`);
  const cols = options.cols ?? 200;
  const rows = options.rows ?? Math.round((cols * 580) / 600);
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 2 || rows < 2) {
    throw new RangeError(`twoNeuronLossSlice: cols and rows must be integers ≥ 2 (got ${cols}, ${rows}).`);
  }
  const integration = options.integration ?? { method: "rk4", dt: 0.1 };
  const mean = [0, 1, 2, 3].map((k) => (w[k]! + w[4 + k]! + w[8 + k]!) / 3);
  const X = new Matrix(3, 4);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 4; k++) X.set(i, k, w[4 * i + k]! - mean[k]!);
  const svd = new SingularValueDecomposition(X, { autoTranspose: true });
  const V = svd.rightSingularVectors;
  const sv = svd.diagonal;
  const comps: number[][] = [0, 1].map((j) => {
    const c = [0, 1, 2, 3].map((k) => V.get(k, j));
    // Sign convention: the largest-magnitude entry is positive (deterministic axes).
    let big = 0;
    for (let k = 1; k < 4; k++) if (Math.abs(c[k]!) > Math.abs(c[big]!)) big = k;
    return c[big]! < 0 ? c.map((x) => -x) : c;
  });
  const var2 = sv[0]! ** 2 + sv[1]! ** 2;
  if (!(sv[1]! > 1e-9)) throw new Error("twoNeuronLossSlice: the three W are collinear (or equal); pick three distinct solutions.");
  const labels = options.labels ?? [];
  const examples: LossSliceExample[] = [0, 1, 2].map((i) => {
    const d = [0, 1, 2, 3].map((k) => w[4 * i + k]! - mean[k]!);
    const p = comps.map((c) => c.reduce((s, ck, k) => s + ck * d[k]!, 0));
    const type = classifyTwoNeuron(w, 4 * i);
    return { label: labels[i] ?? type, type, W: Array.from(w.subarray(4 * i, 4 * i + 4)), pc1: p[0]!, pc2: p[1]! };
  });
  const widen = (r: readonly [number, number], vals: number[]): [number, number] => [
    Math.min(r[0], ...vals.map((v) => v - 0.5)),
    Math.max(r[1], ...vals.map((v) => v + 0.5)),
  ];
  const r1 = widen(options.pc1Range ?? [-6, 6], examples.map((e) => e.pc1));
  const r2 = widen(options.pc2Range ?? [-5, 5], examples.map((e) => e.pc2));
  const pc1 = axis(r1[0], r1[1], cols);
  const pc2 = axis(r2[0], r2[1], rows);
  const log10Loss = new Float64Array(rows * cols);
  const regime = new Uint8Array(rows * cols);
  const g = new Float64Array(4);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < 4; k++) g[k] = mean[k]! + pc1[c]! * comps[0]![k]! + pc2[r]! * comps[1]![k]!;
      const l = lossOf(g, 0, integration, TWO_NEURON_PROBLEM);
      log10Loss[r * cols + c] = Math.log10(Math.max(l, 1e-300));
      regime[r * cols + c] = TWO_NEURON_TYPES.indexOf(classifyTwoNeuron(g, 0));
    }
  }
  return {
    kind: "two-neuron-loss-slice",
    examples,
    mean,
    components: [comps[0]!, comps[1]!],
    explained: [sv[0]! ** 2 / var2, sv[1]! ** 2 / var2],
    pc1,
    pc2,
    log10Loss,
    regime,
    integration,
  };
}

/**
 * Where ΔW points: overlaps of its singular vectors with the input vectors (columns of W_in), the
 * readout vectors (rows of W_out) and with W0 itself. For random unit vectors in N dimensions all of
 * these are O(1/√N); structure shows up as overlaps far above that.
 */
import type { Model } from "../../core/types";
import type { ConnectivityChange } from "./connectivityChange";

export const CHANGE_OVERLAPS_KIND = "rnn-atlas.lowRank.changeOverlaps";

export interface ChangeOverlaps {
  readonly kind: typeof CHANGE_OVERLAPS_KIND;
  /** Components analysed (top k singular pairs of ΔW). */
  readonly k: number;
  /** |cos| between left vector u_k and input column i: leftInput[k][i]. */
  readonly leftInput: number[][];
  readonly rightInput: number[][];
  /** |cos| between u_k / v_k and readout row o. */
  readonly leftOutput: number[][];
  readonly rightOutput: number[][];
  /** u_kᵀ W0 v_k / ‖W0‖₂-free scale: divided by the rms singular value of W0 (‖W0‖_F/√N). */
  readonly w0Alignment: number[];
  /** ‖W0 v_k‖ / rms-singular-value of W0 and ‖W0ᵀ u_k‖ likewise (1 on average for random vectors). */
  readonly w0Gain: { readonly right: number[]; readonly left: number[] };
  /** 1/√N: the typical |cos| between unrelated random directions. */
  readonly chanceLevel: number;
}

function cosAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? Math.abs(ab) / Math.sqrt(aa * bb) : 0;
}

/**
 * Overlaps of ΔW's top-k singular vectors with the input vectors (N×I, column i = input i), the
 * readout vectors (O×N, row o = output o) and W0.
 */
export function changeOverlaps(
  change: ConnectivityChange,
  vectors: { inputs: { rows: number; cols: number; data: ArrayLike<number> }; readout: { rows: number; cols: number; data: ArrayLike<number> } },
  opts: { k?: number } = {},
): ChangeOverlaps {
  const n = change.n;
  const { inputs, readout } = vectors;
  if (inputs.rows !== n) throw new Error(`changeOverlaps: inputs must be N×I with N = ${n} rows (got ${inputs.rows}×${inputs.cols}).`);
  if (readout.cols !== n) throw new Error(`changeOverlaps: readout must be O×N with N = ${n} columns (got ${readout.rows}×${readout.cols}).`);
  const K = change.deltaSvd.s.length;
  const k = Math.min(opts.k ?? 4, K);
  const u = (c: number) => Float64Array.from({ length: n }, (_, i) => change.deltaSvd.u.data[i * K + c]!);
  const v = (c: number) => Float64Array.from({ length: n }, (_, i) => change.deltaSvd.v.data[i * K + c]!);
  const inCol = (c: number) => Float64Array.from({ length: n }, (_, i) => inputs.data[i * inputs.cols + c]!);
  const outRow = (o: number) => Float64Array.from({ length: n }, (_, j) => readout.data[o * n + j]!);
  const rms = change.norms.w0 / Math.sqrt(n);
  const w0 = change.w0.data;
  const res = { leftInput: [] as number[][], rightInput: [] as number[][], leftOutput: [] as number[][], rightOutput: [] as number[][], w0Alignment: [] as number[], right: [] as number[], left: [] as number[] };
  for (let c = 0; c < k; c++) {
    const uc = u(c);
    const vc = v(c);
    res.leftInput.push(Array.from({ length: inputs.cols }, (_, i) => cosAbs(uc, inCol(i))));
    res.rightInput.push(Array.from({ length: inputs.cols }, (_, i) => cosAbs(vc, inCol(i))));
    res.leftOutput.push(Array.from({ length: readout.rows }, (_, o) => cosAbs(uc, outRow(o))));
    res.rightOutput.push(Array.from({ length: readout.rows }, (_, o) => cosAbs(vc, outRow(o))));
    const w0v = new Float64Array(n);
    const w0tu = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = w0[i * n + j]!;
        w0v[i] += x * vc[j]!;
        w0tu[j] += x * uc[i]!;
      }
    }
    let uw0v = 0;
    let nv = 0;
    let nu = 0;
    for (let i = 0; i < n; i++) {
      uw0v += uc[i]! * w0v[i]!;
      nv += w0v[i]! * w0v[i]!;
      nu += w0tu[i]! * w0tu[i]!;
    }
    res.w0Alignment.push(rms > 0 ? uw0v / rms : 0);
    res.right.push(rms > 0 ? Math.sqrt(nv) / rms : 0);
    res.left.push(rms > 0 ? Math.sqrt(nu) / rms : 0);
  }
  return {
    kind: CHANGE_OVERLAPS_KIND,
    k,
    leftInput: res.leftInput,
    rightInput: res.rightInput,
    leftOutput: res.leftOutput,
    rightOutput: res.rightOutput,
    w0Alignment: res.w0Alignment,
    w0Gain: { right: res.right, left: res.left },
    chanceLevel: 1 / Math.sqrt(n),
  };
}

/** changeOverlaps with the input and readout vectors taken from a (leaky) model. */
export function modelChangeOverlaps(change: ConnectivityChange, model: Model, opts: { k?: number } = {}): ChangeOverlaps {
  const win = model.params.weight_ih_l0;
  const wout = model.params["readout.weight"];
  if (!win || !wout) throw new Error("modelChangeOverlaps: the model needs weight_ih_l0 and readout.weight (a leaky network with a readout).");
  const { inputSize: I, outputSize: O, hiddenSize: N } = model.spec;
  return changeOverlaps(change, { inputs: { rows: N, cols: I, data: win }, readout: { rows: O, cols: N, data: wout } }, opts);
}

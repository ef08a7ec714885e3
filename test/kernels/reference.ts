/**
 * Float64 reference for the kernel tests: an independent, deliberately plain forward pass + loss
 * (no shared code with the kernels), random problem generation, and central finite differences.
 */
import type { ModelSpec } from "../../src/core/types";
import { Rng } from "../../src/core/random";
import type { KernelRequest } from "../../src/kernels/types";
import { kernelParamShapes } from "../../src/kernels/plan";

export type P64 = Record<string, Float64Array>;

const sig = (x: number) => 1 / (1 + Math.exp(-x));
function phi(nl: string, x: number): number {
  return nl === "tanh" ? Math.tanh(x) : nl === "relu" ? Math.max(0, x) : x;
}

function affine(W: Float64Array, rows: number, cols: number, v: ArrayLike<number>, off: number, out: number[]): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += W[r * cols + c] * v[off + c];
    out[r] += s;
  }
}

/** One network, one trial: outputs [T, O] and states [T, S]. */
export function refTrial(
  spec: ModelSpec,
  p: P64,
  x: ArrayLike<number>,
  xOff: number,
  T: number,
  h0: number[] | null,
): { y: number[][]; s: number[][] } {
  const N = spec.hiddenSize;
  const I = spec.inputSize;
  const nl = spec.arch === "linear" ? "identity" : spec.nonlinearity ?? "tanh";
  let h = h0 ? h0.slice(0, N) : new Array<number>(N).fill(0);
  let c = spec.arch === "lstm" && h0 ? h0.slice(N, 2 * N) : new Array<number>(N).fill(0);
  const ys: number[][] = [];
  const ss: number[][] = [];
  for (let t = 0; t < T; t++) {
    const xo = xOff + t * I;
    if (spec.arch === "vanilla" || spec.arch === "linear") {
      const a = Array.from(p.bias_ih_l0, (v, i) => v + p.bias_hh_l0[i]);
      affine(p.weight_ih_l0, N, I, x, xo, a);
      affine(p.weight_hh_l0, N, N, h, 0, a);
      h = a.map((v) => phi(nl, v));
    } else if (spec.arch === "gru") {
      const gi = Array.from(p.bias_ih_l0);
      const gh = Array.from(p.bias_hh_l0);
      affine(p.weight_ih_l0, 3 * N, I, x, xo, gi);
      affine(p.weight_hh_l0, 3 * N, N, h, 0, gh);
      h = h.map((hv, n) => {
        const r = sig(gi[n] + gh[n]);
        const z = sig(gi[N + n] + gh[N + n]);
        const nn = Math.tanh(gi[2 * N + n] + r * gh[2 * N + n]);
        return (1 - z) * nn + z * hv;
      });
    } else if (spec.arch === "ugrnn") {
      const g = Array.from(p.bias_ih_l0, (v, i) => v + p.bias_hh_l0[i]);
      affine(p.weight_ih_l0, 2 * N, I, x, xo, g);
      affine(p.weight_hh_l0, 2 * N, N, h, 0, g);
      h = h.map((hv, n) => {
        const cand = Math.tanh(g[n]);
        const u = sig(g[N + n]);
        return u * hv + (1 - u) * cand;
      });
    } else if (spec.arch === "lstm") {
      const g = Array.from(p.bias_ih_l0, (v, i) => v + p.bias_hh_l0[i]);
      affine(p.weight_ih_l0, 4 * N, I, x, xo, g);
      affine(p.weight_hh_l0, 4 * N, N, h, 0, g);
      c = c.map((cv, n) => sig(g[N + n]) * cv + sig(g[n]) * Math.tanh(g[2 * N + n]));
      h = c.map((cv, n) => sig(g[3 * N + n]) * Math.tanh(cv));
    } else {
      const dt = spec.dt ?? 0.5;
      const a = Array.from(p.bias_hh_l0);
      affine(p.weight_ih_l0, N, I, x, xo, a);
      affine(p.weight_hh_l0, N, N, h.map((v) => phi(nl, v)), 0, a);
      h = h.map((v, n) => (1 - dt) * v + dt * a[n]);
    }
    ss.push(spec.arch === "lstm" ? [...h, ...c] : h.slice());
    if (spec.arch === "leaky" && spec.readout === "state") ys.push(h.slice());
    else {
      const f = spec.arch === "leaky" ? h.map((v) => phi(nl, v)) : h;
      const y = Array.from(p["readout.bias"]);
      affine(p["readout.weight"], spec.outputSize, N, f, 0, y);
      ys.push(y);
    }
  }
  return { y: ys, s: ss };
}

/** Per-network params of network m, widened to float64. */
export function netParams64(req: KernelRequest, m: number): P64 {
  const shapes = kernelParamShapes(req.spec);
  const out: P64 = {};
  for (const [k, sh] of Object.entries(shapes)) {
    const n = sh.reduce((a, b) => a * b, 1);
    out[k] = Float64Array.from(req.params[k].subarray(m * n, (m + 1) * n));
  }
  return out;
}

/** Reference loss of network m (float64). */
export function refLoss(req: KernelRequest, m: number, p: P64): number {
  const { batch: B, time: T } = req.data;
  const I = req.spec.inputSize;
  const O = req.spec.outputSize;
  const S = req.spec.arch === "lstm" ? 2 * req.spec.hiddenSize : req.spec.hiddenSize;
  const d = req.data.perNetworkData ? m : 0;
  let num = 0;
  let den = 0;
  for (let b = 0; b < B; b++) {
    let h0: number[] | null = null;
    if (req.data.h0) {
      const off = req.data.h0.length === B * S && req.networks > 1 ? b * S : (m * B + b) * S;
      h0 = Array.from(req.data.h0.subarray(off, off + S));
    }
    const { y } = refTrial(req.spec, p, req.data.inputs, (d * B + b) * T * I, T, h0);
    for (let t = 0; t < T; t++) {
      for (let o = 0; o < O; o++) {
        const k = ((d * B + b) * T + t) * O + o;
        const mk = req.data.mask ? req.data.mask[k] : 1;
        const e = y[t][o] - req.data.targets![k];
        num += mk * e * e;
        den += mk;
      }
    }
  }
  return den > 0 ? ((req.lossScale ?? 1) * num) / den : 0;
}

/** Central finite-difference gradient of refLoss for every parameter of network m. */
export function fdGrad(req: KernelRequest, m: number, eps = 1e-6): P64 {
  const p = netParams64(req, m);
  const g: P64 = {};
  for (const k of Object.keys(p)) {
    g[k] = new Float64Array(p[k].length);
    for (let i = 0; i < p[k].length; i++) {
      const v = p[k][i];
      p[k][i] = v + eps;
      const lp = refLoss(req, m, p);
      p[k][i] = v - eps;
      const lm = refLoss(req, m, p);
      p[k][i] = v;
      g[k][i] = (lp - lm) / (2 * eps);
    }
  }
  return g;
}

export interface Variant {
  label: string;
  spec: ModelSpec;
  perNetworkData: boolean;
  h0: boolean;
  mask: boolean;
  lossScale?: number;
}

/** Every architecture / nonlinearity / readout variant, crossed with the data options. */
export function variants(N = 5, I = 3, O = 2): Variant[] {
  const specs: ModelSpec[] = [
    { arch: "vanilla", inputSize: I, hiddenSize: N, outputSize: O, nonlinearity: "tanh" },
    { arch: "vanilla", inputSize: I, hiddenSize: N, outputSize: O, nonlinearity: "relu" },
    { arch: "linear", inputSize: I, hiddenSize: N, outputSize: O },
    { arch: "gru", inputSize: I, hiddenSize: N, outputSize: O },
    { arch: "lstm", inputSize: I, hiddenSize: N, outputSize: O },
    { arch: "leaky", inputSize: I, hiddenSize: N, outputSize: O, nonlinearity: "tanh", dt: 0.5 },
    { arch: "leaky", inputSize: I, hiddenSize: N, outputSize: O, nonlinearity: "identity", dt: 0.2 },
    { arch: "leaky", inputSize: I, hiddenSize: N, outputSize: N, nonlinearity: "tanh", dt: 0.1, readout: "state" },
    // Appended last: the variants before it keep their indices, hence their seeds and digests.
    { arch: "ugrnn", inputSize: I, hiddenSize: N, outputSize: O },
  ];
  const out: Variant[] = [];
  specs.forEach((spec, si) => {
    for (const [perNetworkData, h0, mask] of [
      [false, false, false],
      [true, true, true],
      [false, true, true],
      [true, false, false],
    ] as const) {
      const name = `${spec.arch}${spec.nonlinearity ? "/" + spec.nonlinearity : ""}${spec.readout ? "/" + spec.readout : ""}`;
      out.push({
        label: `${name} perNet=${perNetworkData} h0=${h0} mask=${mask}`,
        spec,
        perNetworkData,
        h0,
        mask,
        lossScale: si % 2 === 0 ? 1 : 0.5,
      });
    }
  });
  return out;
}

/** A random request for a variant (seeded). */
export function makeRequest(v: Variant, M: number, B: number, T: number, seed: number): KernelRequest {
  const rng = new Rng(seed);
  const { spec } = v;
  const N = spec.hiddenSize;
  const S = spec.arch === "lstm" ? 2 * N : N;
  const shapes = kernelParamShapes(spec);
  const params: Record<string, Float32Array> = {};
  const scale = spec.arch === "vanilla" || spec.arch === "linear" || spec.arch === "leaky" ? 1.2 / Math.sqrt(N) : 1.5 / Math.sqrt(N);
  for (const [k, sh] of Object.entries(shapes)) {
    const n = sh.reduce((a, b) => a * b, 1) * M;
    params[k] = new Float32Array(n);
    for (let i = 0; i < n; i++) params[k][i] = rng.uniform(-scale, scale) * (k.startsWith("weight_hh") ? 1.5 : 1);
  }
  const D = v.perNetworkData ? M : 1;
  const I = spec.inputSize;
  const O = spec.outputSize;
  const inputs = new Float32Array(D * B * T * I).map(() => rng.uniform(-1, 1));
  const targets = new Float32Array(D * B * T * O).map(() => rng.uniform(-0.8, 0.8));
  const mask = v.mask ? new Float32Array(D * B * T * O).map(() => (rng.random() < 0.6 ? 1 : 0)) : undefined;
  const h0 = v.h0 ? new Float32Array(M * B * S).map(() => rng.uniform(-0.5, 0.5)) : undefined;
  return {
    spec,
    networks: M,
    params,
    lossScale: v.lossScale,
    data: { batch: B, time: T, perNetworkData: v.perNetworkData, inputs, targets, mask, h0 },
  };
}

/** max |a − b| / max |b| (∞-norm relative error). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

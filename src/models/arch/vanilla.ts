/**
 * Vanilla discrete RNN (torch.nn.RNN): h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), φ = tanh | relu.
 * Also serves arch "linear" (φ = identity; the same code for the native addons): every form below
 * reads φ from the spec (nonlinearityOf / the kernel plan), which is identity for "linear".
 */
import * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec, Nonlinearity } from "../../core/types";
import { gemm } from "../../analysis/fixedPoints/gemm";
import { dphiCode, matVecAcc, phiCode, phiFn } from "../math";
import { nonlinearityOf } from "../spec";
import { affineTf, phiTf } from "../tfOps";
import { ARCH_CODE } from "./codes";
import { BaseDynamics, dynamicsPhi } from "./dynamicsBase";
import type { ArchModule, KernelTrial, KernelTrialShape, Params64, ParamsTf, TaylorCache, TaylorStep, Workspace } from "./types";

const CODE = ARCH_CODE.vanilla;

function kernelTrial({ T, N, phi }: KernelTrialShape): KernelTrial {
  const hs = new Float64Array((T + 1) * N);
  const pre = new Float64Array((T + 1) * N); // pre-activation, for φ' (relu)
  return {
    stateBlocks: [hs],
    forward(t, gi, gh) {
      const hc = (t + 1) * N;
      for (let n = 0; n < N; n++) {
        const a = gi[n] + gh[n];
        pre[hc + n] = a;
        hs[hc + n] = phiCode(phi, a);
      }
    },
    backward(t, dh, gi, gh, dnext) {
      const hc = (t + 1) * N;
      for (let n = 0; n < N; n++) {
        const d = dh[n] * dphiCode(phi, pre[hc + n], hs[hc + n]);
        gi[n] = d;
        gh[n] = d;
      }
      dnext.fill(0);
    },
  };
}

/** F(h) = φ(W_hh h + W_ih u + b_ih + b_hh). */
class VanillaDynamics extends BaseDynamics {
  readonly arch: Arch;
  readonly continuous = false;
  readonly stateSize: number;
  private readonly phi: Nonlinearity;

  constructor(model: Model) {
    super(model, CODE);
    this.arch = model.spec.arch;
    this.stateSize = model.spec.hiddenSize;
    this.phi = dynamicsPhi(model.spec);
  }

  protected override phiName(): Nonlinearity {
    return this.phi;
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    out.set(drive.subarray(0, K * N));
    gemm(x, this.WhhT, out, K, N, N, true);
    const n = K * N;
    if (this.phi === "tanh") for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i]!);
    else if (this.phi === "relu") for (let i = 0; i < n; i++) out[i] = out[i]! > 0 ? out[i]! : 0;
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, r: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const a = ws.bufs[0]!;
    const d = ws.bufs[1]!;
    a.set(drive.subarray(0, K * N));
    gemm(x, this.WhhT, a, K, N, N, true);
    const phi = this.phi;
    for (let k = 0; k < K; k++) {
      let s = 0;
      const o = k * N;
      for (let i = o; i < o + N; i++) {
        const ai = a[i]!;
        let f: number, dphi: number;
        if (phi === "tanh") {
          f = Math.tanh(ai);
          dphi = 1 - f * f;
        } else if (phi === "relu") {
          f = ai > 0 ? ai : 0;
          dphi = ai > 0 ? 1 : 0;
        } else {
          f = ai;
          dphi = 1;
        }
        const ri = f - x[i]!;
        r[i] = ri;
        d[i] = dphi * ri;
        s += ri * ri;
      }
      q[k] = 0.5 * s;
    }
    // (J − I)ᵀ r = W_hhᵀ (φ'(a) ⊙ r) − r; row form: δ·W_hh − r.
    gemm(d, this.Whh, grad, K, N, N);
    for (let i = 0; i < K * N; i++) grad[i] -= r[i]!;
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const drive = this.drive(inputs, K);
    const a = new Float64Array(drive.subarray(0, K * N));
    gemm(x, this.WhhT, a, K, N, N, true);
    const F = new Float64Array(K * N);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < N; i++) {
        const ai = a[k * N + i]!;
        let f: number, dphi: number;
        if (this.phi === "tanh") {
          f = Math.tanh(ai);
          dphi = 1 - f * f;
        } else if (this.phi === "relu") {
          f = ai > 0 ? ai : 0;
          dphi = ai > 0 ? 1 : 0;
        } else {
          f = ai;
          dphi = 1;
        }
        F[k * N + i] = f;
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) J[jo + j] = dphi * this.Whh[i * N + j]!;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) Ju[uo + m] = dphi * this.Wih[i * I + m]!;
      }
    }
    return { F, J, Ju };
  }
}

/** φ(a), φ'(a) and φ''(a) of the vanilla nonlinearities (relu: φ'' = 0 almost everywhere). */
function phi012(phi: Nonlinearity, a: number): [number, number, number] {
  if (phi === "tanh") {
    const f = Math.tanh(a);
    const d = 1 - f * f;
    return [f, d, -2 * f * d];
  }
  if (phi === "relu") return a > 0 ? [a, 1, 0] : [0, 0, 0];
  return [a, 1, 0];
}

/**
 * The Taylor step of F(h, x) = φ(W_hh h + W_ih x + b) around (e, x*): with a = W_hh e + W_ih x* + b,
 * J_h = diag φ'(a) W_hh and J_x = diag φ'(a) W_ih, so
 *   h̃' = φ(a) + φ'(a) ⊙ v,   v = W_hh (h̃ − e) + W_ih (x − x*).
 * Reverse mode: ∂h̃'/∂a = φ'(a) + v ⊙ φ''(a) (the Jacobian's own dependence on the weights through a).
 * Cache extra: [a, v].
 */
const vanillaTaylor: TaylorStep = {
  cacheWidth: 2,
  forward(spec, p, e, hPrev, x, xStar, out, cache: TaylorCache) {
    const N = spec.hiddenSize;
    const I = spec.inputSize;
    const W = p.weight_hh_l0!;
    const U = p.weight_ih_l0;
    const bih = p.bias_ih_l0;
    const bhh = p.bias_hh_l0;
    const phi = nonlinearityOf(spec);
    const a = cache.extra.subarray(0, N);
    const v = cache.extra.subarray(N, 2 * N);
    for (let i = 0; i < N; i++) {
      let ai = (bih ? bih[i]! : 0) + (bhh ? bhh[i]! : 0);
      let vi = 0;
      const wo = i * N;
      for (let k = 0; k < N; k++) {
        const w = W[wo + k]!;
        ai += w * e[k]!;
        vi += w * (hPrev[k]! - e[k]!);
      }
      if (U) {
        const uo = i * I;
        for (let j = 0; j < I; j++) {
          const u = U[uo + j]!;
          ai += u * xStar[j]!;
          vi += u * (x[j]! - xStar[j]!);
        }
      }
      a[i] = ai;
      v[i] = vi;
      const [f, d] = phi012(phi, ai);
      cache.F[i] = f;
      out[i] = f + d * vi;
    }
  },
  backward(spec, p, e, hPrev, x, xStar, cache, gOut, gF, grads, gE, gHPrev) {
    const N = spec.hiddenSize;
    const I = spec.inputSize;
    const W = p.weight_hh_l0!;
    const gW = grads.weight_hh_l0!;
    const gU = grads.weight_ih_l0;
    const gbih = grads.bias_ih_l0;
    const gbhh = grads.bias_hh_l0;
    const phi = nonlinearityOf(spec);
    const a = cache.extra.subarray(0, N);
    const v = cache.extra.subarray(N, 2 * N);
    for (let i = 0; i < N; i++) {
      const [, d, d2] = phi012(phi, a[i]!);
      const gv = gOut[i]! * d;
      const ga = (gOut[i]! + gF[i]!) * d + gOut[i]! * v[i]! * d2;
      if (gbih) gbih[i] += ga;
      if (gbhh) gbhh[i] += ga;
      const wo = i * N;
      for (let k = 0; k < N; k++) {
        const w = W[wo + k]!;
        gW[wo + k] += ga * e[k]! + gv * (hPrev[k]! - e[k]!);
        gE[k] += w * (ga - gv);
        gHPrev[k] += w * gv;
      }
      if (gU) {
        const uo = i * I;
        for (let j = 0; j < I; j++) gU[uo + j] += ga * xStar[j]! + gv * (x[j]! - xStar[j]!);
      }
    }
  },
};

export const vanilla: ArchModule = {
  code: CODE,
  step(spec: ModelSpec, p: Params64, h: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const bih = p.bias_ih_l0!;
    const bhh = p.bias_hh_l0!;
    for (let i = 0; i < N; i++) out[i] = bih[i]! + bhh[i]!;
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, out, N);
    matVecAcc(p.weight_hh_l0!, N, h, out, N);
    const phi = phiFn(nonlinearityOf(spec));
    for (let i = 0; i < N; i++) out[i] = phi(out[i]!);
  },
  stepTf(spec: ModelSpec, p: ParamsTf, h: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const a = tf.add(affineTf(u, p.weight_ih_l0!, p.bias_ih_l0), affineTf(h, p.weight_hh_l0!, p.bias_hh_l0)) as tf.Tensor2D;
    return phiTf(nonlinearityOf(spec), a);
  },
  features: (_spec, h) => h,
  featuresTf: (_spec, h) => h,
  kernelTrial,
  dynamics: (model) => new VanillaDynamics(model),
  taylor: vanillaTaylor,
};

/**
 * UGRNN, the update-gate RNN (Collins, Sohl-Dickstein & Sussillo 2017; one of the four architectures of
 * Maheswaranathan et al. 2019's universality study). Gate blocks [c, u] (candidate, update), stacked in
 * weight_ih_l0 [2N, I], weight_hh_l0 [2N, N], bias_ih_l0 [2N], bias_hh_l0 [2N] with PyTorch's naming
 * (there is no torch.nn module; rows 0..N-1 are the candidate's, N..2N-1 the update gate's):
 *   c = tanh(W_ic x + b_ic + W_hc h + b_hc)        (candidate)
 *   u = σ(W_iu x + b_iu + W_hu h + b_hu)           (update gate)
 *   h' = u ⊙ h + (1 − u) ⊙ c
 * Both biases are plain offsets of the pre-activations (unlike GRU's b_hn), as for vanilla and LSTM.
 */
import * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec } from "../../core/types";
import { gemm } from "../../analysis/fixedPoints/gemm";
import { matVecAcc, sigmoid } from "../math";
import { affineTf, blockTf } from "../tfOps";
import { ARCH_CODE } from "./codes";
import { BaseDynamics } from "./dynamicsBase";
import type { ArchModule, KernelTrial, KernelTrialShape, Params64, ParamsTf, Workspace } from "./types";

const CODE = ARCH_CODE.ugrnn;

/**
 * Added to the update gate's block of bias_ih_l0 by the built-in init schemes: σ(1) ≈ 0.73, so a fresh
 * net keeps most of its state each step (as the GRU/LSTM forget-bias trick), and gradients reach back
 * through time from the first updates instead of the state being overwritten by the candidate.
 */
export const UGRNN_UPDATE_BIAS_INIT = 1;

function kernelTrial({ T, N }: KernelTrialShape): KernelTrial {
  const hs = new Float64Array((T + 1) * N);
  const gates = new Float64Array(T * 2 * N); // c, u per step
  return {
    stateBlocks: [hs],
    forward(t, gi, gh) {
      const hp = t * N;
      const hc = (t + 1) * N;
      const go = t * 2 * N;
      for (let n = 0; n < N; n++) {
        const c = Math.tanh(gi[n] + gh[n]);
        const u = sigmoid(gi[N + n] + gh[N + n]);
        gates[go + n] = c;
        gates[go + N + n] = u;
        hs[hc + n] = u * hs[hp + n] + (1 - u) * c;
      }
    },
    backward(t, dh, gi, gh, dnext) {
      const hp = t * N;
      const go = t * 2 * N;
      for (let n = 0; n < N; n++) {
        const c = gates[go + n];
        const u = gates[go + N + n];
        const d = dh[n];
        const dac = d * (1 - u) * (1 - c * c);
        const dau = d * (hs[hp + n] - c) * u * (1 - u);
        gi[n] = dac;
        gh[n] = dac;
        gi[N + n] = dau;
        gh[N + n] = dau;
        dnext[n] = d * u; // h' ∋ u ⊙ h
      }
    },
  };
}

/** F(h) = u ⊙ h + (1 − u) ⊙ c with c = tanh(a_c), u = σ(a_u), a = W_hh h + drive (drive holds both biases). */
class UgrnnDynamics extends BaseDynamics {
  readonly arch: Arch = "ugrnn";
  readonly continuous = false;
  readonly stateSize: number;

  constructor(model: Model) {
    super(model, CODE);
    this.stateSize = model.spec.hiddenSize;
  }

  /** Pre-activations a = drive + x W_hhᵀ for K points into a [K, 2N]. */
  private pre(x: Float64Array, drive: Float64Array, K: number, a: Float64Array): void {
    a.set(drive.subarray(0, K * this.D));
    gemm(x, this.WhhT, a, K, this.hiddenSize, this.D, true);
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = new Float64Array(K * D);
    this.pre(x, drive, K, a);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const c = Math.tanh(a[o + i]!);
        const u = sigmoid(a[o + N + i]!);
        out[k * N + i] = u * x[k * N + i]! + (1 - u) * c;
      }
    }
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, res: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = ws.bufs[0]!;
    const da = ws.bufs[1]!;
    this.pre(x, drive, K, a);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      let s = 0;
      for (let i = 0; i < N; i++) {
        const c = Math.tanh(a[o + i]!);
        const u = sigmoid(a[o + N + i]!);
        const h = x[k * N + i]!;
        const v = u * h + (1 - u) * c - h;
        res[k * N + i] = v;
        s += v * v;
        da[o + i] = v * (1 - u) * (1 - c * c);
        da[o + N + i] = v * (h - c) * u * (1 - u);
        // direct path h' ∋ u ⊙ h, minus the identity of F − x
        grad[k * N + i] = v * u - v;
      }
      q[k] = 0.5 * s;
    }
    gemm(da, this.Whh, grad, K, D, N, true);
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const D = this.D;
    const a = new Float64Array(K * D);
    this.pre(x, this.drive(inputs, K), K, a);
    const F = new Float64Array(K * N);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    const W = this.Whh;
    const U = this.Wih;
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const c = Math.tanh(a[o + i]!);
        const u = sigmoid(a[o + N + i]!);
        const h = x[k * N + i]!;
        F[k * N + i] = u * h + (1 - u) * c;
        const cc = (1 - u) * (1 - c * c); // ∂h'/∂a_c
        const cu = (h - c) * u * (1 - u); // ∂h'/∂a_u
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) J[jo + j] = cc * W[i * N + j]! + cu * W[(N + i) * N + j]!;
        J[jo + i] += u;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) Ju[uo + m] = cc * U[i * I + m]! + cu * U[(N + i) * I + m]!;
      }
    }
    return { F, J, Ju };
  }
}

export const ugrnn: ArchModule = {
  code: CODE,
  step(spec: ModelSpec, p: Params64, h: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const bih = p.bias_ih_l0!;
    const bhh = p.bias_hh_l0!;
    const a = Float64Array.from(bih, (v, i) => v + bhh[i]!);
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, a);
    matVecAcc(p.weight_hh_l0!, N, h, a);
    for (let j = 0; j < N; j++) {
      const c = Math.tanh(a[j]!);
      const g = sigmoid(a[N + j]!);
      out[j] = g * h[j]! + (1 - g) * c;
    }
  },
  stepTf(spec: ModelSpec, p: ParamsTf, h: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const N = spec.hiddenSize;
    const a = tf.add(affineTf(u, p.weight_ih_l0!, p.bias_ih_l0), affineTf(h, p.weight_hh_l0!, p.bias_hh_l0)) as tf.Tensor2D;
    const c = tf.tanh(blockTf(a, 0, N));
    const g = tf.sigmoid(blockTf(a, 1, N));
    // u h + (1 − u) c  =  c + u (h − c)
    return tf.add(c, tf.mul(g, tf.sub(h, c))) as tf.Tensor2D;
  },
  features: (_spec, h) => h,
  featuresTf: (_spec, h) => h,
  kernelTrial,
  dynamics: (model) => new UgrnnDynamics(model),
  initOffsets: (spec) => ({ bias_ih_l0: { start: spec.hiddenSize, end: 2 * spec.hiddenSize, value: UGRNN_UPDATE_BIAS_INIT } }),
};

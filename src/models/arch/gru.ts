/**
 * GRU (torch.nn.GRU), gate blocks r, z, n:
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))      (r multiplies the hidden term including b_hn)
 *   h' = (1 − z) ⊙ n + z ⊙ h
 */
import * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec } from "../../core/types";
import { gemm } from "../../analysis/fixedPoints/gemm";
import { matVecAcc, sigmoid } from "../math";
import { affineTf, blockTf } from "../tfOps";
import { ARCH_CODE } from "./codes";
import { BaseDynamics } from "./dynamicsBase";
import type { ArchModule, KernelTrial, KernelTrialShape, Params64, ParamsTf, Workspace } from "./types";

const CODE = ARCH_CODE.gru;

function kernelTrial({ T, N }: KernelTrialShape): KernelTrial {
  const hs = new Float64Array((T + 1) * N);
  const gates = new Float64Array(T * 3 * N); // r, z, n per step
  const hn = new Float64Array(T * N); // W_hn h + b_hn per step
  return {
    stateBlocks: [hs],
    forward(t, gi, gh) {
      const hp = t * N;
      const hc = (t + 1) * N;
      const go = t * 3 * N;
      for (let n = 0; n < N; n++) {
        const r = sigmoid(gi[n] + gh[n]);
        const z = sigmoid(gi[N + n] + gh[N + n]);
        const hnv = gh[2 * N + n];
        const nn = Math.tanh(gi[2 * N + n] + r * hnv);
        gates[go + n] = r;
        gates[go + N + n] = z;
        gates[go + 2 * N + n] = nn;
        hn[t * N + n] = hnv;
        hs[hc + n] = (1 - z) * nn + z * hs[hp + n];
      }
    },
    backward(t, dh, gi, gh, dnext) {
      const hp = t * N;
      const go = t * 3 * N;
      for (let n = 0; n < N; n++) {
        const r = gates[go + n];
        const z = gates[go + N + n];
        const nn = gates[go + 2 * N + n];
        const d = dh[n];
        const dan = d * (1 - z) * (1 - nn * nn);
        const daz = d * (hs[hp + n] - nn) * z * (1 - z);
        const dar = dan * hn[t * N + n] * r * (1 - r);
        gi[n] = dar;
        gh[n] = dar;
        gi[N + n] = daz;
        gh[N + n] = daz;
        gi[2 * N + n] = dan;
        gh[2 * N + n] = dan * r;
        dnext[n] = d * z; // h' ∋ z ⊙ h
      }
    },
  };
}

class GruDynamics extends BaseDynamics {
  readonly arch: Arch = "gru";
  readonly continuous = false;
  readonly stateSize: number;

  constructor(model: Model) {
    super(model, CODE);
    this.stateSize = model.spec.hiddenSize;
  }

  protected override hhBiasInDrive(): number {
    return 2 * this.hiddenSize;
  }

  /** Gate values for K points; gh = W_hh h (without b_hn) is left in the returned buffer. */
  private gates(x: Float64Array, drive: Float64Array, K: number, gh: Float64Array): void {
    gemm(x, this.WhhT, gh, K, this.hiddenSize, this.D);
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const D = this.D;
    const gh = new Float64Array(K * D);
    this.gates(x, drive, K, gh);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const n = Math.tanh(drive[o + 2 * N + i]! + r * (gh[o + 2 * N + i]! + this.bhh[2 * N + i]!));
        out[k * N + i] = (1 - z) * n + z * x[k * N + i]!;
      }
    }
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, res: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const D = this.D;
    const gh = ws.bufs[0]!;
    const dgh = ws.bufs[1]!;
    this.gates(x, drive, K, gh);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      let s = 0;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const ghn = gh[o + 2 * N + i]! + this.bhh[2 * N + i]!;
        const n = Math.tanh(drive[o + 2 * N + i]! + r * ghn);
        const h = x[k * N + i]!;
        const v = (1 - z) * n + z * h - h;
        res[k * N + i] = v;
        s += v * v;
        const dan = v * (1 - z) * (1 - n * n);
        dgh[o + i] = dan * ghn * r * (1 - r);
        dgh[o + N + i] = v * (h - n) * z * (1 - z);
        dgh[o + 2 * N + i] = dan * r;
        // direct path h' ∋ z ⊙ h, minus the identity of F − x
        grad[k * N + i] = v * z - v;
      }
      q[k] = 0.5 * s;
    }
    gemm(dgh, this.Whh, grad, K, D, N, true);
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const D = this.D;
    const drive = this.drive(inputs, K);
    const gh = new Float64Array(K * D);
    this.gates(x, drive, K, gh);
    const F = new Float64Array(K * N);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    const W = this.Whh;
    const U = this.Wih;
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const ghn = gh[o + 2 * N + i]! + this.bhh[2 * N + i]!;
        const n = Math.tanh(drive[o + 2 * N + i]! + r * ghn);
        const h = x[k * N + i]!;
        F[k * N + i] = (1 - z) * n + z * h;
        const cn = (1 - z) * (1 - n * n);
        const cr = cn * ghn * r * (1 - r);
        const cz = (h - n) * z * (1 - z);
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) {
          J[jo + j] = cr * W[i * N + j]! + cz * W[(N + i) * N + j]! + cn * r * W[(2 * N + i) * N + j]!;
        }
        J[jo + i] += z;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) {
          Ju[uo + m] = cr * U[i * I + m]! + cz * U[(N + i) * I + m]! + cn * U[(2 * N + i) * I + m]!;
        }
      }
    }
    return { F, J, Ju };
  }
}

export const gru: ArchModule = {
  code: CODE,
  step(spec: ModelSpec, p: Params64, h: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const gi = Float64Array.from(p.bias_ih_l0!);
    const gh = Float64Array.from(p.bias_hh_l0!);
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, gi);
    matVecAcc(p.weight_hh_l0!, N, h, gh);
    for (let j = 0; j < N; j++) {
      const r = sigmoid(gi[j]! + gh[j]!);
      const z = sigmoid(gi[N + j]! + gh[N + j]!);
      const n = Math.tanh(gi[2 * N + j]! + r * gh[2 * N + j]!);
      out[j] = (1 - z) * n + z * h[j]!;
    }
  },
  stepTf(spec: ModelSpec, p: ParamsTf, h: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const N = spec.hiddenSize;
    const gi = affineTf(u, p.weight_ih_l0!, p.bias_ih_l0);
    const gh = affineTf(h, p.weight_hh_l0!, p.bias_hh_l0);
    const r = tf.sigmoid(tf.add(blockTf(gi, 0, N), blockTf(gh, 0, N)));
    const z = tf.sigmoid(tf.add(blockTf(gi, 1, N), blockTf(gh, 1, N)));
    const n = tf.tanh(tf.add(blockTf(gi, 2, N), tf.mul(r, blockTf(gh, 2, N))));
    // (1 − z) n + z h  =  n + z (h − n)
    return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
  },
  features: (_spec, h) => h,
  featuresTf: (_spec, h) => h,
  kernelTrial,
  dynamics: (model) => new GruDynamics(model),
};

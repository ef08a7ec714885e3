/**
 * LSTM (torch.nn.LSTM), gate blocks i, f, g, o; state S = [h, c] (2N):
 *   a = W_ih x + b_ih + W_hh h + b_hh;  i = σ(a_0), f = σ(a_1), g = tanh(a_2), o = σ(a_3)
 *   c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c').   The readout sees h only.
 */
import * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec } from "../../core/types";
import { gemm } from "../../analysis/fixedPoints/gemm";
import { matVecAcc, sigmoid } from "../math";
import { affineTf, blockTf } from "../tfOps";
import { ARCH_CODE } from "./codes";
import { BaseDynamics } from "./dynamicsBase";
import type { ArchModule, KernelTrial, KernelTrialShape, Params64, ParamsTf, Workspace } from "./types";

const CODE = ARCH_CODE.lstm;

function kernelTrial({ T, N }: KernelTrialShape): KernelTrial {
  const hs = new Float64Array((T + 1) * N);
  const cs = new Float64Array((T + 1) * N); // cell
  const gates = new Float64Array(T * 4 * N); // i, f, g, o per step
  const tc = new Float64Array(T * N); // tanh(c) per step
  const dc = new Float64Array(N); // ∂L/∂c carried backwards
  return {
    stateBlocks: [hs, cs],
    forward(t, gi, gh) {
      const hp = t * N;
      const hc = (t + 1) * N;
      const go = t * 4 * N;
      for (let n = 0; n < N; n++) {
        const ig = sigmoid(gi[n] + gh[n]);
        const fg = sigmoid(gi[N + n] + gh[N + n]);
        const gg = Math.tanh(gi[2 * N + n] + gh[2 * N + n]);
        const og = sigmoid(gi[3 * N + n] + gh[3 * N + n]);
        gates[go + n] = ig;
        gates[go + N + n] = fg;
        gates[go + 2 * N + n] = gg;
        gates[go + 3 * N + n] = og;
        const c = fg * cs[hp + n] + ig * gg;
        cs[hc + n] = c;
        const tcv = Math.tanh(c);
        tc[t * N + n] = tcv;
        hs[hc + n] = og * tcv;
      }
    },
    beginBackward() {
      dc.fill(0);
    },
    backward(t, dh, gi, gh, dnext) {
      const hp = t * N;
      const go = t * 4 * N;
      for (let n = 0; n < N; n++) {
        const ig = gates[go + n];
        const fg = gates[go + N + n];
        const gg = gates[go + 2 * N + n];
        const og = gates[go + 3 * N + n];
        const tcv = tc[t * N + n];
        const d = dh[n];
        const dct = dc[n] + d * og * (1 - tcv * tcv);
        const a0 = dct * gg * ig * (1 - ig);
        const a1 = dct * cs[hp + n] * fg * (1 - fg);
        const a2 = dct * ig * (1 - gg * gg);
        const a3 = d * tcv * og * (1 - og);
        gi[n] = gh[n] = a0;
        gi[N + n] = gh[N + n] = a1;
        gi[2 * N + n] = gh[2 * N + n] = a2;
        gi[3 * N + n] = gh[3 * N + n] = a3;
        dc[n] = dct * fg;
      }
      dnext.fill(0); // h reaches h' only through W_hh (c's direct path is carried in dc)
    },
  };
}

class LstmDynamics extends BaseDynamics {
  readonly arch: Arch = "lstm";
  readonly continuous = false;
  readonly stateSize: number;

  constructor(model: Model) {
    super(model, CODE);
    this.stateSize = 2 * model.spec.hiddenSize;
  }

  /** Pre-activations [K, 4N] = h W_hhᵀ + drive; h copied out of the [h, c] rows. */
  private preacts(x: Float64Array, drive: Float64Array, K: number, hbuf: Float64Array, a: Float64Array): void {
    const N = this.hiddenSize;
    for (let k = 0; k < K; k++) hbuf.set(x.subarray(2 * k * N, 2 * k * N + N), k * N);
    a.set(drive.subarray(0, K * this.D));
    gemm(hbuf, this.WhhT, a, K, N, this.D, true);
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = new Float64Array(K * D);
    this.preacts(x, drive, K, new Float64Array(K * N), a);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) {
        const o = k * D;
        const ig = sigmoid(a[o + j]!);
        const fg = sigmoid(a[o + N + j]!);
        const gg = Math.tanh(a[o + 2 * N + j]!);
        const og = sigmoid(a[o + 3 * N + j]!);
        const c2 = fg * x[2 * k * N + N + j]! + ig * gg;
        out[2 * k * N + j] = og * Math.tanh(c2);
        out[2 * k * N + N + j] = c2;
      }
    }
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, res: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = ws.bufs[0]!;
    const da = ws.bufs[1]!;
    const hbuf = ws.bufs[2]!;
    const dh = ws.bufs[3]!;
    this.preacts(x, drive, K, hbuf, a);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      const so = 2 * k * N;
      let s = 0;
      for (let j = 0; j < N; j++) {
        const ig = sigmoid(a[o + j]!);
        const fg = sigmoid(a[o + N + j]!);
        const gg = Math.tanh(a[o + 2 * N + j]!);
        const og = sigmoid(a[o + 3 * N + j]!);
        const c = x[so + N + j]!;
        const c2 = fg * c + ig * gg;
        const tc = Math.tanh(c2);
        const vh = og * tc - x[so + j]!;
        const vc = c2 - c;
        res[so + j] = vh;
        res[so + N + j] = vc;
        s += vh * vh + vc * vc;
        const dc = vh * og * (1 - tc * tc) + vc;
        da[o + j] = dc * gg * ig * (1 - ig);
        da[o + N + j] = dc * c * fg * (1 - fg);
        da[o + 2 * N + j] = dc * ig * (1 - gg * gg);
        da[o + 3 * N + j] = vh * tc * og * (1 - og);
        grad[so + N + j] = dc * fg - vc;
      }
      q[k] = 0.5 * s;
    }
    gemm(da, this.Whh, dh, K, D, N);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) grad[2 * k * N + j] = dh[k * N + j]! - res[2 * k * N + j]!;
    }
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const S = 2 * N;
    const I = this.inputSize;
    const D = this.D;
    const drive = this.drive(inputs, K);
    const a = new Float64Array(K * D);
    this.preacts(x, drive, K, new Float64Array(K * N), a);
    const F = new Float64Array(K * S);
    const J = new Float64Array(K * S * S);
    const Ju = new Float64Array(K * S * I);
    const W = this.Whh;
    const U = this.Wih;
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const ig = sigmoid(a[o + i]!);
        const fg = sigmoid(a[o + N + i]!);
        const gg = Math.tanh(a[o + 2 * N + i]!);
        const og = sigmoid(a[o + 3 * N + i]!);
        const c = x[k * S + N + i]!;
        const c2 = fg * c + ig * gg;
        const tc = Math.tanh(c2);
        F[k * S + i] = og * tc;
        F[k * S + N + i] = c2;
        // dc'/d(pre-activation) per gate, and dh'/d(pre-activation of o)
        const ci = gg * ig * (1 - ig);
        const cf = c * fg * (1 - fg);
        const cg = ig * (1 - gg * gg);
        const co = tc * og * (1 - og);
        const hc = og * (1 - tc * tc); // dh'/dc'
        const rowH = (k * S + i) * S;
        const rowC = (k * S + N + i) * S;
        for (let j = 0; j < N; j++) {
          const dcdh = ci * W[i * N + j]! + cf * W[(N + i) * N + j]! + cg * W[(2 * N + i) * N + j]!;
          J[rowC + j] = dcdh;
          J[rowH + j] = co * W[(3 * N + i) * N + j]! + hc * dcdh;
        }
        J[rowC + N + i] = fg;
        J[rowH + N + i] = hc * fg;
        const uH = (k * S + i) * I;
        const uC = (k * S + N + i) * I;
        for (let m = 0; m < I; m++) {
          const dcdu = ci * U[i * I + m]! + cf * U[(N + i) * I + m]! + cg * U[(2 * N + i) * I + m]!;
          Ju[uC + m] = dcdu;
          Ju[uH + m] = co * U[(3 * N + i) * I + m]! + hc * dcdu;
        }
      }
    }
    return { F, J, Ju };
  }
}

export const lstm: ArchModule = {
  code: CODE,
  step(spec: ModelSpec, p: Params64, s: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const a = new Float64Array(4 * N);
    const bih = p.bias_ih_l0!;
    const bhh = p.bias_hh_l0!;
    for (let k = 0; k < 4 * N; k++) a[k] = bih[k]! + bhh[k]!;
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, a);
    matVecAcc(p.weight_hh_l0!, N, s.subarray(0, N), a);
    for (let j = 0; j < N; j++) {
      const i = sigmoid(a[j]!);
      const f = sigmoid(a[N + j]!);
      const g = Math.tanh(a[2 * N + j]!);
      const o = sigmoid(a[3 * N + j]!);
      const c = f * s[N + j]! + i * g;
      out[N + j] = c;
      out[j] = o * Math.tanh(c);
    }
  },
  stepTf(spec: ModelSpec, p: ParamsTf, s: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const N = spec.hiddenSize;
    const h = blockTf(s, 0, N);
    const c = blockTf(s, 1, N);
    const a = tf.add(affineTf(u, p.weight_ih_l0!, p.bias_ih_l0), affineTf(h, p.weight_hh_l0!, p.bias_hh_l0)) as tf.Tensor2D;
    const i = tf.sigmoid(blockTf(a, 0, N));
    const f = tf.sigmoid(blockTf(a, 1, N));
    const g = tf.tanh(blockTf(a, 2, N));
    const o = tf.sigmoid(blockTf(a, 3, N));
    const c2 = tf.add(tf.mul(f, c), tf.mul(i, g));
    const h2 = tf.mul(o, tf.tanh(c2));
    return tf.concat([h2, c2], 1) as tf.Tensor2D;
  },
  features: (spec, s) => s.subarray(0, spec.hiddenSize),
  featuresTf: (spec, s) => blockTf(s, 0, spec.hiddenSize),
  kernelTrial,
  dynamics: (model) => new LstmDynamics(model),
};

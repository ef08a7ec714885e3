/**
 * LSTM (torch.nn.LSTM), gate blocks i, f, g, o; state S = [h, c] (2N):
 *   a = W_ih x + b_ih + W_hh h + b_hh;  i = σ(a_0), f = σ(a_1), g = tanh(a_2), o = σ(a_3)
 *   c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c').   The readout sees h only.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../core/types";
import type { ArchImpl, Params64, ParamsTf } from "./archImpl";
import { matVecAcc, sigmoid } from "./math";
import { affineTf, blockTf } from "./tfOps";

export const lstmArch: ArchImpl = {
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
};

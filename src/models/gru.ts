/**
 * GRU (torch.nn.GRU), gate blocks r, z, n:
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))      (r multiplies the hidden term including b_hn)
 *   h' = (1 − z) ⊙ n + z ⊙ h
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../core/types";
import type { ArchImpl, Params64, ParamsTf } from "./archImpl";
import { matVecAcc, sigmoid } from "./math";
import { affineTf, blockTf } from "./tfOps";

export const gruArch: ArchImpl = {
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
};

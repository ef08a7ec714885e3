/**
 * Vanilla discrete RNN (torch.nn.RNN): h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), φ = tanh | relu.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../core/types";
import type { ArchImpl, Params64, ParamsTf } from "./archImpl";
import { matVecAcc, phiFn } from "./math";
import { nonlinearityOf } from "./spec";
import { affineTf, phiTf } from "./tfOps";

export const vanillaArch: ArchImpl = {
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
};

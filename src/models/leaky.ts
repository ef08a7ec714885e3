/**
 * Leaky continuous-time rate RNN, Euler-discretised (Schuessler et al. 2020):
 *   x_{t+1} = (1 − dt) x_t + dt (W_hh φ(x_t) + W_ih u_t + b_hh),   φ = tanh | identity
 * Readout "phi" (default): y = W_out φ(x) + b_out. Readout "state": y = x (the two-neuron network
 * of Turner et al., dx/dt = −x + W tanh x, with dt = 0.1).
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../core/types";
import type { ArchImpl, Params64, ParamsTf } from "./archImpl";
import { matVecAcc, phiFn } from "./math";
import { hasReadout, leakyDt, nonlinearityOf } from "./spec";
import { affineTf, phiTf } from "./tfOps";

export const leakyArch: ArchImpl = {
  step(spec: ModelSpec, p: Params64, x: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const dt = leakyDt(spec);
    const phi = phiFn(nonlinearityOf(spec));
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) r[i] = phi(x[i]!);
    const drive = Float64Array.from(p.bias_hh_l0!);
    matVecAcc(p.weight_hh_l0!, N, r, drive);
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, drive);
    for (let i = 0; i < N; i++) out[i] = (1 - dt) * x[i]! + dt * drive[i]!;
  },
  stepTf(spec: ModelSpec, p: ParamsTf, x: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const dt = leakyDt(spec);
    const r = phiTf(nonlinearityOf(spec), x);
    let drive = affineTf(r, p.weight_hh_l0!, p.bias_hh_l0);
    if (spec.inputSize > 0) drive = tf.add(drive, affineTf(u, p.weight_ih_l0!));
    return tf.add(tf.mul(x, 1 - dt), tf.mul(drive, dt)) as tf.Tensor2D;
  },
  features(spec: ModelSpec, x: Float64Array): Float64Array {
    if (!hasReadout(spec)) return x;
    const phi = phiFn(nonlinearityOf(spec));
    return x.map(phi);
  },
  featuresTf(spec: ModelSpec, x: tf.Tensor2D): tf.Tensor2D {
    return hasReadout(spec) ? phiTf(nonlinearityOf(spec), x) : x;
  },
};

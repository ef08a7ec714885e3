/**
 * What each architecture file provides: one float64 reference step and one TF.js step with the
 * same equations (the TF.js one is the autodiff reference for the fused kernels).
 */
import type * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../core/types";

/** Parameters widened to float64 (same names and layout as Model.params). */
export type Params64 = Readonly<Record<string, Float64Array>>;
/** Parameters as TF.js tensors (same names, one network, PyTorch shapes). */
export type ParamsTf = Readonly<Record<string, tf.Tensor>>;

export interface ArchImpl {
  /**
   * Next state (float64 reference). h: current state [S]; u: input [I]; out: next state [S]
   * (must not alias h).
   */
  step(spec: ModelSpec, p: Params64, h: Float64Array, u: ArrayLike<number>, out: Float64Array): void;
  /** Next state for a batch, TF.js ops only (differentiable). h [B, S], u [B, I] -> [B, S]. */
  stepTf(spec: ModelSpec, p: ParamsTf, h: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D;
  /** What the readout sees, from a state [S] (float64). */
  features(spec: ModelSpec, h: Float64Array): Float64Array;
  /** Same, TF.js: [B, S] -> [B, N]. */
  featuresTf(spec: ModelSpec, h: tf.Tensor2D): tf.Tensor2D;
}

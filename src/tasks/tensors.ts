/**
 * Trials → TF.js tensors, for training/analysis code that works in TF.js. TF.js is loaded lazily
 * here so that generating trials never pays for it. The caller owns (and must dispose) the tensors.
 */
import type * as tfTypes from "@tensorflow/tfjs";
import type { Trials } from "../core/types";

export interface TrialTensors {
  /** [batch, time, inputSize] */
  readonly inputs: tfTypes.Tensor3D;
  /** [batch, time, outputSize] */
  readonly targets: tfTypes.Tensor3D;
  /** [batch, time, outputSize] */
  readonly mask: tfTypes.Tensor3D;
  /** [batch, S], when the trials fix the initial state. */
  readonly h0?: tfTypes.Tensor2D;
  /** Dispose every tensor above. */
  dispose(): void;
}

export function toTensors(trials: Trials): TrialTensors {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require("@tensorflow/tfjs") as typeof tfTypes;
  const { batch: B, time: T, inputSize: I, outputSize: O } = trials;
  const inputs = tf.tensor3d(trials.inputs, [B, T, I], "float32");
  const targets = tf.tensor3d(trials.targets, [B, T, O], "float32");
  const mask = tf.tensor3d(trials.mask, [B, T, O], "float32");
  const h0 = trials.h0 ? tf.tensor2d(trials.h0, [B, trials.h0.length / B], "float32") : undefined;
  return {
    inputs,
    targets,
    mask,
    ...(h0 ? { h0 } : {}),
    dispose() {
      inputs.dispose();
      targets.dispose();
      mask.dispose();
      h0?.dispose();
    },
  };
}

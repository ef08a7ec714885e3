/** TF.js helpers shared by the architecture steps (all ops have gradients). */
import * as tf from "@tensorflow/tfjs";
import type { Nonlinearity } from "../core/types";

/** x W^T (+ b): x [B, in], W [out, in] (PyTorch layout), b [out]. */
export function affineTf(x: tf.Tensor2D, W: tf.Tensor, b?: tf.Tensor): tf.Tensor2D {
  // A zero-width input (networks without inputs) contributes nothing; avoid an empty matMul.
  const y: tf.Tensor2D =
    x.shape[1] === 0 ? tf.zeros([x.shape[0], W.shape[0]!]) : tf.matMul(x, W as tf.Tensor2D, false, true);
  return b ? (tf.add(y, b) as tf.Tensor2D) : y;
}

export function phiTf(nl: Nonlinearity, x: tf.Tensor2D): tf.Tensor2D {
  switch (nl) {
    case "tanh":
      return tf.tanh(x);
    case "relu":
      return tf.relu(x);
    case "identity":
      return x;
  }
}

/** Gate block k of a [B, G·N] tensor: columns [k·N, (k+1)·N). */
export function blockTf(x: tf.Tensor2D, k: number, n: number): tf.Tensor2D {
  return tf.slice(x, [0, k * n], [-1, n]);
}

/**
 * TF.js forward pass, unrolled over time with differentiable ops. Same equations as the float64
 * reference (forward.ts); it is the autodiff reference for the fused kernels. Call inside
 * tf.tidy (or dispose the results) to free intermediates.
 */
import * as tf from "@tensorflow/tfjs";
import type { Model, ModelSpec } from "../core/types";
import { archModule, type ParamsTf } from "./arch/index";
import { hasReadout, paramShapes, stateSize, validateModel, validateSpec } from "./spec";
import { affineTf } from "./tfOps";

/** Model params as float32 tensors with their PyTorch shapes (caller disposes). */
export function modelToTensors(model: Model): Record<string, tf.Tensor> {
  validateModel(model);
  const shapes = paramShapes(model.spec);
  const out: Record<string, tf.Tensor> = {};
  for (const [name, shape] of Object.entries(shapes)) out[name] = tf.tensor(model.params[name]!, shape, "float32");
  return out;
}

export interface TfRunResult {
  /** [B, T, O] */
  outputs: tf.Tensor3D;
  /** [B, T, S] (state after each step; LSTM: [h, c]) */
  states: tf.Tensor3D;
}

function checkParamTensors(spec: ModelSpec, params: ParamsTf): void {
  for (const [name, shape] of Object.entries(paramShapes(spec))) {
    const t = params[name];
    if (!t) throw new Error(`runModelTf: parameter "${name}" is missing; expected a tensor of shape [${shape.join(", ")}].`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`runModelTf: parameter "${name}" has shape [${t.shape.join(", ")}]; expected [${shape.join(", ")}].`);
    }
  }
}

/**
 * Forward pass on inputs [B, T, I] from h0 ([B, S] or [S]; default zeros).
 * Parameters: one network, PyTorch names and shapes (see paramShapes).
 */
export function runModelTf(spec: ModelSpec, params: ParamsTf, inputs: tf.Tensor3D, h0?: tf.Tensor): TfRunResult {
  validateSpec(spec);
  checkParamTensors(spec, params);
  const [B, T, I] = inputs.shape;
  if (I !== spec.inputSize) {
    throw new Error(`runModelTf: inputs have ${I} channels; expected inputSize ${spec.inputSize} ([batch, time, ${spec.inputSize}]).`);
  }
  const S = stateSize(spec);
  const impl = archModule(spec.arch);
  return tf.tidy(() => {
    let h: tf.Tensor2D;
    if (h0 === undefined) h = tf.zeros([B, S]);
    else if (h0.rank === 1 && h0.shape[0] === S) h = tf.tile(tf.reshape(h0, [1, S]), [B, 1]) as tf.Tensor2D;
    else if (h0.rank === 2 && h0.shape[0] === B && h0.shape[1] === S) h = h0 as tf.Tensor2D;
    else throw new Error(`runModelTf: h0 has shape [${h0.shape.join(", ")}]; expected [${B}, ${S}] or [${S}].`);
    const us = T > 0 ? (tf.unstack(inputs, 1) as tf.Tensor2D[]) : [];
    const states: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      h = impl.stepTf(spec, params, h, us[t]!);
      states.push(h);
      const f = impl.featuresTf(spec, h);
      outputs.push(hasReadout(spec) ? affineTf(f, params["readout.weight"]!, params["readout.bias"]) : f);
    }
    if (T === 0) return { states: tf.zeros([B, 0, S]) as tf.Tensor3D, outputs: tf.zeros([B, 0, spec.outputSize]) as tf.Tensor3D };
    return { states: tf.stack(states, 1) as tf.Tensor3D, outputs: tf.stack(outputs, 1) as tf.Tensor3D };
  });
}

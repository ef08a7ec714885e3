/**
 * Loss of a trained network with its recurrent matrix replaced, evaluated with the fused kernel on a
 * fixed set of trials: all variants (ranks, shuffles) are stacked into one population and run in a
 * single forward call. Inputs, readout and biases stay as trained.
 */
import type { Model, Trials } from "../../core/types";
import { getKernel } from "../../kernels/select";
import type { RnnKernel } from "../../kernels/types";
import type { DenseMatrix } from "../linalg/matrix";
import type { RecurrentLossFn } from "./truncation";

export interface KernelLossOptions {
  readonly kernel?: RnnKernel;
  /** Variants per forward call (bounds memory: outputs are [M, B, T, O]). Default 32. */
  readonly chunk?: number;
}

/** Loss of `model` with weight_hh_l0 := each given matrix, on `trials` (the task's loss scale). */
export function kernelLossEvaluator(model: Model, trials: Trials, opts: KernelLossOptions = {}): RecurrentLossFn {
  const kernel = opts.kernel ?? getKernel();
  const chunk = opts.chunk ?? 32;
  const n = model.spec.hiddenSize;
  if (!model.params.weight_hh_l0 || model.params.weight_hh_l0.length !== n * n) {
    throw new Error("kernelLossEvaluator: the model needs an N×N weight_hh_l0 (leaky, vanilla or linear arch).");
  }
  if (trials.inputSize !== model.spec.inputSize || trials.outputSize !== model.spec.outputSize) {
    throw new Error(
      `kernelLossEvaluator: trials are ${trials.inputSize}→${trials.outputSize} but the model is ${model.spec.inputSize}→${model.spec.outputSize}.`,
    );
  }
  return (ws: ReadonlyArray<DenseMatrix>): Float64Array => {
    const out = new Float64Array(ws.length);
    for (let s = 0; s < ws.length; s += chunk) {
      const part = ws.slice(s, s + chunk);
      const M = part.length;
      const params: Record<string, Float32Array> = {};
      for (const [name, arr] of Object.entries(model.params)) {
        if (name === "weight_hh_l0") continue;
        const stacked = new Float32Array(arr.length * M);
        for (let m = 0; m < M; m++) stacked.set(arr, m * arr.length);
        params[name] = stacked;
      }
      const w = new Float32Array(n * n * M);
      part.forEach((mat, m) => {
        if (mat.rows !== n || mat.cols !== n) throw new Error(`kernelLossEvaluator: matrix ${s + m} is ${mat.rows}×${mat.cols}, expected ${n}×${n}.`);
        for (let i = 0; i < n * n; i++) w[m * n * n + i] = mat.data[i]!;
      });
      params.weight_hh_l0 = w;
      const res = kernel.forward({
        spec: model.spec,
        networks: M,
        params,
        data: {
          batch: trials.batch,
          time: trials.time,
          perNetworkData: false,
          inputs: trials.inputs,
          targets: trials.targets,
          mask: trials.mask,
          ...(trials.h0 ? { h0: tileH0(trials.h0, M) } : {}),
        },
        lossScale: trials.lossScale ?? 1,
      });
      if (!res.loss) throw new Error("kernelLossEvaluator: the kernel returned no loss although targets were given.");
      out.set(res.loss, s);
    }
    return out;
  };
}

function tileH0(h0: Float32Array, M: number): Float32Array {
  const out = new Float32Array(h0.length * M);
  for (let m = 0; m < M; m++) out.set(h0, m * h0.length);
  return out;
}

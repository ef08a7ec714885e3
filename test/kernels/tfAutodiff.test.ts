/** Kernel gradients vs TF.js autodiff through the models area's runModelTf (float32, cpu backend). */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { runModelTf } from "../../src/models";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable } from "../../src/kernels/native";
import { kernelParamShapes } from "../../src/kernels/plan";
import type { RnnKernel } from "../../src/kernels/types";
import { makeRequest, relErr, variants } from "./reference";

const kernels: RnnKernel[] = [jsKernel, ...(nativeKernelAvailable() ? [makeNativeKernel(2)] : [])];

test("kernel gradients = TF.js autodiff of runModelTf to 1e-4 (every arch variant)", async () => {
  await tf.setBackend("cpu");
  const M = 2, B = 4, T = 8;
  const seen = new Set<string>();
  for (const [vi, v] of variants(6, 3, 2).entries()) {
    const key = JSON.stringify(v.spec);
    if (!v.h0 || !v.mask || seen.has(key)) continue; // one data setting per spec keeps this fast
    seen.add(key);
    const req = makeRequest(v, M, B, T, 4000 + vi);
    const results = kernels.map((k) => k.lossAndGrad(req));
    const shapes = kernelParamShapes(v.spec);
    const I = v.spec.inputSize, O = v.spec.outputSize, S = v.spec.arch === "lstm" ? 2 * v.spec.hiddenSize : v.spec.hiddenSize;
    for (let m = 0; m < M; m++) {
      const d = v.perNetworkData ? m : 0;
      const names = Object.keys(shapes);
      const sizes = names.map((k) => shapes[k].reduce((a, b) => a * b, 1));
      const { value, grads } = tf.tidy(() => {
        const vars = names.map((k, i) => tf.tensor(req.params[k].slice(m * sizes[i], (m + 1) * sizes[i]), shapes[k]));
        const x = tf.tensor3d(req.data.inputs.slice(d * B * T * I, (d + 1) * B * T * I), [B, T, I]);
        const y = tf.tensor3d(req.data.targets!.slice(d * B * T * O, (d + 1) * B * T * O), [B, T, O]);
        const mk = tf.tensor3d(req.data.mask!.slice(d * B * T * O, (d + 1) * B * T * O), [B, T, O]);
        const h0 = tf.tensor2d(req.data.h0!.slice(m * B * S, (m + 1) * B * S), [B, S]);
        const f = (...ps: tf.Tensor[]) => {
          const params: Record<string, tf.Tensor> = {};
          names.forEach((k, i) => (params[k] = ps[i]));
          const out = runModelTf(v.spec, params as never, x, h0).outputs;
          return tf.mul(tf.div(tf.sum(tf.mul(mk, tf.square(tf.sub(out, y)))), tf.sum(mk)), req.lossScale ?? 1) as tf.Scalar;
        };
        const r = tf.valueAndGrads(f)(vars);
        return { value: r.value.dataSync()[0], grads: r.grads.map((g) => g.dataSync() as Float32Array) };
      });
      kernels.forEach((k, ki) => {
        const res = results[ki];
        assert.ok(Math.abs(res.loss[m] - value) <= 1e-5 * Math.abs(value), `${k.name} ${v.label}: loss ${res.loss[m]} vs TF ${value}`);
        names.forEach((name, i) => {
          const g = res.grads[name].subarray(m * sizes[i], (m + 1) * sizes[i]);
          const e = relErr(g, grads[i]);
          assert.ok(e <= 1e-4, `${k.name} ${v.label} ${name} network ${m}: rel err vs TF autodiff ${e.toExponential(2)}`);
        });
      });
    }
  }
  assert.equal(seen.size, 9, "all 9 arch/nonlinearity/readout specs checked");
});

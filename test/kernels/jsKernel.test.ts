import { test } from "node:test";
import assert from "node:assert/strict";
import { jsKernel } from "../../src/kernels/jsKernel";
import { kernelSuite } from "./suite";
import { makeRequest, relErr, variants } from "./reference";
import { runModel } from "../../src/models";
import type { Model } from "../../src/core/types";
import { kernelParamShapes } from "../../src/kernels/plan";

kernelSuite(jsKernel, { gradTol: 1e-5, fwdTol: 1e-6 });

test("js: forward agrees with src/models runModel (float64 reference) for every variant", () => {
  for (const [vi, v] of variants().entries()) {
    if (!v.h0) continue;
    const M = 2, B = 3, T = 7;
    const req = makeRequest(v, M, B, T, 300 + vi);
    const fwd = jsKernel.forward(req, { keepStates: true });
    const S = v.spec.arch === "lstm" ? 2 * v.spec.hiddenSize : v.spec.hiddenSize;
    const O = v.spec.outputSize;
    const I = v.spec.inputSize;
    for (let m = 0; m < M; m++) {
      const params: Record<string, Float32Array> = {};
      for (const [k, sh] of Object.entries(kernelParamShapes(v.spec))) {
        const n = sh.reduce((a, b) => a * b, 1);
        params[k] = req.params[k].slice(m * n, (m + 1) * n);
      }
      const model: Model = { spec: v.spec, params };
      const d = v.perNetworkData ? m : 0;
      const r = runModel(model, req.data.inputs.subarray(d * B * T * I, (d + 1) * B * T * I), {
        batch: B, time: T, h0: req.data.h0!.subarray(m * B * S, (m + 1) * B * S),
      });
      const e1 = relErr(fwd.outputs.subarray(m * B * T * O, (m + 1) * B * T * O), r.outputs);
      const e2 = relErr(fwd.states!.subarray(m * B * T * S, (m + 1) * B * T * S), r.states);
      assert.ok(e1 < 1e-6 && e2 < 1e-6, `${v.label} network ${m}: outputs ${e1}, states ${e2}`);
    }
  }
});

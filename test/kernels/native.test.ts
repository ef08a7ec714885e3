import { test } from "node:test";
import assert from "node:assert/strict";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable, nativeKernelError } from "../../src/kernels/native";
import { getKernel } from "../../src/kernels/select";
import { kernelSuite } from "./suite";
import { makeRequest, relErr, variants } from "./reference";

if (!nativeKernelAvailable()) {
  test("native kernel", { skip: `native addon not available: ${nativeKernelError()}` }, () => {});
  test("getKernel falls back to JS without the addon", () => {
    assert.equal(getKernel("auto").name, "js");
    assert.throws(() => getKernel("native"), /build:native|RNN_ATLAS_NO_NATIVE=1/);
  });
} else {
  // 1 thread, 2 threads (splits the batch of the odd network out) and 3 threads.
  kernelSuite(makeNativeKernel(2), { gradTol: 1e-4, fwdTol: 1e-5, sameLossBits: true });

  test("getKernel picks native when built; js on request", () => {
    assert.equal(getKernel().name === "native" || process.env.RNN_ATLAS_KERNEL === "js", true);
    assert.equal(getKernel("js").name, "js");
    assert.equal(getKernel("native").name, "native");
  });

  test("native: the forward-only pass (trial-major layout) gives the loss bits of lossAndGrad, over several batch chunks", () => {
    const k = makeNativeKernel(2);
    for (const [vi, v] of variants(20, 2, 1).entries()) {
      for (const B of [1, 17, 37]) {
        const req = makeRequest(v, 3, B, 9, 3000 + 10 * vi + B);
        const f = k.forward(req), g = k.lossAndGrad(req);
        for (let m = 0; m < 3; m++) assert.ok(Object.is(f.loss![m], g.loss[m]), `${v.label}, B=${B}, network ${m}: ${f.loss![m]} vs ${g.loss[m]}`);
      }
    }
  });

  for (const threads of [1, 2, 3]) {
    test(`native (${threads} threads) = js to 1e-4, larger sizes (padding, tiles, batch split)`, () => {
      for (const [vi, v0] of variants(37, 4, 3).entries()) {
        if (vi % 2 === 1) continue;
        const v = { ...v0 };
        const M = vi % 4 === 0 ? 3 : 1;
        const req = makeRequest(v, M, 13, 9, 500 + vi);
        const nk = makeNativeKernel(threads);
        const a = nk.lossAndGrad(req);
        const b = jsKernel.lossAndGrad(req);
        assert.ok(relErr(a.loss, b.loss) < 1e-5, `${v.label}: loss ${a.loss} vs ${b.loss}`);
        for (const k of Object.keys(b.grads)) {
          for (let m = 0; m < M; m++) {
            const n = b.grads[k].length / M;
            const e = relErr(a.grads[k].subarray(m * n, (m + 1) * n), b.grads[k].subarray(m * n, (m + 1) * n));
            assert.ok(e < 1e-4, `${v.label} ${k} network ${m}: rel err ${e.toExponential(2)}`);
          }
        }
        const fa = nk.forward(req, { keepStates: true });
        const fb = jsKernel.forward(req, { keepStates: true });
        assert.ok(relErr(fa.outputs, fb.outputs) < 1e-5, `${v.label} outputs`);
        assert.ok(relErr(fa.states!, fb.states!) < 1e-5, `${v.label} states`);
      }
    });
  }

  test("native results do not depend on the thread count", () => {
    const v = variants(20, 3, 3).find((x) => x.spec.arch === "gru")!;
    const req = makeRequest(v, 5, 8, 12, 77);
    const r1 = makeNativeKernel(1).lossAndGrad(req);
    const r2 = makeNativeKernel(2).lossAndGrad(req);
    // Networks 0-3 run whole in both; network 4 is batch-split with 2 threads (summed partial grads).
    assert.deepEqual(Array.from(r1.loss.subarray(0, 4)), Array.from(r2.loss.subarray(0, 4)));
    assert.ok(relErr(r1.loss, r2.loss) < 1e-6);
    for (const k of Object.keys(r1.grads)) assert.ok(relErr(r2.grads[k], r1.grads[k]) < 1e-5, k);
  });
}

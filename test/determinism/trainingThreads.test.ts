/**
 * The native training kernel's results do not depend on how the work is spread: 1, 2 and 3 threads give
 * the same bytes, and a network computed alone gives the same bytes as inside a call with other networks
 * (trainPopulation compacts each call to the still-active networks, so M changes during training).
 * Skipped only with RNN_ATLAS_NO_NATIVE=1; without the addon otherwise, it fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KernelRequest } from "../../src/kernels/types";
import { makeNativeKernel, nativeKernelAvailable, nativeKernelError } from "../../src/kernels/native";
import { archVariants, firstDifference, networkSlice, request, SHAPES } from "./kernelDigest";

const skip = process.env.RNN_ATLAS_NO_NATIVE === "1" ? "RNN_ATLAS_NO_NATIVE=1" : false;

/** The request for networks `which` of a population request (params, per-network data and h0 sliced). */
function subRequest(req: KernelRequest, which: number[]): KernelRequest {
  const M = req.networks;
  const pick = (a: Float32Array): Float32Array => {
    const n = a.length / M;
    const out = new Float32Array(which.length * n);
    which.forEach((m, i) => out.set(a.subarray(m * n, (m + 1) * n), i * n));
    return out;
  };
  const params: Record<string, Float32Array> = {};
  for (const [k, a] of Object.entries(req.params)) params[k] = pick(a);
  const d = req.data;
  const per = (a: Float32Array | undefined) => (a && d.perNetworkData ? pick(a) : a);
  return {
    ...req,
    networks: which.length,
    params,
    data: { ...d, inputs: per(d.inputs)!, targets: per(d.targets), mask: per(d.mask), h0: d.h0 ? pick(d.h0) : undefined },
  };
}

test("native kernel loads", { skip }, () => {
  assert.ok(nativeKernelAvailable(), `native kernel unavailable: ${nativeKernelError()} (build it with \`npm run build:native\`)`);
});

test("1, 2 and 3 threads give the same bytes (loss, gradients, outputs, states)", { skip, timeout: 5 * 60 * 1000 }, () => {
  const k1 = makeNativeKernel(1);
  for (const s of SHAPES) {
    for (const v of archVariants(s.N)) {
      for (const M of [1, 5]) {
        const req = request(v, M, s, 100 + s.N + M);
        const what = `${v.label} N=${s.N} B=${s.B} T=${s.T} M=${M}`;
        const ref = k1.lossAndGrad(req);
        const fref = k1.forward(req, { keepStates: true });
        for (const threads of [2, 3]) {
          const k = makeNativeKernel(threads);
          assert.equal(firstDifference(ref, k.lossAndGrad(req)), "", `${what}, ${threads} threads`);
          const f = k.forward(req, { keepStates: true });
          assert.deepEqual(f.outputs, fref.outputs, `${what}, ${threads} threads: outputs`);
          assert.deepEqual(f.states, fref.states, `${what}, ${threads} threads: states`);
        }
      }
    }
  }
});

test("a network's result is the same alone (M=1), in a call of 5 and in a subset of 3", { skip, timeout: 5 * 60 * 1000 }, () => {
  const k = makeNativeKernel(2);
  for (const s of SHAPES) {
    for (const v of archVariants(s.N)) {
      const req = request(v, 5, s, 200 + s.N);
      const all = k.lossAndGrad(req);
      for (let m = 0; m < 5; m++) {
        const alone = k.lossAndGrad(subRequest(req, [m]));
        assert.equal(firstDifference(networkSlice(all, 5, m), alone), "", `${v.label} N=${s.N}: network ${m} alone vs in M=5`);
      }
      const which = [4, 1, 3];
      const sub = k.lossAndGrad(subRequest(req, which));
      which.forEach((m, i) => {
        assert.equal(firstDifference(networkSlice(all, 5, m), networkSlice(sub, 3, i)), "", `${v.label} N=${s.N}: network ${m} in [4, 1, 3]`);
      });
    }
  }
});

test("RNN_ATLAS_THREADS sets the default thread count", { skip }, () => {
  const before = process.env.RNN_ATLAS_THREADS;
  try {
    process.env.RNN_ATLAS_THREADS = "3";
    assert.equal(makeNativeKernel().threads, 3);
  } finally {
    if (before === undefined) delete process.env.RNN_ATLAS_THREADS;
    else process.env.RNN_ATLAS_THREADS = before;
  }
});

/**
 * Contract tests run against every kernel implementation (JS and native): gradients vs central
 * finite differences of an independent float64 reference, forward outputs/states vs the reference,
 * the non-finite policy and input validation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RnnKernel } from "../../src/kernels/types";
import { fdGrad, makeRequest, netParams64, refLoss, refTrial, relErr, variants } from "./reference";

/**
 * sameLossBits: forward's loss must be the bits of lossAndGrad's (the native kernel computes the forward-only
 * pass in its own trial-major layout with the same sums; scoring and validation in training rely on it).
 */
export function kernelSuite(kernel: RnnKernel, opts: { gradTol: number; fwdTol: number; sameLossBits?: boolean }): void {
  const M = 2;
  const B = 3;
  const T = 6;

  for (const [vi, v] of variants().entries()) {
    test(`${kernel.name}: gradient = finite differences, ${v.label}`, () => {
      const req = makeRequest(v, M, B, T, 1000 + vi);
      const { loss, grads } = kernel.lossAndGrad(req);
      assert.equal(loss.length, M);
      for (let m = 0; m < M; m++) {
        const ref = refLoss(req, m, netParams64(req, m));
        assert.ok(Math.abs(loss[m] - ref) <= 1e-5 * Math.abs(ref) + 1e-9, `loss[${m}] ${loss[m]} vs reference ${ref}`);
        assert.ok(ref > 1e-3, "test problem must have a non-trivial loss");
        const fd = fdGrad(req, m);
        for (const k of Object.keys(fd)) {
          const n = fd[k].length;
          const g = grads[k].subarray(m * n, (m + 1) * n);
          const e = relErr(g, fd[k]);
          assert.ok(e <= opts.gradTol, `${k} of network ${m}: relative error ${e.toExponential(2)} (max |fd| ${Math.max(...fd[k].map(Math.abs)).toExponential(2)})`);
        }
      }
      assert.deepEqual(Object.keys(grads).sort(), Object.keys(req.params).sort());
    });

    test(`${kernel.name}: forward outputs and states = float64 reference, ${v.label}`, () => {
      const req = makeRequest(v, M, B, T, 2000 + vi);
      const S = v.spec.arch === "lstm" ? 2 * v.spec.hiddenSize : v.spec.hiddenSize;
      const O = v.spec.outputSize;
      const I = v.spec.inputSize;
      const fwd = kernel.forward(req, { keepStates: true });
      assert.ok(fwd.states, "states returned with keepStates");
      assert.equal(fwd.outputs.length, M * B * T * O);
      assert.equal(fwd.states.length, M * B * T * S);
      const ys: number[] = [];
      const ss: number[] = [];
      for (let m = 0; m < M; m++) {
        const p = netParams64(req, m);
        const d = v.perNetworkData ? m : 0;
        for (let b = 0; b < B; b++) {
          const h0 = req.data.h0 ? Array.from(req.data.h0.subarray((m * B + b) * S, (m * B + b + 1) * S)) : null;
          const r = refTrial(v.spec, p, req.data.inputs, (d * B + b) * T * I, T, h0);
          for (const row of r.y) ys.push(...row);
          for (const row of r.s) ss.push(...row);
        }
      }
      assert.ok(relErr(fwd.outputs, ys) <= opts.fwdTol, `outputs rel err ${relErr(fwd.outputs, ys)}`);
      assert.ok(relErr(fwd.states, ss) <= opts.fwdTol, `states rel err ${relErr(fwd.states, ss)}`);
      // forward's loss equals lossAndGrad's loss; no states unless asked.
      const lg = kernel.lossAndGrad(req);
      assert.ok(fwd.loss);
      for (let m = 0; m < M; m++) {
        if (opts.sameLossBits) assert.ok(Object.is(fwd.loss[m], lg.loss[m]), `network ${m}: forward loss ${fwd.loss[m]} vs lossAndGrad ${lg.loss[m]}`);
        else assert.ok(Math.abs(fwd.loss[m] - lg.loss[m]) <= 1e-6 * Math.abs(lg.loss[m]));
      }
      assert.equal(kernel.forward(req).states, undefined);
    });
  }

  test(`${kernel.name}: h0 shared by all networks ([B, S]) = h0 tiled per network`, () => {
    const v = variants().find((x) => x.spec.arch === "lstm" && x.h0)!;
    const req = makeRequest(v, 3, B, T, 7);
    const S = 2 * v.spec.hiddenSize;
    const shared = req.data.h0!.slice(0, B * S);
    const tiled = new Float32Array(3 * B * S);
    for (let m = 0; m < 3; m++) tiled.set(shared, m * B * S);
    const a = kernel.lossAndGrad({ ...req, data: { ...req.data, h0: shared } });
    const b = kernel.lossAndGrad({ ...req, data: { ...req.data, h0: tiled } });
    assert.deepEqual(Array.from(a.loss), Array.from(b.loss));
    for (const k of Object.keys(a.grads)) assert.deepEqual(a.grads[k], b.grads[k]);
  });

  test(`${kernel.name}: NaN in data throws naming the array and network; NaN params give that network a NaN loss`, () => {
    const v = variants().find((x) => x.spec.arch === "gru" && x.perNetworkData)!;
    const req = makeRequest(v, 3, B, T, 9);
    const I = v.spec.inputSize;
    const inputs = req.data.inputs.slice();
    inputs[(1 * B + 2) * T * I + 4 * I + 1] = NaN; // network 1, trial 2, step 4, channel 1
    assert.throws(
      () => kernel.lossAndGrad({ ...req, data: { ...req.data, inputs } }),
      (e: Error) => /inputs/.test(e.message) && /network 1/.test(e.message) && /trial 2, step 4, channel 1/.test(e.message),
    );
    const targets = req.data.targets!.slice();
    targets[5] = Infinity;
    assert.throws(() => kernel.forward({ ...req, data: { ...req.data, targets } }), /targets.*network 0/);

    const clean = kernel.lossAndGrad(req);
    const whh = req.params.weight_hh_l0.slice();
    whh[whh.length / 3 + 3] = NaN; // network 1
    const dirty = kernel.lossAndGrad({ ...req, params: { ...req.params, weight_hh_l0: whh } });
    assert.ok(Number.isNaN(dirty.loss[1]));
    assert.equal(dirty.loss[0], clean.loss[0]);
    assert.equal(dirty.loss[2], clean.loss[2]);
    const n = whh.length / 3;
    assert.ok(Number.isNaN(dirty.grads.weight_hh_l0[n + 1]));
    assert.deepEqual(dirty.grads.weight_hh_l0.subarray(0, n), clean.grads.weight_hh_l0.subarray(0, n));
    const fwd = kernel.forward({ ...req, params: { ...req.params, weight_hh_l0: whh } });
    assert.ok(Number.isNaN(fwd.outputs[fwd.outputs.length / 3 + 1]));
  });

  test(`${kernel.name}: exploding ReLU network gives a non-finite loss, not a silent number`, () => {
    const v = variants().find((x) => x.spec.nonlinearity === "relu")!;
    const req = makeRequest(v, 1, 2, 200, 11);
    const whh = req.params.weight_hh_l0.map((x, i) => (i % 6 === 0 ? 1e3 : Math.abs(x) * 50));
    const r = kernel.lossAndGrad({ ...req, params: { ...req.params, weight_hh_l0: whh } });
    assert.ok(!Number.isFinite(r.loss[0]), `loss ${r.loss[0]}`);
  });

  test(`${kernel.name}: bad requests get clear errors`, () => {
    const v = variants()[0];
    const req = makeRequest(v, 2, B, T, 3);
    assert.throws(() => kernel.lossAndGrad({ ...req, data: { ...req.data, targets: undefined } }), /needs data.targets/);
    assert.throws(
      () => kernel.forward({ ...req, params: { ...req.params, weight_hh_l0: new Float32Array(3) } }),
      /weight_hh_l0.*expected 50/,
    );
    const { ["readout.bias"]: _drop, ...rest } = req.params;
    void _drop;
    assert.throws(() => kernel.forward({ ...req, params: rest }), /readout\.bias.*missing/);
    assert.throws(
      () => kernel.forward({ ...req, data: { ...req.data, inputs: new Float32Array(5) } }),
      /inputs has 5 elements/,
    );
    assert.throws(() => kernel.forward({ ...req, spec: { ...req.spec, arch: "foo" as never } }), /unknown arch/);
    const mask0 = new Float32Array(req.data.mask ? req.data.mask.length : B * T * 2);
    const z = kernel.lossAndGrad({ ...req, data: { ...req.data, mask: mask0 } });
    assert.deepEqual(Array.from(z.loss), [0, 0]);
    assert.ok(z.grads.weight_hh_l0.every((x) => x === 0));
  });
}

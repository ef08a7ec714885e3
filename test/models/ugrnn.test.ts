// UGRNN-specific behaviour that the generic architecture tests do not pin: the update-gate bias of
// the default init, the two limits of the update gate (u ≡ 1 holds the state in every form of the
// equations; u ≡ 0 is a vanilla tanh net on the candidate block), and the nonlinearity check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import type { Model, ModelSpec } from "../../src/core/types";
import { getDynamics } from "../../src/analysis/fixedPoints";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable } from "../../src/kernels/native";
import type { RnnKernel } from "../../src/kernels/types";
import { initModel, runModel, validateSpec } from "../../src/models";
import { UGRNN_UPDATE_BIAS_INIT } from "../../src/models/arch/ugrnn";

const SPEC: ModelSpec = { arch: "ugrnn", inputSize: 3, hiddenSize: 6, outputSize: 2 };
const N = SPEC.hiddenSize;
const kernels: RnnKernel[] = [jsKernel, ...(nativeKernelAvailable() ? [makeNativeKernel(2)] : [])];

/** The default init with the update gate's bias block (bias_ih_l0 rows N..2N-1) set to `b`. */
function withUpdateBias(b: number, seed = 3): Model {
  const m = initModel(SPEC, { seed });
  const bih = m.params.bias_ih_l0!.slice();
  const bhh = m.params.bias_hh_l0!.slice();
  for (let i = N; i < 2 * N; i++) {
    bih[i] = b;
    bhh[i] = 0;
  }
  return { ...m, params: { ...m.params, bias_ih_l0: bih, bias_hh_l0: bhh } };
}

test("default init: the update-gate block of bias_ih_l0 is the scheme's draw + 1, everything else the plain draw", () => {
  const m = initModel(SPEC, { seed: 11 });
  // The same draws without the offset: a custom initialiser is used as returned.
  const plain = initModel(SPEC, { seed: 11, scheme: ({ shape, rng }) => rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -1 / Math.sqrt(N), 1 / Math.sqrt(N)) });
  for (const k of Object.keys(plain.params)) {
    const a = m.params[k]!;
    const b = plain.params[k]!;
    for (let i = 0; i < a.length; i++) {
      const want = k === "bias_ih_l0" && i >= N ? Math.fround(b[i]! + UGRNN_UPDATE_BIAS_INIT) : b[i]!;
      assert.equal(a[i], want, `${k}[${i}]`);
    }
  }
  // Every other scheme adds it too; the gate then starts open towards remembering: σ(1 ± 1/√N) > 0.5.
  for (const scheme of ["turner", "gaussian"] as const) {
    const s = initModel(SPEC, { seed: 11, scheme });
    for (let i = N; i < 2 * N; i++) assert.ok(s.params.bias_ih_l0![i]! > 0.5, `${scheme}: update bias ${s.params.bias_ih_l0![i]}`);
  }
  // Other architectures are not touched by the UGRNN's offset.
  const gru = initModel({ arch: "gru", inputSize: 3, hiddenSize: N, outputSize: 2 }, { seed: 11 });
  assert.ok(gru.params.bias_ih_l0!.every((v) => Math.abs(v) <= 1 / Math.sqrt(N)));
});

test("u ≡ 1 (update bias +60): the state is held exactly for 60 steps by every kernel and the float64 step", () => {
  const m = withUpdateBias(60);
  const B = 4, T = 60, I = SPEC.inputSize;
  const rng = new Rng(5);
  const inputs = Float32Array.from({ length: B * T * I }, () => rng.uniform(-1, 1));
  const h0 = Float32Array.from({ length: B * N }, () => rng.uniform(-0.9, 0.9));
  for (const k of kernels) {
    const f = k.forward({ spec: SPEC, networks: 1, params: m.params, data: { batch: B, time: T, perNetworkData: false, inputs, h0 } }, { keepStates: true });
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let n = 0; n < N; n++) assert.equal(f.states![(b * T + t) * N + n], h0[b * N + n], `${k.name}: trial ${b} step ${t} unit ${n}`);
      }
    }
  }
  // float64: σ(a) = 1 for a ≳ 37 (e^-a below half an ulp of 1); the pre-activations here are 60 ± 5, so the reference step holds the state exactly as well.
  const r = runModel(m, inputs, { batch: B, time: T, h0 });
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) assert.equal(r.states[(b * T + T - 1) * N + n], h0[b * N + n]);
  // Fixed points: every state is one, with Jacobian I and no input sensitivity.
  const dyn = getDynamics(m);
  const x = Float64Array.from(h0.subarray(0, 2 * N));
  const { F, J, Ju } = dyn.jacobians(x, new Float64Array(2 * I), 2);
  assert.deepEqual(Array.from(F), Array.from(x));
  for (let k = 0; k < 2; k++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) assert.ok(J[(k * N + i) * N + j] === (i === j ? 1 : 0), `J[${k}][${i}][${j}] = ${J[(k * N + i) * N + j]}`); // ±0 off the diagonal
  assert.ok(Ju.every((v) => v === 0));
});

test("u ≡ 0 (update bias −60): the net is a vanilla tanh RNN with the candidate block's weights", () => {
  const m = withUpdateBias(-60);
  const I = SPEC.inputSize;
  const cand = (name: string, rows: number, cols: number) => m.params[name]!.slice(0, rows * cols);
  const vanilla: Model = {
    spec: { arch: "vanilla", inputSize: I, hiddenSize: N, outputSize: 2, nonlinearity: "tanh" },
    params: {
      weight_ih_l0: cand("weight_ih_l0", N, I),
      weight_hh_l0: cand("weight_hh_l0", N, N),
      bias_ih_l0: cand("bias_ih_l0", N, 1),
      bias_hh_l0: cand("bias_hh_l0", N, 1),
      "readout.weight": m.params["readout.weight"]!,
      "readout.bias": m.params["readout.bias"]!,
    },
  };
  const B = 3, T = 20;
  const rng = new Rng(8);
  const inputs = Float32Array.from({ length: B * T * I }, () => rng.uniform(-1, 1));
  const a = runModel(m, inputs, { batch: B, time: T });
  const b = runModel(vanilla, inputs, { batch: B, time: T });
  let d = 0;
  for (let i = 0; i < a.outputs.length; i++) d = Math.max(d, Math.abs(a.outputs[i]! - b.outputs[i]!));
  assert.ok(d < 1e-15, `outputs differ by ${d}`);
  for (const k of kernels) {
    const ka = k.forward({ spec: m.spec, networks: 1, params: m.params, data: { batch: B, time: T, perNetworkData: false, inputs } });
    const kb = k.forward({ spec: vanilla.spec, networks: 1, params: vanilla.params, data: { batch: B, time: T, perNetworkData: false, inputs } });
    let e = 0;
    for (let i = 0; i < ka.outputs.length; i++) e = Math.max(e, Math.abs(ka.outputs[i]! - kb.outputs[i]!));
    assert.ok(e < 1e-6, `${k.name}: outputs differ by ${e}`);
  }
});

test("ugrnn takes only the tanh candidate; another nonlinearity is refused by name", () => {
  validateSpec({ ...SPEC, nonlinearity: "tanh" });
  assert.throws(() => validateSpec({ ...SPEC, nonlinearity: "relu" }), /nonlinearity "relu" is not supported for arch "ugrnn" \(use tanh\)/);
});

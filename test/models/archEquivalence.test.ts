// Every form of each architecture's equations (src/models/arch/<arch>.ts) describes the same map:
// the float64 reference step, the JS training kernel's forward, the TF.js step and the fixed-point
// residual agree at random points, and the fixed-point Jacobians are the derivatives of the
// reference step (central finite differences), with ∇q = (J − I)ᵀ r (discrete) or Jᵀ r (leaky).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import type { Model, ModelSpec } from "../../src/core/types";
import { getDynamics } from "../../src/analysis/fixedPoints";
import { jsKernel } from "../../src/kernels/jsKernel";
import { initModel, initTf, mapParams, modelToTensors, readoutModel, runModelTf, stateSize, stepModel } from "../../src/models";

const CASES: ModelSpec[] = [
  { arch: "vanilla", inputSize: 3, hiddenSize: 7, outputSize: 2, nonlinearity: "tanh" },
  { arch: "vanilla", inputSize: 3, hiddenSize: 7, outputSize: 2, nonlinearity: "relu" },
  { arch: "linear", inputSize: 3, hiddenSize: 7, outputSize: 2 },
  { arch: "gru", inputSize: 3, hiddenSize: 6, outputSize: 2 },
  { arch: "lstm", inputSize: 3, hiddenSize: 5, outputSize: 2 },
  { arch: "leaky", inputSize: 3, hiddenSize: 7, outputSize: 2, nonlinearity: "tanh", dt: 0.2 },
  { arch: "leaky", inputSize: 3, hiddenSize: 7, outputSize: 2, nonlinearity: "identity", dt: 0.5 },
  { arch: "leaky", inputSize: 2, hiddenSize: 4, outputSize: 4, nonlinearity: "tanh", dt: 0.1, readout: "state" },
  { arch: "ugrnn", inputSize: 3, hiddenSize: 6, outputSize: 2 },
];

/** Points per check. */
const K = 6;

function label(spec: ModelSpec): string {
  return [spec.arch, spec.nonlinearity, spec.readout].filter(Boolean).join("/");
}

function model(spec: ModelSpec, seed: number): Model {
  // PyTorch's init scaled up so the gates and φ leave their linear range.
  const m = initModel(spec, { seed });
  return spec.arch === "linear" ? m : mapParams(m, (a) => a.map((v) => v * 2.5));
}

/** States and inputs as float32 values, so that the float32 kernel and the float64 paths start from the same numbers. */
function points(spec: ModelSpec, seed: number): { x: Float64Array; u: Float64Array } {
  const rng = new Rng(seed);
  const S = stateSize(spec);
  const x = Float64Array.from(new Float32Array(K * S).map(() => rng.normal(0, 0.8)));
  const u = Float64Array.from(new Float32Array(K * spec.inputSize).map(() => rng.normal(0, 0.8)));
  return { x, u };
}

/** Reference step of K points: [K, S]. */
function refSteps(m: Model, x: Float64Array, u: Float64Array): Float64Array {
  const S = stateSize(m.spec);
  const I = m.spec.inputSize;
  const out = new Float64Array(K * S);
  for (let k = 0; k < K; k++) out.set(stepModel(m, x.subarray(k * S, (k + 1) * S), u.subarray(k * I, (k + 1) * I)), k * S);
  return out;
}

/** ∂step/∂(coordinate j of every point's x or u) by central differences (h = 1e-5): [K, S]. */
function stepDerivative(m: Model, x: Float64Array, u: Float64Array, wrt: "x" | "u", j: number): Float64Array {
  const h = 1e-5;
  const base = wrt === "x" ? x : u;
  const dim = base.length / K;
  const plus = Float64Array.from(base);
  const minus = Float64Array.from(base);
  for (let k = 0; k < K; k++) {
    plus[k * dim + j] += h;
    minus[k * dim + j] -= h;
  }
  const fp = wrt === "x" ? refSteps(m, plus, u) : refSteps(m, x, plus);
  const fm = wrt === "x" ? refSteps(m, minus, u) : refSteps(m, x, minus);
  return fp.map((v, i) => (v - fm[i]!) / (2 * h));
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/**
 * Largest |a − b| / (|b| + floor). The JS kernel computes in float64 and stores float32: rounding to
 * nearest moves a value by ≤ 2^-24 of itself, and a float64 sum taken in another order can put it on
 * the other side of a rounding boundary, so one float32 ulp (2^-23 relative) is the bound.
 */
function float32Ulps(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (2 ** -23 * Math.abs(b[i]!) + 1e-12));
  return worst;
}

for (const [ci, spec] of CASES.entries()) {
  const name = label(spec);
  const S = stateSize(spec);
  const I = spec.inputSize;
  const O = spec.outputSize;

  test(`${name}: float64 step, JS kernel forward, TF.js step and fixed-point residual agree`, async () => {
    const m = model(spec, 40 + ci);
    const { x, u } = points(spec, 70 + ci);
    const ref = refSteps(m, x, u);
    const refY = new Float64Array(K * O);
    for (let k = 0; k < K; k++) refY.set(readoutModel(m, ref.subarray(k * S, (k + 1) * S)), k * O);
    assert.ok(maxAbs(ref, x) > 1e-2, "the step moves the points (a non-trivial check)");

    // JS kernel: one step of K trials from h0 = x.
    const fwd = jsKernel.forward(
      {
        spec,
        networks: 1,
        params: m.params,
        data: { batch: K, time: 1, perNetworkData: false, inputs: Float32Array.from(u), h0: Float32Array.from(x) },
      },
      { keepStates: true },
    );
    assert.ok(float32Ulps(fwd.states!, ref) <= 1, `kernel states vs float64 step: ${float32Ulps(fwd.states!, ref)} float32 ulps`);
    assert.ok(float32Ulps(fwd.outputs, refY) <= 1, `kernel outputs vs float64 readout: ${float32Ulps(fwd.outputs, refY)} float32 ulps`);

    // TF.js step in float32 arithmetic: pre-activations are sums of ≤ 11 products of size ≲ 3, each
    // op rounding by ≤ 2^-24, so the state is off by ≲ 3e-6; 1e-5 leaves room and still catches a
    // wrong term (≥ 1e-2 here).
    const tf = await initTf();
    const [tfStates, tfY] = tf.tidy(() => {
      const p = modelToTensors(m);
      const r = runModelTf(spec, p, tf.tensor3d(Float32Array.from(u), [K, 1, I]), tf.tensor2d(Float32Array.from(x), [K, S]));
      return [r.states.dataSync().slice(), r.outputs.dataSync().slice()];
    });
    assert.ok(maxAbs(tfStates, ref) < 1e-5, `TF.js states vs float64 step: ${maxAbs(tfStates, ref)}`);
    assert.ok(maxAbs(tfY, refY) < 1e-5, `TF.js outputs vs float64 readout: ${maxAbs(tfY, refY)}`);

    // Fixed-point residual: F − x (discrete) or the vector field F = (step − x) / dt (leaky). Both
    // sides are float64 with sums in different orders (GEMM vs row dot products): ~1e-15.
    const dyn = getDynamics(m);
    const r = new Float64Array(K * S);
    const q = new Float64Array(K);
    const g = new Float64Array(K * S);
    dyn.qGrad(x, dyn.drive(u, K), K, r, q, g, dyn.workspace(K));
    const stepFromR = r.map((v, i) => x[i]! + (dyn.continuous ? dyn.dt : 1) * v);
    assert.ok(maxAbs(stepFromR, ref) < 1e-12, `x + dt·residual vs float64 step: ${maxAbs(stepFromR, ref)}`);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < S; i++) s += r[k * S + i]! ** 2;
      assert.ok(Math.abs(q[k]! - 0.5 * s) <= 1e-14 * s, `q[${k}] = ½‖r‖²`);
    }
  });

  test(`${name}: fixed-point Jacobians are the derivatives of the float64 step; ∇q = (J − I)ᵀ r`, () => {
    const m = model(spec, 140 + ci);
    const { x, u } = points(spec, 170 + ci);
    const dyn = getDynamics(m);
    const { F, J, Ju } = dyn.jacobians(x, u, K);
    const dt = dyn.continuous ? dyn.dt : 1;
    // step = x + dt·F (leaky) or F (discrete), so ∂step/∂x = I + dt·J or J, ∂step/∂u = dt·Ju or Ju.
    const stepJ = (k: number, i: number, j: number) => (dyn.continuous ? (i === j ? 1 : 0) + dt * J[(k * S + i) * S + j]! : J[(k * S + i) * S + j]!);
    // Central differences with h = 1e-5: truncation ~h²·|f'''| ≈ 1e-10, rounding ~1e-16/h ≈ 1e-11;
    // 1e-7 is far above both and far below a missing or wrong term.
    let errX = 0;
    for (let j = 0; j < S; j++) {
      const d = stepDerivative(m, x, u, "x", j);
      for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) errX = Math.max(errX, Math.abs(d[k * S + i]! - stepJ(k, i, j)));
    }
    assert.ok(errX < 1e-7, `∂F/∂x vs finite differences of the step: ${errX}`);
    let errU = 0;
    for (let j = 0; j < I; j++) {
      const d = stepDerivative(m, x, u, "u", j);
      for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) errU = Math.max(errU, Math.abs(d[k * S + i]! - dt * Ju[(k * S + i) * I + j]!));
    }
    assert.ok(errU < 1e-7, `∂F/∂u vs finite differences of the step: ${errU}`);

    // ∇q from the vector–Jacobian product equals the explicit (J − I)ᵀ r (float64, ~1e-15).
    const r = new Float64Array(K * S);
    const g = new Float64Array(K * S);
    dyn.qGrad(x, dyn.drive(u, K), K, r, new Float64Array(K), g, dyn.workspace(K));
    assert.ok(maxAbs(r, F.map((v, i) => (dyn.continuous ? v : v - x[i]!))) < 1e-12, "qGrad residual vs jacobians().F");
    const gJ = new Float64Array(K * S);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < S; i++) {
        let s = dyn.continuous ? 0 : -r[k * S + i]!;
        for (let j = 0; j < S; j++) s += J[(k * S + j) * S + i]! * r[k * S + j]!;
        gJ[k * S + i] = s;
      }
    }
    assert.ok(maxAbs(g, gJ) < 1e-11, `∇q vs (J − I)ᵀ r: ${maxAbs(g, gJ)}`);
  });
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { adamStep, applyMasks, clipGradients, createAdamState, gradNorms, resetAdamNetwork } from "../../src/train";

const close = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("Adam: first step equals the hand-computed value", () => {
  // p = 1, g = 0.5, lr = 0.1: m = 0.05, v = 2.5e-4, m̂ = 0.5, v̂ = 0.25 → p = 1 − 0.1·0.5/(0.5 + 1e-8)
  const params = { w: Float32Array.of(1) };
  const st = createAdamState(params, 1);
  adamStep(params, { w: Float32Array.of(0.5) }, st, [0.1], [0]);
  close(st.m.w![0]!, 0.05, 1e-7, "m");
  close(st.v.w![0]!, 2.5e-4, 1e-7, "v");
  close(params.w[0]!, 1 - (0.1 * 0.5) / (0.5 + 1e-8), 1e-7, "p");
  assert.equal(st.step[0], 1);
});

test("Adam: three steps match a float64 reference with PyTorch's bias correction", () => {
  const gs = [0.5, -0.2, 0.1];
  const lr = 0.01;
  // reference written out independently
  let p = 0.3;
  let m = 0;
  let v = 0;
  for (let t = 1; t <= 3; t++) {
    const g = gs[t - 1]!;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    const mh = m / (1 - 0.9 ** t);
    const vh = v / (1 - 0.999 ** t);
    p = p - (lr * mh) / (Math.sqrt(vh) + 1e-8);
  }
  const params = { w: Float32Array.of(0.3) };
  const st = createAdamState(params, 1);
  for (const g of gs) adamStep(params, { w: Float32Array.of(g) }, st, [lr], [0]);
  close(params.w[0]!, p, 1e-6, "p after 3 steps");
  assert.notEqual(params.w[0], 0.3);
});

test("Adam: per-network learning rates; networks not listed are untouched", () => {
  // 3 networks × 2 values
  const params = { w: Float32Array.of(1, 1, 1, 1, 1, 1) };
  const st = createAdamState(params, 3);
  const g = { w: Float32Array.of(1, -1, 1, -1, 1, -1) };
  adamStep(params, g, st, [0.1, 0.2, 0.3], [0, 2]);
  // first Adam step moves by ≈ lr·sign(g)
  close(params.w[0]!, 0.9, 1e-6, "net0[0]");
  close(params.w[1]!, 1.1, 1e-6, "net0[1]");
  assert.equal(params.w[2], 1);
  assert.equal(params.w[3], 1);
  close(params.w[4]!, 0.7, 1e-6, "net2[0]");
  assert.deepEqual(Array.from(st.step), [1, 0, 1]);
  assert.equal(st.m.w![2], 0);
  resetAdamNetwork(st, 0);
  assert.deepEqual(Array.from(st.step), [0, 0, 1]);
  assert.equal(st.m.w![0], 0);
  assert.equal(st.v.w![1], 0);
  assert.notEqual(st.m.w![4], 0);
});

test("gradient norms and per-network clipping (clip_grad_norm_ semantics)", () => {
  // network 0: (3, 4 | 0) norm 5; network 1: (0.3, 0.4 | 0) norm 0.5
  const grads = { a: Float32Array.of(3, 4, 0.3, 0.4), b: Float32Array.of(0, 0) };
  const norms = gradNorms(grads, 2);
  close(norms[0]!, 5, 1e-12, "norm0");
  close(norms[1]!, 0.5, 1e-7, "norm1");
  clipGradients(grads, norms, 1, 2);
  const coef = 1 / (5 + 1e-6);
  close(grads.a[0]!, 3 * coef, 1e-6, "clipped a0");
  close(grads.a[1]!, 4 * coef, 1e-6, "clipped a1");
  close(Math.hypot(grads.a[0]!, grads.a[1]!), 1, 1e-5, "clipped norm");
  assert.equal(grads.a[2], Math.fround(0.3));
  assert.equal(grads.a[3], Math.fround(0.4));
});

test("trainable masks: false freezes, Float32Array multiplies per element in every network", () => {
  const grads = { a: Float32Array.of(1, 2, 3, 4), b: Float32Array.of(5, 6) };
  applyMasks(grads, { a: Float32Array.of(0, 1), b: false }, 2);
  assert.deepEqual(Array.from(grads.a), [0, 2, 0, 4]);
  assert.deepEqual(Array.from(grads.b), [0, 0]);
});

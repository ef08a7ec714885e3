import { test } from "node:test";
import assert from "node:assert/strict";
import type { Model } from "../../src/core/types";
import { Rng } from "../../src/core/random";
import { findFixedPoints } from "../../src/analysis/fixedPoints";
import { cycleWinding, dominantOscillation, signalFrequency } from "../../src/analysis/oscillation";

/** Linear 2-D map h ↦ r·R(θ)·h + b: one fixed point, eigenvalues r·e^{±iθ}. */
function rotationNet(r: number, theta: number, bias: [number, number]): Model {
  const c = r * Math.cos(theta);
  const s = r * Math.sin(theta);
  return {
    spec: { arch: "linear", inputSize: 1, hiddenSize: 2, outputSize: 1 },
    params: {
      weight_ih_l0: new Float32Array(2),
      weight_hh_l0: Float32Array.from([c, -s, s, c]),
      bias_ih_l0: new Float32Array(2),
      bias_hh_l0: Float32Array.from(bias),
      "readout.weight": Float32Array.from([1, 0]),
      "readout.bias": new Float32Array(1),
    },
  };
}

test("dominantOscillation: an unstable rotation r·e^{±iθ} gives angular frequency θ and modulus r", () => {
  for (const [r, theta] of [[1.1, 0.3], [1.02, 1.2], [0.8, 0.5]] as const) {
    const fps = findFixedPoints(rotationNet(r, theta, [0.2, -0.1]), { inits: [0.5, 0.5, -0.3, 0.2], inputs: [0], excludeDistanceOutliers: false });
    assert.equal(fps.count, 1);
    const osc = dominantOscillation(fps, 0);
    if (r < 1) {
      assert.equal(osc, null, "a decaying rotation is not returned with unstableOnly");
      const any = dominantOscillation(fps, 0, { unstableOnly: false })!;
      assert.ok(Math.abs(any.angularFrequency - theta) < 1e-5 && !any.unstable);
      continue;
    }
    assert.ok(osc && osc.unstable);
    // float32 weights: θ and r are recovered to float32 precision.
    assert.ok(Math.abs(osc!.angularFrequency - theta) < 1e-5, `θ ${osc!.angularFrequency} vs ${theta}`);
    assert.ok(Math.abs(osc!.modulus - r) < 1e-5);
    assert.ok(Math.abs(osc!.period - (2 * Math.PI) / theta) < 1e-3);
  }
});

test("dominantOscillation: real eigenvalues only → null; bad index → clear error", () => {
  const m = rotationNet(1.5, 0, [0, 0]);
  const fps = findFixedPoints(m, { inits: [0.1, 0.1], inputs: [0], excludeDistanceOutliers: false });
  assert.equal(dominantOscillation(fps, 0, { unstableOnly: false }), null);
  assert.throws(() => dominantOscillation(fps, 3), /out of range/);
});

test("signalFrequency recovers ω of a sinusoid with a non-integer number of cycles, with and without noise", () => {
  const rng = new Rng(5);
  for (const w of [0.1, 0.237, 0.6, 2.5]) {
    const y = Array.from({ length: 120 }, (_, t) => 0.3 + 1.3 * Math.sin(w * t + 0.4));
    const f = signalFrequency(y);
    assert.ok(Math.abs(f.omega - w) < 1e-7, `ω ${f.omega} vs ${w}`);
    assert.ok(Math.abs(f.amplitude - 1.3) < 1e-6 && f.r2 > 1 - 1e-10);
    const noisy = y.map((v) => v + 0.2 * rng.normal());
    const g = signalFrequency(noisy);
    assert.ok(Math.abs(g.omega - w) < 0.01, `noisy ω ${g.omega} vs ${w}`);
    assert.ok(g.r2 > 0.8 && g.r2 < 1);
  }
  // A transient before the oscillation is skipped with start.
  const z = Array.from({ length: 150 }, (_, t) => (t < 30 ? 5 : Math.cos(0.45 * t)));
  assert.ok(Math.abs(signalFrequency(z, { start: 30 }).omega - 0.45) < 1e-7);
});

test("signalFrequency: clear errors for short, constant or non-finite traces", () => {
  assert.throws(() => signalFrequency([1, 2, 3]), /at least 8 samples/);
  assert.throws(() => signalFrequency(new Array(20).fill(1)), /constant/);
  assert.throws(() => signalFrequency([...new Array(19).fill(0).map((_, t) => Math.sin(t)), NaN]), /finite/);
});

test("cycleWinding: a tilted circle in 4-D winds once per period around its centre and not around an outside point", () => {
  const T = 250, S = 4, w = 0.25; // 250 steps at 0.25 rad/step ≈ 9.95 turns
  const states = new Float64Array(T * S);
  for (let t = 0; t < T; t++) {
    const c = Math.cos(w * t), s = Math.sin(w * t);
    states.set([1 + 2 * c, 2 * s + 0.5 * c, -1 + 0.5 * s, 0.01 * Math.sin(3 * t)], t * S);
  }
  const centre = cycleWinding(states, S, [1.1, 0.1, -1, 0]);
  assert.ok(Math.abs(Math.abs(centre.turns) - (w * (T - 1)) / (2 * Math.PI)) < 0.05, `turns ${centre.turns}`);
  assert.ok(centre.planeVariance > 0.99 && centre.distanceToCentre < 0.2);
  const outside = cycleWinding(states, S, [6, 0, -1, 0]);
  assert.ok(Math.abs(outside.turns) < 0.2, `outside turns ${outside.turns}`);
  assert.throws(() => cycleWinding(states, S, [0, 0]), /same network/);
});

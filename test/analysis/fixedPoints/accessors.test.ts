import { test } from "node:test";
import assert from "node:assert/strict";
import { findFixedPoints } from "../../../src/analysis/fixedPoints";
import { handModel } from "./helpers";

// h ↦ tanh(diag(2, 0.5) h + b): a saddle-free 2-D map whose points the accessors read.
const model = handModel("vanilla", [2, 0, 0, 0.5], [0, 0], [0, 0], { nonlinearity: "tanh" });
const inits = [0.9, 0.1, -0.9, 0.1, 0.05, 0.0];

test("FixedPoints.eigenvalue / rightEigenvector read the decomposition of point k, mode m", () => {
  const fps = findFixedPoints(model, { inits, inputs: [0], maxIters: 3000, excludeDistanceOutliers: false });
  assert.ok(fps.count >= 2);
  const S = fps.stateSize;
  for (let k = 0; k < fps.count; k++) {
    for (let m = 0; m < S; m++) {
      const l = fps.eigenvalue(k, m);
      assert.equal(l.re, fps.eigRe![k * S + m]);
      assert.equal(l.im, fps.eigIm![k * S + m]);
      assert.equal(l.modulus, Math.hypot(l.re, l.im));
      const v = fps.rightEigenvector(k, m);
      for (let i = 0; i < S; i++) {
        assert.equal(v.re[i], fps.rightRe![k * S * S + i * S + m]);
        assert.equal(v.im[i], fps.rightIm![k * S * S + i * S + m]);
      }
    }
    // Mode 0 is the largest |λ| (discrete maps sort by modulus).
    assert.ok(fps.eigenvalue(k, 0).modulus >= fps.eigenvalue(k, 1).modulus);
  }
  assert.throws(() => fps.eigenvalue(fps.count, 0), /out of range/);
  assert.throws(() => fps.eigenvalue(0, S), /mode 2 out of range/);
  assert.throws(() => fps.rightEigenvector(-1), /out of range/);
});

test("FixedPoints.eigenvalue / rightEigenvector name the fix when the record was not decomposed", () => {
  const fps = findFixedPoints(model, { inits, inputs: [0], maxIters: 3000, excludeDistanceOutliers: false, decompose: false });
  assert.throws(() => fps.eigenvalue(0), /no eigenvalues yet.*decompose: true/);
  assert.throws(() => fps.rightEigenvector(0), /no eigenvectors yet.*decompose: true/);
});

test("FixedPoints.leftEigenvector: uᴴJ = λuᴴ with uᴴv = 1; a defective Jacobian is refused by name, not returned as NaN", () => {
  // h ↦ tanh(diag(2, 0.5) h): normal Jacobians, condition 1 at the origin.
  const fps = findFixedPoints(model, { inits, inputs: [0], maxIters: 3000, excludeDistanceOutliers: false });
  const S = fps.stateSize;
  for (let k = 0; k < fps.count; k++) {
    for (let m = 0; m < S; m++) {
      const u = fps.leftEigenvector(k, m);
      const v = fps.rightEigenvector(k, m);
      let dot = 0;
      for (let i = 0; i < S; i++) dot += u.re[i]! * v.re[i]! + u.im[i]! * v.im[i]!;
      assert.ok(Math.abs(dot - 1) < 1e-9, `uᴴv = ${dot}`);
      assert.ok(fps.eigenvalueCondition(k, m) < 10);
    }
  }
  // A linear map with a Jordan block, h ↦ [[0.5, 1], [0, 0.5]] h: one fixed point (0) whose Jacobian is defective.
  const jordan = handModel("linear", [0.5, 1, 0, 0.5], [0, 0], [0, 0], {});
  const fj = findFixedPoints(jordan, { inits: [0.3, -0.2], inputs: [0], maxIters: 3000, excludeDistanceOutliers: false });
  assert.equal(fj.count, 1);
  assert.ok(!(fj.eigenvalueCondition(0, 0) <= 1e8), `condition ${fj.eigenvalueCondition(0, 0)}`);
  assert.throws(() => fj.leftEigenvector(0, 0), /Jacobian at point 0 is (nearly )?defective at eigenvalue 0\.5000 .*Project on the right eigenvectors/);
  // Its eigenvalues are still there, and the point is still classified (stable: |λ| = 0.5).
  assert.equal(fj.isStable[0], true);
});

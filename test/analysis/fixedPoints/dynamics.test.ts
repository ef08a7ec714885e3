import { test } from "node:test";
import assert from "node:assert/strict";
import type { Arch, Nonlinearity } from "../../../src/core/types";
import { Rng } from "../../../src/core/random";
import { getDynamics } from "../../../src/analysis/fixedPoints";
import { stepModel } from "../../../src/models";
import { maxAbsDiff, randomModel } from "./helpers";

const CASES: Array<[Arch, Nonlinearity | undefined]> = [
  ["vanilla", "tanh"],
  ["vanilla", "relu"],
  ["linear", undefined],
  ["gru", undefined],
  ["lstm", undefined],
  ["leaky", "tanh"],
  ["leaky", "identity"],
  ["ugrnn", undefined],
];

for (const [arch, nl] of CASES) {
  const name = `${arch}${nl ? "/" + nl : ""}`;
  test(`${name}: analytic Jacobians, input Jacobians and ∇q match finite differences`, () => {
    const N = 6;
    const I = 3;
    const K = 4;
    const model = randomModel(arch, N, I, 11, nl);
    const dyn = getDynamics(model);
    const S = dyn.stateSize;
    assert.equal(S, arch === "lstm" ? 2 * N : N);
    assert.equal(dyn.continuous, arch === "leaky");
    const rng = new Rng(5);
    const x = Float64Array.from({ length: K * S }, () => rng.normal(0, 0.7));
    const u = Float64Array.from({ length: K * I }, () => rng.normal(0, 0.7));
    const { F, J, Ju } = dyn.jacobians(x, u, K);
    const Fev = new Float64Array(K * S);
    const evalAt = (xx: Float64Array, uu: Float64Array) => {
      const out = new Float64Array(K * S);
      dyn.evaluate(xx, dyn.drive(uu, K), K, out);
      return out;
    };
    Fev.set(evalAt(x, u));
    assert.ok(maxAbsDiff(F, Fev) < 1e-13, "jacobians().F equals evaluate()");

    // Independent reference: the models area's float64 step (Euler update for the leaky net).
    for (let k = 0; k < K; k++) {
      const next = stepModel(model, x.subarray(k * S, (k + 1) * S), u.subarray(k * I, (k + 1) * I));
      const mine = new Float64Array(S);
      for (let i = 0; i < S; i++) mine[i] = dyn.continuous ? x[k * S + i]! + dyn.dt * F[k * S + i]! : F[k * S + i]!;
      assert.ok(maxAbsDiff(next, mine) < 1e-9, `${name}: F agrees with stepModel (point ${k}): ${maxAbsDiff(next, mine)}`);
    }

    const h = 1e-6;
    let errJ = 0;
    for (let j = 0; j < S; j++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      for (let k = 0; k < K; k++) {
        xp[k * S + j] += h;
        xm[k * S + j] -= h;
      }
      const Fp = evalAt(xp, u);
      const Fm = evalAt(xm, u);
      for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) {
        const fd = (Fp[k * S + i]! - Fm[k * S + i]!) / (2 * h);
        errJ = Math.max(errJ, Math.abs(fd - J[(k * S + i) * S + j]!));
      }
    }
    assert.ok(errJ < 1e-7, `${name}: max |J − FD| = ${errJ}`);

    let errU = 0;
    for (let m = 0; m < I; m++) {
      const up = Float64Array.from(u);
      const um = Float64Array.from(u);
      for (let k = 0; k < K; k++) {
        up[k * I + m] += h;
        um[k * I + m] -= h;
      }
      const Fp = evalAt(x, up);
      const Fm = evalAt(x, um);
      for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) {
        const fd = (Fp[k * S + i]! - Fm[k * S + i]!) / (2 * h);
        errU = Math.max(errU, Math.abs(fd - Ju[(k * S + i) * I + m]!));
      }
    }
    assert.ok(errU < 1e-7, `${name}: max |Ju − FD| = ${errU}`);

    // q and its batched gradient (vector–Jacobian product) vs FD of q and vs (J − I)ᵀ r / Jᵀ r.
    const drive = dyn.drive(u, K);
    const r = new Float64Array(K * S);
    const q = new Float64Array(K);
    const g = new Float64Array(K * S);
    dyn.qGrad(x, drive, K, r, q, g, dyn.workspace(K));
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < S; i++) {
        const ri = dyn.continuous ? F[k * S + i]! : F[k * S + i]! - x[k * S + i]!;
        assert.ok(Math.abs(r[k * S + i]! - ri) < 1e-13);
        s += ri * ri;
      }
      assert.ok(Math.abs(q[k]! - 0.5 * s) < 1e-12);
      for (let j = 0; j < S; j++) {
        let gj = 0;
        for (let i = 0; i < S; i++) gj += (J[(k * S + i) * S + j]! - (dyn.continuous || i !== j ? 0 : 1)) * r[k * S + i]!;
        assert.ok(Math.abs(gj - g[k * S + j]!) < 1e-11, `${name}: grad (point ${k}, unit ${j}) ${g[k * S + j]} vs ${gj}`);
      }
    }
    const qAt = (xx: Float64Array) => {
      const rr = new Float64Array(K * S);
      const qq = new Float64Array(K);
      dyn.qGrad(xx, drive, K, rr, qq, new Float64Array(K * S), dyn.workspace(K));
      return qq;
    };
    let errG = 0;
    for (let j = 0; j < S; j++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      for (let k = 0; k < K; k++) {
        xp[k * S + j] += h;
        xm[k * S + j] -= h;
      }
      const qp = qAt(xp);
      const qm = qAt(xm);
      for (let k = 0; k < K; k++) errG = Math.max(errG, Math.abs((qp[k]! - qm[k]!) / (2 * h) - g[k * S + j]!));
    }
    assert.ok(errG < 1e-7, `${name}: max |∇q − FD| = ${errG}`);
  });
}

test("getDynamics names the size mismatch", () => {
  const m = randomModel("vanilla", 4, 2, 1);
  const bad = { spec: { ...m.spec, hiddenSize: 5 }, params: m.params };
  assert.throws(() => getDynamics(bad), /weight_hh_l0.*has 16 values.*needs 25/);
});

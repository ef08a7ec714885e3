import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readNpy } from "../../src/io";
import { cohenKappa, predictTypes, stratifiedSplit } from "../../src/solutions/typePrediction";
import { Rng } from "../../src/core/random";
import { FIXTURE_DIR } from "./fixtures";

test("Cohen's kappa: perfect agreement 1, chance-level 0, hand example", () => {
  assert.equal(cohenKappa([0, 1, 2, 0], [0, 1, 2, 0]), 1);
  // p_o = 0.5, p_e = 0.5 → 0
  assert.equal(cohenKappa([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  // 2×2 table [[20, 5], [10, 15]]: p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5 → κ = 0.4
  const t = [...Array(25).fill(0), ...Array(25).fill(1)];
  const p = [...Array(20).fill(0), ...Array(5).fill(1), ...Array(10).fill(0), ...Array(15).fill(1)];
  assert.ok(Math.abs(cohenKappa(t, p) - 0.4) < 1e-12);
});

test("stratified split keeps class shares and never empties a class's training part", () => {
  const y = [...Array(274).fill(0), ...Array(61).fill(1), ...Array(20).fill(2), ...Array(19).fill(3)];
  const { train, test: te } = stratifiedSplit(y, 0.1, new Rng(3));
  assert.equal(te.length, Math.ceil(0.1 * y.length));
  assert.equal(new Set([...train, ...te]).size, y.length);
  const inTest = (c: number) => te.filter((i) => y[i] === c).length;
  assert.ok(Math.abs(inTest(0) - 27.4) <= 1 && Math.abs(inTest(1) - 6.1) <= 1 && inTest(2) >= 1 && inTest(3) >= 1);
});

test("a separable toy problem gives κ̄ near 1 and beats its permutation baseline", () => {
  const rng = new Rng(5);
  const X: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    X.push([c * 3 + rng.normal(0, 0.5), rng.normal(), rng.normal()]);
    y.push(`T${c}`);
  }
  y.push("rare");
  X.push([0, 0, 0]);
  const r = predictTypes(X, y, { splits: 10, trees: 30, seed: 1, permutations: 5, permutationSplits: 3 });
  assert.deepEqual(r.classes.length, 3, "the 1-member class is dropped");
  assert.equal(r.used, 60);
  assert.ok(r.meanKappa > 0.8, `κ̄ ${r.meanKappa}`);
  assert.ok(r.nullMeanKappa < 0.3, `null κ̄ ${r.nullMeanKappa}`);
  assert.ok(r.pValue <= 1 / 6 + 1e-12);
  r.confusion.forEach((row) => assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9));
  assert.throws(() => predictTypes(X, y.slice(1)), /one type per network/);
  assert.throws(() => predictTypes(X, y, { minClassSize: 50 }), /at least 2 types/);
});

// The authors' stored feature matrices and labels (400 networks per setting). Reference κ̄: the
// spec's rerun of their scikit-learn script (turner2021.md §5.5), SD across splits ≈ 0.1, so the
// mean over 20 splits (50 in the paper; 20 keeps the test at ~30 s) has a standard error ≈ 0.02, but
// the random splits and forests differ from theirs and the reference itself is one rerun, so we
// allow ±0.1 (one split-to-split SD). Measured with 50 splits: 0.42, 0.43, 0.35, 0.61, 0.50.
const SETTINGS: Array<[string, number]> = [
  ["delayed_discrimination_vanilla", 0.45],
  ["interval_discrimination_vanilla", 0.44],
  ["time_reproduction_vanilla", 0.38],
  ["time_reproduction_gru", 0.59],
  ["time_reproduction_lstm", 0.5],
];

for (const [setting, ref] of SETTINGS) {
  test(`κ̄ on the authors' stored features: ${setting} ≈ ${ref} ± 0.1`, { skip: !fs.existsSync(FIXTURE_DIR) && "fixtures not present" }, () => {
    const F = readNpy(path.join(FIXTURE_DIR, `features_${setting}.npy`));
    const Y = readNpy(path.join(FIXTURE_DIR, `y_${setting}.npy`));
    const cols = F.shape[1]!;
    const rows = Array.from({ length: F.shape[0]! }, (_, i) => Array.from({ length: cols }, (_, j) => Number(F.data[i * cols + j])));
    const labels = Array.from(Y.data as ArrayLike<number | bigint>, Number);
    const r = predictTypes(rows, labels, { dropLabels: [0], seed: 7, splits: 20 });
    console.log(`${setting}: ${r}`);
    assert.ok(Math.abs(r.meanKappa - ref) <= 0.1, `${setting}: κ̄ ${r.meanKappa.toFixed(3)} vs reference ${ref}`);
  });
}

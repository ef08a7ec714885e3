import { test } from "node:test";
import assert from "node:assert/strict";
import { delayedDiscriminationGrid, intervalDiscriminationGrid, outputOnsets, rsgExtrapolation } from "../../src/solutions/extrapolation";
import { extrapolateCommand } from "../../src/solutions/commands";
import { fixtureNets, loadNet } from "./fixtures";

const net = (name: string) => {
  const n = fixtureNets().find((x) => x.name === name);
  assert.ok(n, `fixture ${name} missing under ../shared/fixtures/turner2021`);
  return n;
};

test("outputOnsets separates pulses by more than the gap", () => {
  const y = [0, 0.9, 0.9, 0, 0, 0, 0, 0, 0, 0.9, 0, 0.9];
  assert.deepEqual(outputOnsets(y, 0, 0.8, 5), [1, 9]);
  assert.deepEqual(outputOnsets(y, 2, 0.8, 5), [2, 9]);
});

test("vanilla RSG: t_p = t_s on the trained range, spontaneous output 51–62 steps after Ready (notes §5.1)", () => {
  for (const name of ["interval_reproduction_50_vanilla_20_i100", "interval_reproduction_50_vanilla_40_i101"]) {
    const r = rsgExtrapolation(loadNet(net(name)), { tsValues: [20, 30, 40, 50, 80, 120], readyOnlySteps: 300 });
    assert.equal(r.trainedAccuracy, 1, `${name}: ${JSON.stringify(r.points.map((p) => [p.ts, p.tp]))}`);
    assert.ok(r.spontaneousOnsets.length > 0 && r.spontaneousOnsets[0]! >= 51 && r.spontaneousOnsets[0]! <= 62, `${name}: onsets ${r.spontaneousOnsets}`);
    assert.equal(r.behaviour, "premature");
  }
});

test("GRU-40 i101 extrapolates near-perfectly (t_p ≈ 193 for t_s = 200 in the notes)", () => {
  const r = rsgExtrapolation(loadNet(net("interval_reproduction_50_gru_40_i101")), { tsValues: [30, 80, 140, 200], readyOnlySteps: 300 });
  const tp200 = r.points.find((p) => p.ts === 200)!.tp;
  assert.ok(tp200 !== null && Math.abs(tp200 - 193) <= 3, `t_p(200) = ${tp200}`);
  assert.equal(r.behaviour, "near-perfect");
});

test("interval discrimination: 100 % on the training grid, exactly 50 % with one fixed sign when both intervals exceed 40", () => {
  const g = intervalDiscriminationGrid(loadNet(net("interval_discrimination_130_vanilla_20_i100")), { intervals: [10, 14, 19, 23, 27, 30, 45, 55, 70, 80] });
  assert.equal(g.regions.trained!.accuracy, 1);
  assert.equal(g.regions["both beyond"]!.accuracy, 0.5);
  assert.notEqual(g.regions["both beyond"]!.fixedSign, null);
  assert.equal(g.behaviour, "chance");
});

test("delayed discrimination: trained grid correct, long delays mostly correct", () => {
  const g = delayedDiscriminationGrid(loadNet(net("delayed_discrimination_60_vanilla_30_i101")), { delays: [0, 19, 40, 80], amplitudes: [2, 4, 6, 8, 10, 13] });
  assert.equal(g.regions.trained!.accuracy, 1);
  assert.ok(g.regions["long delay"]!.accuracy >= 0.9, `long delay ${g.regions["long delay"]!.accuracy}`);
  assert.ok(g.regions["large amplitude"]!.n > 0);
});

test("extrapolateCommand rejects unknown tasks with the supported list", () => {
  assert.throws(() => extrapolateCommand(net("interval_reproduction_50_vanilla_20_i100").json, "sine"), /supported: rsg, interval-discrimination, delayed-discrimination/);
});

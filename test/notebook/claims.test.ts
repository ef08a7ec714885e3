import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Claims } from "../../src/notebook/claims";
import {
  binomialUpperTail, bootstrapInterval, median, normalQuantile, permutationPValue, permutationsFor, quantile, spearman, wilsonInterval,
} from "../../src/notebook/stats";
import { JUPYTER_DISPLAY } from "../../src/display/mime";
import { seriesSeed } from "../../src/core/seriesSeed";

describe("notebook statistics", () => {
  test("Wilson interval matches the textbook values", () => {
    // 15/16 at 95 %: (0.717, 0.989) by the score formula (Newcombe 1998, method 3).
    const w = wilsonInterval(15, 16);
    assert.ok(Math.abs(w.lo - 0.7167) < 1e-3 && Math.abs(w.hi - 0.9889) < 1e-3, JSON.stringify(w));
    const z = wilsonInterval(0, 10);
    assert.equal(z.lo, 0);
    assert.ok(Math.abs(z.hi - 0.2775) < 1e-3);
    assert.throws(() => wilsonInterval(3, 2), /k must be an integer in \[0, n = 2\]/);
  });
  test("normal quantile and binomial tail", () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
    assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
    // P(X ≥ 15 | n = 16, p = 0.5) = 17/65536.
    assert.ok(Math.abs(binomialUpperTail(15, 16, 0.5) - 17 / 65536) < 1e-12);
    assert.equal(binomialUpperTail(0, 5, 0.3), 1);
  });
  test("order statistics and ranks", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
    assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 20, 30, 45]) - 1) < 1e-12);
    assert.throws(() => median([]), /no values/);
  });
  test("permutation p-values never reach 0, and the permutations a level needs", () => {
    assert.equal(permutationPValue(5, [1, 2, 3]), 0.25);
    assert.equal(permutationPValue(0, [1, 2, 3]), 1);
    const R = permutationsFor(0.01);
    assert.ok(1 / (1 + R) < 0.01, `R = ${R}`);
  });
  test("bootstrap interval is seeded and brackets the estimate", () => {
    const xs = Array.from({ length: 40 }, (_, i) => (i * 37) % 11);
    const a = bootstrapInterval(xs, median, { seed: 3, reps: 500 });
    const b = bootstrapInterval(xs, median, { seed: 3, reps: 500 });
    assert.deepEqual(a, b);
    assert.ok(a.lo <= a.estimate && a.estimate <= a.hi);
  });
});

describe("Claims", () => {
  const quiet = { log: () => {} };
  test("statuses: pass, fail, reported below minN, not-reproduced with a reason", () => {
    const c = new Claims("nb", quiet);
    assert.equal(c.check({ claim: "a", paper: "1", ours: "1", tolerance: "exact", pass: true }), true);
    assert.equal(c.check({ claim: "b", paper: "1", ours: "2", tolerance: "exact", pass: false }), false);
    c.check({ claim: "c", paper: "1", ours: "2", tolerance: "exact", pass: false, n: 3, minN: 10 });
    c.check({ claim: "d", paper: "1", ours: "2", tolerance: "exact", pass: false, notReproducedBecause: "under-trained" });
    c.report({ claim: "e", paper: "x", ours: "y", why: "too few nets" });
    // An undecided premise reports the row, pass or not.
    c.check({ claim: "f", paper: "1", ours: "2", tolerance: "exact", pass: false, undecidedBecause: "premise CI straddles 0.99" });
    c.check({ claim: "g", paper: "1", ours: "1", tolerance: "exact", pass: true, undecidedBecause: "premise CI straddles 0.99" });
    assert.deepEqual(c.rows.map((r) => r.status), ["pass", "fail", "reported", "not-reproduced", "reported", "reported", "reported"]);
    assert.match(c.rows[5]!.note ?? "", /straddles 0.99; reported, not asserted/);
    assert.deepEqual(c.failed().map((r) => r.claim), ["b"]);
  });
  test("the bundle carries a table and application/json rows; finish throws on a failed claim", () => {
    const c = new Claims("nb", quiet);
    c.check({ claim: "x < 1", paper: "0.5", ours: "0.4", tolerance: "< 1 <b>", pass: true, value: 0.4 });
    const bundle = c[JUPYTER_DISPLAY]() as Record<string, unknown>;
    assert.deepEqual(bundle["application/json"], [{ claim: "x < 1", paper: "0.5", ours: "0.4", tolerance: "< 1 <b>", status: "pass", value: 0.4 }]);
    assert.match(String(bundle["text/html"]), /&lt;b&gt;/);
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write; // finish() displays to the console sink
    try {
      c.finish();
      c.check({ claim: "y", paper: "1", ours: "9", tolerance: "±1", pass: false });
      assert.throws(() => c.finish(), /CHECK FAILED: 1 claim\(s\) of nb[\s\S]*✗ y: ours 9/);
    } finally {
      process.stdout.write = out;
    }
  });
  test("a claim without its tolerance is refused", () => {
    const c = new Claims("nb", quiet);
    assert.throws(() => c.check({ claim: "a", paper: "1", ours: "1", tolerance: "", pass: true }), /"tolerance" must be a non-empty string/);
  });
});

describe("RNN_ATLAS_SEED", () => {
  test("0 (default) keeps seeds, n shifts every seed, junk is refused", () => {
    const old = process.env.RNN_ATLAS_SEED;
    try {
      delete process.env.RNN_ATLAS_SEED;
      assert.equal(seriesSeed(7), 7);
      process.env.RNN_ATLAS_SEED = "2";
      assert.notEqual(seriesSeed(7), 7);
      assert.notEqual(seriesSeed(7), seriesSeed(8));
      process.env.RNN_ATLAS_SEED = "two";
      assert.throws(() => seriesSeed(7), /RNN_ATLAS_SEED must be an integer/);
    } finally {
      if (old === undefined) delete process.env.RNN_ATLAS_SEED;
      else process.env.RNN_ATLAS_SEED = old;
    }
  });
});

/** Synthetic C-class text classification (Aitken et al. 2020): layout, labels, statistics, seeding, modifiers, edges, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getTask, TaskOptionError } from "../../src/tasks";
import { textClassificationTask } from "../../src/tasks/textClassification";
import { assertWellFormed, inp, maskSteps, tgt } from "./helpers";

test("unordered: one-hot tokens, one-hot label = class with most evidence words at the last token, balanced classes", () => {
  const task = getTask("text-classification", { classes: 4 });
  assert.equal(task.inputSize, 4 * 5 + 10);
  assert.equal(task.outputSize, 4);
  assert.deepEqual(task.neutralIds, Array.from({ length: 10 }, (_, i) => 20 + i));
  const tr = task.trials({ batch: 2000, seed: 3 });
  assertWellFormed(tr);
  assert.equal(tr.time, 40);
  const freq = [0, 0, 0, 0];
  const lens = new Set<number>();
  for (let b = 0; b < tr.batch; b++) {
    const m = tr.meta[b]!;
    const L = Number(m.length);
    lens.add(L);
    const counts = [0, 0, 0, 0];
    for (let t = 0; t < tr.time; t++) {
      let on = 0;
      for (let c = 0; c < task.inputSize; c++) {
        const u = inp(tr, b, t, c);
        if (u !== 0) { on++; assert.equal(u, 1); if (c < 20) counts[Math.floor(c / 5)]!++; }
      }
      assert.equal(on, t < L ? 1 : 0);
    }
    // The meta's per-document class-evidence counts are the word counts the theory uses.
    assert.deepEqual([0, 1, 2, 3].map((c) => m[`count${c}`]), counts);
    assert.deepEqual([0, 1, 2, 3].map((c) => m[`evidence${c}`]), counts, "no modifiers/edges: evidence = counts");
    const best = Math.max(...counts);
    assert.equal(counts.filter((n) => n === best).length, 1, "ties are redrawn");
    assert.equal(m.label, counts.indexOf(best));
    for (let c = 0; c < 4; c++) {
      assert.deepEqual(maskSteps(tr, b, c), [L - 1]);
      assert.equal(tgt(tr, b, L - 1, c), c === m.label ? 1 : 0);
    }
    freq[Number(m.label)]!++;
  }
  assert.equal(Math.min(...lens), 20);
  assert.equal(Math.max(...lens), 40);
  // Symmetric classes: each ≈ 1/4; binomial sd over 2000 docs ≈ 0.0097, so ±0.05 is > 5 sd.
  for (const f of freq) assert.ok(Math.abs(f / 2000 - 0.25) < 0.05, `class frequencies ${freq}`);
  // outcomes/score read the argmax at the last token.
  const perfect = new Float32Array(tr.targets);
  assert.equal(task.score(tr, perfect).accuracy, 1);
  const shifted = new Float32Array(tr.batch * tr.time * 4);
  for (let b = 0; b < tr.batch; b++) shifted[(b * tr.time + Number(tr.meta[b]!.length) - 1) * 4 + ((Number(tr.meta[b]!.label) + 1) % 4)] = 1;
  assert.equal(task.score(tr, shifted).accuracy, 0);
});

test("same seed, same trials; another seed, other trials; validation is fixed by validationSeed", () => {
  const a = textClassificationTask({ classes: 3 }).trials({ batch: 50, seed: 9 });
  const b = textClassificationTask({ classes: 3 }).trials({ batch: 50, seed: 9 });
  const c = textClassificationTask({ classes: 3 }).trials({ batch: 50, seed: 10 });
  assert.deepEqual(a.inputs, b.inputs);
  assert.deepEqual(a.meta, b.meta);
  assert.notDeepEqual(a.inputs, c.inputs);
  const t = textClassificationTask({ classes: 3 });
  assert.deepEqual(t.validation().inputs, textClassificationTask({ classes: 3 }).validation().inputs);
  assert.notDeepEqual(t.validation().inputs, textClassificationTask({ classes: 3, validationSeed: 2 }).validation().inputs);
  const x = t.trials({ batch: 30, seed: 1, extrapolate: true });
  assert.ok(x.meta.every((m) => Number(m.length) > 40 && Number(m.length) <= 80 && m.inTrainingRange === false));
});

test("ordered: graded valences, class = binned valence sum; default edges give roughly equal classes", () => {
  const task = getTask("text-classification", { classes: 5, ordered: true });
  assert.equal(task.inputSize, 4 * 5 + 10);
  assert.deepEqual(task.vocabulary.slice(0, 20).map((w) => w.valence), [-2, -2, -2, -2, -2, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  const edges = task.options.thresholds!;
  assert.equal(edges.length, 4);
  assert.ok(edges.every((e, i) => i === 0 || e > edges[i - 1]!));
  const tr = task.trials({ batch: 3000, seed: 4 });
  const freq = [0, 0, 0, 0, 0];
  for (let b = 0; b < tr.batch; b++) {
    const m = tr.meta[b]!;
    let sum = 0;
    const counts = [0, 0, 0, 0];
    for (let t = 0; t < Number(m.length); t++) {
      for (let c = 0; c < 20; c++) if (inp(tr, b, t, c) === 1) { sum += task.vocabulary[c]!.valence; counts[Math.floor(c / 5)]!++; }
    }
    assert.equal(m.valenceSum, sum);
    assert.deepEqual([0, 1, 2, 3].map((g) => m[`count${g}`]), counts);
    assert.equal(m.label, edges.filter((e) => sum >= e).length);
    freq[Number(m.label)]!++;
  }
  // Normal-approximation quantiles of a discrete sum: each class between 10 % and 30 % (target 20 %).
  for (const f of freq) assert.ok(f / 3000 > 0.1 && f / 3000 < 0.3, `class frequencies ${freq}`);
  const given = textClassificationTask({ classes: 3, ordered: true, thresholds: [-1.5, 1.5] });
  assert.equal(given.evidenceOf([15, 15]).label, 2); // +4
  assert.equal(given.evidenceOf([10, 7]).label, 1); // +1 −1 = 0
  assert.equal(given.evidenceOf([0]).label, 0); // −2
});

test("modifiers flip or scale the next k tokens; off by default", () => {
  const plain = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1 });
  assert.ok(plain.vocabulary.every((w) => w.kind !== "modifier"));
  assert.deepEqual(plain.evidenceOf([0, 1, 2, 1]).weights, [1, 1, 1, 1]);
  // ids: 0 = class-0 word, 1 = class-1 word, 2 = neutral, 3 = "not", 4 = "very"
  const mods = [{ name: "not", factor: -1 }, { name: "very", factor: 2 }];
  const k1 = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1, modifiers: mods });
  assert.equal(k1.inputSize, 5);
  assert.deepEqual(k1.vocabulary.slice(3).map((w) => [w.name, w.kind, w.factor]), [["not", "modifier", -1], ["very", "modifier", 2]]);
  let e = k1.evidenceOf([0, 3, 0, 4, 1]);
  assert.deepEqual(e.weights, [1, 0, -1, 0, 2]);
  assert.deepEqual(e.evidence, [0, 2]);
  assert.equal(e.label, 1);
  e = k1.evidenceOf([3, 4, 1]); // span 1: "not" acts on "very" (no evidence), "very" doubles the word
  assert.deepEqual(e.evidence, [0, 2]);
  const k2 = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1, modifiers: mods, modifierSpan: 2 });
  assert.deepEqual(k2.evidenceOf([3, 4, 1]).evidence, [0, -2], "span 2: overlapping windows multiply");
  assert.deepEqual(k2.evidenceOf([3, 0, 0, 0]).weights, [0, -1, -1, 1]);
  assert.deepEqual(k2.evidenceOf([3, 0, 0, 0]).counts, [3, 0], "counts are raw word counts");
  // Ordered: "not" flips the valence of the next word.
  const ord = textClassificationTask({ classes: 2, ordered: true, levels: [-1, 1], nEvidence: 1, nNeutral: 0, modifiers: mods, thresholds: [0.5] });
  assert.equal(ord.evidenceOf([1, 1]).label, 1);
  assert.equal(ord.evidenceOf([2, 1, 1]).evidence[0], 0);
  assert.equal(ord.evidenceOf([2, 1, 1]).label, 0);
  // Sampling: modifierRate of the tokens are modifiers (0.2 here; binomial sd over ~30k tokens ≈ 0.0023).
  const sampled = textClassificationTask({ classes: 3, modifiers: mods, modifierRate: 0.2 }).trials({ batch: 1000, seed: 2 });
  const nTok = sampled.meta.reduce((s, m) => s + Number(m.length), 0);
  const nMod = sampled.meta.reduce((s, m) => s + Number(m.nModifiers), 0);
  assert.ok(Math.abs(nMod / nTok - 0.2) < 0.015, `modifier rate ${nMod / nTok}`);
  for (const m of sampled.meta) {
    const ev = textClassificationTask({ classes: 3, modifiers: mods, modifierRate: 0.2 }).evidenceOf(String(m.tokens).split(",").map(Number));
    assert.deepEqual([0, 1, 2].map((c) => m[`evidence${c}`]), ev.evidence);
    assert.equal(m.label, ev.label);
  }
});

test("document edges: the first/last tokens are weighted; off by default", () => {
  const off = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1 });
  // ids: 0 class-0, 1 class-1, 2 neutral.  [1, 2, 0, 0, 0, 1]: 2 vs 3 → class 0 without edges.
  assert.equal(off.evidenceOf([1, 2, 0, 0, 0, 1]).label, 0);
  const on = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1, edgeFirst: 2, edgeLast: 1, edgeWeight: 3 });
  const e = on.evidenceOf([1, 2, 0, 0, 0, 1]);
  assert.deepEqual(e.weights, [3, 3, 1, 1, 1, 3]);
  assert.deepEqual(e.evidence, [3, 6]);
  assert.equal(e.label, 1);
  const tr = on.fromTokens([[1, 2, 0, 0, 0, 1]]);
  assert.equal(tr.meta[0]!.label, 1);
  assert.equal(tr.meta[0]!.evidence1, 6);
  assert.equal(tgt(tr, 0, 5, 1), 1);
});

test("bad input: clear errors naming the option and the fix", () => {
  const bad: Array<[object, RegExp]> = [
    [{ classes: 1 }, /"classes" must be ≥ 2/],
    [{ classes: 11 }, /"classes" must be ≤ 10/],
    [{ classes: 2.5 }, /"classes" must be an integer/],
    [{ nEvidence: 0 }, /"nEvidence" must be ≥ 1/],
    [{ clases: 3 }, /unknown option "clases"/],
    [{ ordered: true, levels: [0, 1] }, /non-zero valences/],
    [{ ordered: true, levels: [1, 1] }, /must not repeat/],
    [{ ordered: true, classes: 3, thresholds: [0] }, /needs classes − 1 = 2 edges/],
    [{ ordered: true, classes: 3, thresholds: [1, 0] }, /increase strictly/],
    [{ ordered: true, classes: 6 }, /give "thresholds"/],
    [{ modifierSpan: 0 }, /"modifierSpan" must be ≥ 1/],
    [{ modifiers: [{ name: "not" }] }, /modifiers\[0\] must be/],
    [{ modifiers: [{ name: "a", factor: 1 }, { name: "a", factor: 2 }] }, /distinct/],
    [{ edgeWeight: 0 }, /"edgeWeight" must be > 0/],
    [{ minLength: 30, maxLength: 20 }, /"maxLength" must be ≥ 30/],
  ];
  for (const [opts, re] of bad) assert.throws(() => textClassificationTask(opts), (e: unknown) => e instanceof TaskOptionError && re.test((e as Error).message), JSON.stringify(opts));
  const t = textClassificationTask({ classes: 2, nEvidence: 1, nNeutral: 1 });
  assert.throws(() => t.fromTokens([[0, 3]]), /token ids must be integers in \[0, 3\) \(the vocabulary size\), got 3/);
  assert.throws(() => t.fromTokens([[0, 1]]), /tied/);
  assert.throws(() => t.fromTokens([]), /at least one document/);
  assert.throws(() => t.trials({ batch: 0, seed: 1 }), /batch must be a positive integer/);
  assert.throws(() => t.trials({ batch: 2, seed: 1, extrapolate: { length: [20, 30] } }), /inside the training range/);
});

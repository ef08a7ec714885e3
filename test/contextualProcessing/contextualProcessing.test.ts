/**
 * The contextual-processing analyses on constructed systems with known answers: a hand-built
 * integrator whose "not" flips (and "very" doubles) the next k inputs, a linear network whose
 * modifier kicks a mode of known time constant, and documents labelled by an exact bag-of-words-
 * plus-modifier rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Model } from "../../src/core/types";
import {
  contextualEffects, groupTokens, modifierExcursion, timeConstants, modelSystem, runTokens, bowFeatures, fitLogistic, predictLogistic,
  compareBagOfWords, recoveredFraction, edgeEffects, type TokenSystem,
} from "../../src/analysis/contextualProcessing";
import { textClassificationTask } from "../../src/tasks/textClassification";
import { documentsOf } from "../../src/analysis/textManifold";
import { contextMatrixPlot, isContextualEffects } from "../../src/plots/contextualProcessing/contextMatrix";
import { Figure } from "../../src/display/figure";

// Vocabulary of the hand-built integrator: 0 positive, 1 negative, 2 neutral, 3 "not", 4 "very", 5 "ordinary" (valence 0).
const POS = 0, NEG = 1, NEU = 2, NOT = 3, VERY = 4, PLAIN = 5;
/** State [sum, steps left in the window, factor]: "not"/"very" multiply the next k tokens' valence by −1/2. */
function flipIntegrator(k: number): TokenSystem {
  const valence = [1, -1, 0, 0, 0, 0];
  return {
    stateSize: 3,
    vocabSize: 6,
    step(h, t) {
      if (t === NOT || t === VERY) return Float64Array.of(h[0]!, k, t === NOT ? -1 : 2);
      const f = h[1]! > 0 ? h[2]! : 1;
      return Float64Array.of(h[0]! + f * valence[t]!, Math.max(0, h[1]! - 1), h[1]! > 1 ? h[2]! : 1);
    },
    readout: (h) => h[0]!,
  };
}

test("contextual effects of a hand-built integrator: 'not' gives gain −1 (effect −2) for lags 1..k and no effect after", () => {
  const k = 3;
  const sys = flipIntegrator(k);
  const e = contextualEffects(sys, { starts: [[0, 0, 1], [2.5, 0, 1]], tokens: [NOT, VERY, PLAIN], probes: [POS, NEG], filler: NEU, maxLag: 6, settle: 2, names: ["not", "very", "plain"] });
  assert.deepEqual(e.lags, [1, 2, 3, 4, 5, 6]);
  for (let l = 1; l <= 6; l++) {
    assert.ok(Math.abs(e.gain[0]![l - 1]! - (l <= k ? -1 : 1)) < 1e-12, `not, lag ${l}: gain ${e.gain[0]![l - 1]}`);
    assert.ok(Math.abs(e.effect[0]![l - 1]! - (l <= k ? -2 : 0)) < 1e-12);
    assert.ok(Math.abs(e.gain[1]![l - 1]! - (l <= k ? 2 : 1)) < 1e-12, `very, lag ${l}`);
    assert.ok(Math.abs(e.effect[2]![l - 1]!) < 1e-12, "an ordinary word has no contextual effect");
  }
  const g = groupTokens(e, { window: k });
  assert.deepEqual(g.group, ["flip", "intensify", "none"]);
  assert.ok(Math.abs(g.meanGain[0]! + 1) < 1e-12);
  // The renderer accepts the record and labels its rows.
  assert.ok(isContextualEffects(e));
  const fig = contextMatrixPlot(e);
  assert.ok(fig instanceof Figure);
  assert.match(JSON.stringify(fig.vegaLite), /"not"/);
});

test("contextual effects and grouping reject bad input with a clear message", () => {
  const sys = flipIntegrator(2);
  const ok = { starts: [[0, 0, 1]], tokens: [NOT], probes: [POS], filler: NEU, maxLag: 3 };
  assert.throws(() => contextualEffects(sys, { ...ok, starts: [] }), /at least one start state/);
  assert.throws(() => contextualEffects(sys, { ...ok, starts: [[0, 0]] }), /starts\[0\] has 2 values/);
  assert.throws(() => contextualEffects(sys, { ...ok, tokens: [9] }), /token 9 is not an id in \[0, 6\)/);
  assert.throws(() => contextualEffects(sys, { ...ok, maxLag: 0 }), /maxLag must be an integer ≥ 1/);
  assert.throws(() => contextualEffects(sys, { ...ok, probes: [NEU] }), /contribute nothing/);
  assert.throws(() => contextualEffects(sys, { ...ok, names: ["a", "b"] }), /2 names for 1 tokens/);
  const e = contextualEffects(sys, ok);
  assert.throws(() => groupTokens(e, { window: 4 }), /window must be an integer in \[1, 3\]/);
  assert.throws(() => groupTokens(e, { window: 1, margin: 2 }), /margin must lie in \(0, 1\)/);
  assert.throws(() => contextMatrixPlot({} as never), /expected a ContextualEffects record/);
});

/** Linear net h' = diag(1, a) h + U e_w, readout h₀: word 0 steps the line, word 1 ("modifier") kicks both modes. */
function linearNet(a: number): Model {
  const S = 2, V = 3;
  const U = Float32Array.of(1, 0.3, 0, 0, 1, 0); // rows = units, columns = words
  return {
    spec: { arch: "linear", inputSize: V, hiddenSize: S, outputSize: 1 },
    params: { weight_ih_l0: U, weight_hh_l0: Float32Array.of(1, 0, 0, a), bias_ih_l0: new Float32Array(S), bias_hh_l0: new Float32Array(S), "readout.weight": Float32Array.of(1, 0), "readout.bias": new Float32Array(1) },
  };
}

test("the excursion off the line decays with the excited mode's time constant −1/ln a", () => {
  for (const a of [0.5, 0.8]) {
    const sys = modelSystem(linearNet(a));
    assert.deepEqual(Array.from(runTokens(sys, [0, 0], [0, 0])), [2, 0]);
    const x = modifierExcursion(sys, { starts: [[0, 0], [1, 0]], token: 1, filler: 2, steps: 10, slowDirections: [[1, 0]] });
    const tau = -1 / Math.log(a);
    assert.ok(Math.abs(x.tau - tau) < 1e-6 * tau, `a = ${a}: τ ${x.tau} vs ${tau}`);
    assert.ok(x.r2 > 0.999999);
    assert.ok(Math.abs(x.offNorm[0]! - 1) < 1e-6, "the kick itself");
    assert.ok(Math.abs(x.alongNorm[5]! - 0.3) < 1e-6, "the along-line part stays (a line attractor remembers it)");
    const tc = timeConstants([1, a], [0, 0]);
    assert.equal(tc[0], Infinity);
    assert.ok(Math.abs(tc[1]! - tau) < 1e-12);
  }
  const sys = modelSystem(linearNet(0.5));
  assert.throws(() => modifierExcursion(sys, { starts: [[0, 0]], token: 1, filler: 2, steps: 1, slowDirections: [] }), /steps must be an integer ≥ 2/);
  assert.throws(() => modifierExcursion(sys, { starts: [[0, 0]], token: 1, filler: 2, steps: 5, slowDirections: [[1, 0], [2, 0]] }), /lies in the span/);
  assert.throws(() => timeConstants([1], []), /1 real parts but 0 imaginary/);
  const three: Model = { ...linearNet(0.5), spec: { ...linearNet(0.5).spec, outputSize: 3 }, params: { ...linearNet(0.5).params, "readout.weight": new Float32Array(6), "readout.bias": new Float32Array(3) } };
  assert.throws(() => modelSystem(three), /1 or 2 outputs/);
});

test("bag of words + context recovers ~100 % of an exact bag-of-words-plus-modifier rule's gain", () => {
  const task = textClassificationTask({ classes: 2, modifiers: [{ name: "not", factor: -1 }, { name: "very", factor: 2 }], modifierRate: 0.15, modifierSpan: 1, validationSize: 1000, validationSeed: 5 });
  const train = documentsOf(task.trials({ batch: 3000, seed: 3 }));
  const test_ = documentsOf(task.validation());
  const mods = task.vocabulary.filter((w) => w.kind === "modifier").map((w) => w.id);
  // The "RNN" here is the rule itself: always right.
  const cmp = compareBagOfWords(train, test_, test_.docs.map(() => true), { vocabSize: task.inputSize, context: { modifiers: mods, span: 1, first: 0, last: 0 } });
  assert.equal(cmp.accuracy.rnn, 1);
  assert.ok(cmp.accuracy.bow < 0.97, `the plain bag of words misses the modifiers: ${cmp.accuracy.bow}`);
  assert.ok(cmp.accuracy.context > 0.99, `context ${cmp.accuracy.context}`);
  assert.ok(cmp.recovered > 0.9, `recovered ${cmp.recovered}`);
  assert.ok(Number.isNaN(recoveredFraction({ bow: 0.9, context: 0.95, rnn: 0.9 })));
});

test("bag-of-words features and logistic fit: exact counts, separable data, bad input", () => {
  const x = bowFeatures([3, 0, 1, 3, 3, 2], { vocabSize: 4, context: { modifiers: [3], span: 1, first: 1, last: 2 } });
  // counts | pairs (modifier 3 → word) | first-position | last-position
  assert.deepEqual(Array.from(x), [1, 1, 1, 3, /**/ 1, 0, 1, 1, /**/ 0, 0, 0, 1, /**/ 0, 0, 1, 1]);
  const X = [[0], [1], [2], [3]], y = [0, 0, 1, 1];
  const m = fitLogistic(X, y, { l2: 1e-3 });
  assert.deepEqual(predictLogistic(m, X), y);
  assert.throws(() => bowFeatures([5], { vocabSize: 4 }), /token 5 at position 0 is not an id/);
  assert.throws(() => bowFeatures([1], { vocabSize: 4, context: { modifiers: [7], span: 1, first: 0, last: 0 } }), /modifier 7/);
  assert.throws(() => fitLogistic([[1]], [2]), /labels must be 0 or 1/);
  assert.throws(() => fitLogistic([[1], [1, 2]], [0, 1]), /row 1 has 2 features/);
  assert.throws(() => compareBagOfWords({ docs: [[0]], labels: [0] }, { docs: [[0]], labels: [0] }, [], { vocabSize: 2, context: { modifiers: [], span: 1, first: 0, last: 0 } }), /1 test documents but 0 RNN results/);
});

test("edge effects: a doubled first word and a leaky recency term give the known gains", () => {
  // State [sum, fast, position]: the first 2 words count twice; readout sum + fast, fast leaks by half per step.
  const valence = [1, -1, 0];
  const sys: TokenSystem = {
    stateSize: 3, vocabSize: 3,
    step: (h, t) => {
      const v = valence[t]! * (h[2]! < 2 ? 2 : 1);
      return Float64Array.of(h[0]! + v, 0.5 * h[1]! + valence[t]!, h[2]! + 1);
    },
    readout: (h) => h[0]! + h[1]!,
  };
  const e = edgeEffects(sys, { initial: [0, 0, 0], starts: [[0, 0, 10], [3, 0, 20]], probes: [0, 1], filler: 2, positions: 4, settle: 40 });
  for (let p = 0; p < 4; p++) {
    assert.ok(Math.abs(e.first[p]! - (p < 2 ? 2 : 1)) < 1e-9, `first[${p}] = ${e.first[p]}`);
    assert.ok(Math.abs(e.last[p]! - (1 + 0.5 ** p)) < 1e-9, `last[${p}] = ${e.last[p]}`);
  }
  assert.throws(() => edgeEffects(sys, { initial: [0, 0, 0], starts: [], probes: [0], filler: 2, positions: 2, settle: 5 }), /mid-document reference state/);
  assert.throws(() => edgeEffects(sys, { initial: [0, 0, 0], starts: [[0, 0, 9]], probes: [0], filler: 2, positions: 6, settle: 5 }), /settle must be an integer ≥ positions/);
});

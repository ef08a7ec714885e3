/**
 * Synthetic C-class text classification, the synthetic datasets of Aitken, Ramasesh, Garg, Cao,
 * Sussillo & Maheswaranathan (2020), "The geometry of integration in text classification RNNs"
 * (arXiv 2010.15114); the vocabulary layout, rates and defaults are our choices.
 *
 * Vocabulary (token id = one-hot input channel; the input weights play the embedding):
 *   unordered: `nEvidence` evidence words per class (class 0's first, then class 1's, …), then
 *     `nNeutral` neutral words, then the modifier words. The label is the class with the most
 *     (weighted) evidence; ties are redrawn.
 *   ordered: `nEvidence` words per valence level of `levels` (e.g. −2, −1, +1, +2), then neutral
 *     words, then modifiers. The label is the (weighted) valence sum binned by `thresholds` into
 *     `classes` ordered levels (star ratings).
 * Word weights (both off by default): a modifier token multiplies the evidence of the next
 * `modifierSpan` tokens by its factor ("not" −1, "very" 2, …; overlapping windows multiply;
 * modifiers carry no evidence themselves), and tokens in the first `edgeFirst` / last `edgeLast`
 * positions of a document count `edgeWeight` times.
 *
 * Documents are L ~ Uniform{minLength..maxLength} tokens; a token is a modifier with probability
 * `modifierRate` (when modifiers are given), otherwise uniform over the evidence and neutral words.
 * The C outputs must equal the one-hot label at the last token, the only masked step; MSE (the
 * training loop's only loss) instead of the paper's softmax cross-entropy.
 */
import type { Rng } from "../core/random";
import type { Trials } from "../core/types";
import { bool, check, describe, int, mergeOptions, num, numList } from "./options";
import { checkOutputs, fractionCorrect, makeScore } from "./scoring";
import { buildTrials } from "./trialBuilder";
import { documentSets, type DocumentExtrapolation } from "./documentTrials";
import type { Task, TaskScore, TrialOutcome } from "./types";

/** A modifier word: multiplies the evidence of the next `modifierSpan` tokens by `factor`. */
export interface TextModifier {
  readonly name: string;
  readonly factor: number;
}

export interface TextClassificationOptions {
  /** Number of classes C (2 … 10). */
  readonly classes: number;
  /** Ordered classes (binned valence sum) instead of one evidence-word set per class. */
  readonly ordered: boolean;
  /** Evidence words per class (unordered) or per valence level (ordered). */
  readonly nEvidence: number;
  readonly nNeutral: number;
  /** Ordered: the non-zero valences of the evidence words. */
  readonly levels: ReadonlyArray<number>;
  /**
   * Ordered: C − 1 increasing bin edges of the weighted valence sum (class k: edge k−1 ≤ sum < edge k).
   * null: the normal approximation's quantiles at the mean length, so the classes are about equally frequent.
   */
  readonly thresholds: ReadonlyArray<number> | null;
  /** Modifier words (none by default), e.g. [{ name: "not", factor: -1 }, { name: "very", factor: 2 }]. */
  readonly modifiers: ReadonlyArray<TextModifier>;
  /** Probability that a token is a modifier (when modifiers are given). */
  readonly modifierRate: number;
  /** How many following tokens a modifier acts on (k). */
  readonly modifierSpan: number;
  /** Document-edge weighting: the first `edgeFirst` and last `edgeLast` tokens count `edgeWeight` times. */
  readonly edgeFirst: number;
  readonly edgeLast: number;
  readonly edgeWeight: number;
  /** Document length range, tokens; the trial length is maxLength. */
  readonly minLength: number;
  readonly maxLength: number;
  readonly validationSize: number;
  readonly validationSeed: number;
}

export type TextClassificationExtrapolation = DocumentExtrapolation;

/** One vocabulary entry. */
export interface TextWord {
  readonly id: number;
  readonly name: string;
  readonly kind: "evidence" | "neutral" | "modifier";
  /** Unordered evidence words: their class; else −1. */
  readonly cls: number;
  /** Ordered evidence words: their valence; else 0. */
  readonly valence: number;
  /** Modifiers: their factor; else 1. */
  readonly factor: number;
}

/** What a document's words add up to. */
export interface TextEvidence {
  /** Weighted evidence per class (unordered) or [weighted valence sum] (ordered). */
  readonly evidence: number[];
  /** Raw counts of evidence words per class (unordered) or per valence level (ordered). */
  readonly counts: number[];
  /** Per-token weight (edge × modifier factors; 0 for modifier tokens). */
  readonly weights: number[];
  /** The class, or −1 for an unordered tie (no label). */
  readonly label: number;
}

export interface TextClassificationTask extends Task<TextClassificationExtrapolation> {
  readonly options: Readonly<TextClassificationOptions>;
  readonly classes: number;
  readonly vocabulary: ReadonlyArray<TextWord>;
  /** Token ids of the neutral words (their mean one-hot is the "no evidence" input). */
  readonly neutralIds: ReadonlyArray<number>;
  /** Evidence, counts, weights and label of a token sequence. */
  evidenceOf(doc: ReadonlyArray<number>): TextEvidence;
  /** Trials from explicit token sequences (each needs a label: no unordered ties). */
  fromTokens(docs: ReadonlyArray<ReadonlyArray<number>>, opts?: { time?: number }): Trials;
}

export const TEXT_CLASSIFICATION_DEFAULTS: TextClassificationOptions = {
  classes: 3,
  ordered: false,
  nEvidence: 5,
  nNeutral: 10,
  levels: [-2, -1, 1, 2],
  thresholds: null,
  modifiers: [],
  modifierRate: 0.1,
  modifierSpan: 1,
  edgeFirst: 0,
  edgeLast: 0,
  edgeWeight: 1,
  minLength: 20,
  maxLength: 40,
  validationSize: 256,
  validationSeed: 1,
};

const NAME = "text-classification";
const MAX_CLASSES = 10;
/** Standard-normal quantiles at k/C, k = 1..C−1 (the default ordered bin edges). */
const NORMAL_QUANTILES: Readonly<Record<number, number[]>> = {
  2: [0],
  3: [-0.4307, 0.4307],
  4: [-0.6745, 0, 0.6745],
  5: [-0.8416, -0.2533, 0.2533, 0.8416],
};

export function textClassificationTask(options?: Partial<TextClassificationOptions>): TextClassificationTask {
  const o = mergeOptions(NAME, TEXT_CLASSIFICATION_DEFAULTS, options);
  const C = int(NAME, "classes", o.classes, { min: 2, max: MAX_CLASSES });
  const ordered = bool(NAME, "ordered", o.ordered);
  const nEvidence = int(NAME, "nEvidence", o.nEvidence, { min: 1 });
  const nNeutral = int(NAME, "nNeutral", o.nNeutral, { min: 0 });
  const levels = numList(NAME, "levels", o.levels);
  if (ordered) {
    check(levels.every((v) => v !== 0), NAME, `option "levels" holds the evidence words' non-zero valences, got ${describe(levels)}; neutral words are nNeutral.`);
    check(new Set(levels).size === levels.length, NAME, `option "levels" must not repeat a valence, got ${describe(levels)}.`);
    check(levels.length >= 2, NAME, `ordered classes need at least 2 valence levels, got ${describe(levels)}.`);
  }
  const modifiers = checkModifiers(o.modifiers);
  const modifierRate = num(NAME, "modifierRate", o.modifierRate, { min: 0, max: 0.9 });
  const modifierSpan = int(NAME, "modifierSpan", o.modifierSpan, { min: 1 });
  const edgeFirst = int(NAME, "edgeFirst", o.edgeFirst, { min: 0 });
  const edgeLast = int(NAME, "edgeLast", o.edgeLast, { min: 0 });
  const edgeWeight = num(NAME, "edgeWeight", o.edgeWeight, { positive: true });
  const minLength = int(NAME, "minLength", o.minLength, { min: 1 });
  const maxLength = int(NAME, "maxLength", o.maxLength, { min: minLength });
  const validationSize = int(NAME, "validationSize", o.validationSize, { min: 1 });
  const validationSeed = int(NAME, "validationSeed", o.validationSeed);

  // Vocabulary: evidence words, neutral words, modifiers.
  const vocabulary: TextWord[] = [];
  const nGroups = ordered ? levels.length : C;
  for (let g = 0; g < nGroups; g++) {
    for (let k = 0; k < nEvidence; k++) {
      vocabulary.push({
        id: vocabulary.length, kind: "evidence",
        name: ordered ? `v${levels[g]! > 0 ? "+" : ""}${levels[g]}_${k}` : `c${g}_${k}`,
        cls: ordered ? -1 : g, valence: ordered ? levels[g]! : 0, factor: 1,
      });
    }
  }
  for (let k = 0; k < nNeutral; k++) vocabulary.push({ id: vocabulary.length, kind: "neutral", name: `n${k}`, cls: -1, valence: 0, factor: 1 });
  const nWords = vocabulary.length;
  for (const m of modifiers) vocabulary.push({ id: vocabulary.length, kind: "modifier", name: m.name, cls: -1, valence: 0, factor: m.factor });
  const V = vocabulary.length;
  const neutralIds = vocabulary.filter((w) => w.kind === "neutral").map((w) => w.id);

  const thresholds = ordered ? resolveThresholds(o.thresholds, C, levels, nEvidence, nWords, minLength, maxLength) : [];
  const resolved = Object.freeze({
    classes: C, ordered, nEvidence, nNeutral, levels: Object.freeze(levels), thresholds: ordered ? Object.freeze(thresholds) : null,
    modifiers: Object.freeze(modifiers), modifierRate, modifierSpan, edgeFirst, edgeLast, edgeWeight, minLength, maxLength, validationSize, validationSeed,
  });

  const evidenceOf = (doc: ReadonlyArray<number>): TextEvidence => {
    const L = doc.length;
    const weights = doc.map((w, t) => {
      if (vocabulary[w]!.kind === "modifier") return 0;
      let f = t < edgeFirst || t >= L - edgeLast ? edgeWeight : 1;
      for (let s = Math.max(0, t - modifierSpan); s < t; s++) f *= vocabulary[doc[s]!]!.factor;
      return f;
    });
    const counts = new Array<number>(nGroups).fill(0);
    if (ordered) {
      let sum = 0;
      doc.forEach((w, t) => {
        const word = vocabulary[w]!;
        if (word.kind !== "evidence") return;
        counts[levels.indexOf(word.valence)]!++;
        sum += weights[t]! * word.valence;
      });
      const label = thresholds.filter((e) => sum >= e).length;
      return { evidence: [sum], counts, weights, label };
    }
    const evidence = new Array<number>(C).fill(0);
    doc.forEach((w, t) => {
      const word = vocabulary[w]!;
      if (word.kind !== "evidence") return;
      counts[word.cls]!++;
      evidence[word.cls]! += weights[t]!;
    });
    const order = evidence.map((e, c) => [e, c] as const).sort((a, b) => b[0] - a[0]);
    const label = order[0]![0] - order[1]![0] > 1e-9 ? order[0]![1] : -1;
    return { evidence, counts, weights, label };
  };

  const sample = (rng: Rng, lo: number, hi: number): number[] => {
    for (;;) {
      const len = rng.int(lo, hi);
      const doc = Array.from({ length: len }, () =>
        modifiers.length > 0 && rng.uniform() < modifierRate ? nWords + rng.int(0, modifiers.length - 1) : rng.int(0, nWords - 1),
      );
      if (evidenceOf(doc).label >= 0) return doc;
    }
  };

  const make = (docs: ReadonlyArray<ReadonlyArray<number>>, time: number): Trials => {
    const evs = docs.map((doc) => {
      check(doc.length >= 1 && doc.length <= time, NAME, `documents need 1..${time} tokens, got ${doc.length}.`);
      check(doc.every((k) => Number.isInteger(k) && k >= 0 && k < V), NAME, `token ids must be integers in [0, ${V}) (the vocabulary size), got ${describe(doc.find((k) => !(Number.isInteger(k) && k >= 0 && k < V)))}.`);
      const ev = evidenceOf(doc);
      check(ev.label >= 0, NAME, `a document's class evidence is tied (${ev.evidence.join(", ")}): it has no label.`);
      return ev;
    });
    return buildTrials({
      task: NAME,
      time,
      inputSize: V,
      outputSize: C,
      lossScale: 1,
      meta: docs.map((doc, i) => {
        const ev = evs[i]!;
        const m: Record<string, number | string | boolean> = {
          length: doc.length,
          label: ev.label,
          tokens: doc.join(","),
          nModifiers: doc.filter((w) => vocabulary[w]!.kind === "modifier").length,
          inTrainingRange: doc.length >= minLength && doc.length <= maxLength,
        };
        ev.counts.forEach((n, g) => (m[`count${g}`] = n));
        if (ordered) m.valenceSum = ev.evidence[0]!;
        else ev.evidence.forEach((e, c) => (m[`evidence${c}`] = e));
        return m;
      }),
      draw: (c, m, i) => {
        const doc = docs[i]!;
        c.period("tokens", 0, doc.length).period("pad", doc.length, time);
        doc.forEach((k, t) => c.input(k, t, t + 1, 1));
        c.target(Number(m.label), doc.length - 1, doc.length, 1).setMask(doc.length - 1, doc.length);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const t = Number(m.length) - 1;
      let best = 0;
      for (let c = 1; c < C; c++) if (outputs[(b * trials.time + t) * C + c]! > outputs[(b * trials.time + t) * C + best]!) best = c;
      return { length: Number(m.length), label: Number(m.label), choice: best, correct: best === Number(m.label) };
    });
  };

  return {
    name: NAME,
    description: "Synthetic C-class text classification: accumulate per-class (or graded, ordered) word evidence, report the class at the document end (Aitken 2020).",
    paper: {
      citation: "Aitken, Ramasesh, Garg, Cao, Sussillo & Maheswaranathan, The geometry of integration in text classification RNNs (ICLR 2021); synthetic version",
      url: "https://arxiv.org/abs/2010.15114",
      section: "§3 synthetic data",
    },
    inputSize: V,
    outputSize: C,
    lossScale: 1,
    classes: C,
    vocabulary,
    neutralIds,
    options: resolved,
    evidenceOf,
    ...documentSets(NAME, { minLength, maxLength, extrapolateLength: [maxLength + 1, 2 * maxLength], validationSize, validationSeed, sample, make }),
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      return makeScore(trials, outputs, fractionCorrect(outcomes(trials, outputs)));
    },
  };
}

function checkModifiers(v: unknown): TextModifier[] {
  check(Array.isArray(v), NAME, `option "modifiers" must be an array of { name, factor }, got ${describe(v)}.`);
  const out = (v as unknown[]).map((m, i) => {
    check(m !== null && typeof m === "object" && typeof (m as TextModifier).name === "string" && typeof (m as TextModifier).factor === "number" && Number.isFinite((m as TextModifier).factor),
      NAME, `modifiers[${i}] must be { name: string, factor: finite number }, got ${describe(m)}.`);
    return { name: (m as TextModifier).name, factor: (m as TextModifier).factor };
  });
  check(new Set(out.map((m) => m.name)).size === out.length, NAME, `modifier names must be distinct, got ${describe(out.map((m) => m.name))}.`);
  return out;
}

/** Ordered bin edges: given (checked) or the normal approximation's equal-frequency quantiles. */
function resolveThresholds(given: unknown, C: number, levels: number[], nEvidence: number, nWords: number, minLength: number, maxLength: number): number[] {
  if (given === null || given === undefined) {
    const z = NORMAL_QUANTILES[C];
    check(z !== undefined, NAME, `default thresholds exist for 2–5 ordered classes; give "thresholds" (${C - 1} increasing edges) for ${C}.`);
    // Per-token valence mean and variance under uniform draws over the nWords words (modifiers and edges ignored).
    const mu = (nEvidence * levels.reduce((s, v) => s + v, 0)) / nWords;
    const m2 = (nEvidence * levels.reduce((s, v) => s + v * v, 0)) / nWords;
    const L = (minLength + maxLength) / 2;
    return z.map((q) => L * mu + q * Math.sqrt(L * (m2 - mu * mu)));
  }
  const t = numList(NAME, "thresholds", given);
  check(t.length === C - 1, NAME, `option "thresholds" needs classes − 1 = ${C - 1} edges, got ${t.length}.`);
  check(t.every((e, i) => i === 0 || e > t[i - 1]!), NAME, `option "thresholds" must increase strictly, got ${describe(t)}.`);
  return t;
}

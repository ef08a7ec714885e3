/**
 * Synthetic evidence integration ("sentiment"), a small stand-in for the line-attractor sentiment
 * networks of Maheswaranathan et al. (2019) (others.md §1).
 *
 * A document is L ~ Uniform{20..50} tokens drawn i.i.d. from a vocabulary of 10 positive
 * (valence +1), 10 negative (−1) and 10 neutral (0) words, one-hot coded (input channel = token
 * id: positives first, then negatives, then neutrals; the input weights play the embedding).
 * Tokens start at step 0; steps after the document are zero input. The single output must equal
 * the label sign(Σ valence) = ±1 at the last token step, the only masked step (ties are redrawn).
 * MSE (lossScale 1) instead of the paper's logistic loss, so every task shares one loss.
 */
import type { Rng } from "../core/random";
import type { Trials } from "../core/types";
import { bool, check, int, mergeOptions } from "./options";
import { at, checkOutputs, fractionCorrect, makeScore, sign } from "./scoring";
import { buildTrials } from "./trialBuilder";
import { documentSets, type DocumentExtrapolation } from "./documentTrials";
import type { Task, TaskScore, TrialOutcome } from "./types";

export interface SentimentOptions {
  /** Vocabulary: positive, negative and neutral words (10 each). */
  readonly nPositive: number;
  readonly nNegative: number;
  readonly nNeutral: number;
  /** Graded valences: word k of a class gets ±[0.5, 1, 2][k mod 3] instead of ±1 (false). */
  readonly graded: boolean;
  /** Document length range, tokens (20, 50); the trial length is maxLength. */
  readonly minLength: number;
  readonly maxLength: number;
  /** Size and seed of the fixed validation set (256, seed 1). */
  readonly validationSize: number;
  readonly validationSeed: number;
}

/** Extrapolation: longer documents. Default length [maxLength + 1, 4·maxLength]. */
export type SentimentExtrapolation = DocumentExtrapolation;

export interface SentimentTask extends Task<SentimentExtrapolation> {
  readonly options: Readonly<SentimentOptions>;
  /** Valence of each token id (= input channel). */
  readonly valences: ReadonlyArray<number>;
  /** Trials from explicit token sequences (their valence sums must be non-zero). */
  fromTokens(docs: ReadonlyArray<ReadonlyArray<number>>, opts?: { time?: number }): Trials;
}

export const SENTIMENT_DEFAULTS: SentimentOptions = {
  nPositive: 10,
  nNegative: 10,
  nNeutral: 10,
  graded: false,
  minLength: 20,
  maxLength: 50,
  validationSize: 256,
  validationSeed: 1,
};

const NAME = "sentiment";
const GRADES = [0.5, 1, 2];

export function sentimentTask(options?: Partial<SentimentOptions>): SentimentTask {
  const o = mergeOptions(NAME, SENTIMENT_DEFAULTS, options);
  const nPositive = int(NAME, "nPositive", o.nPositive, { min: 1 });
  const nNegative = int(NAME, "nNegative", o.nNegative, { min: 1 });
  const nNeutral = int(NAME, "nNeutral", o.nNeutral, { min: 0 });
  const graded = bool(NAME, "graded", o.graded);
  const minLength = int(NAME, "minLength", o.minLength, { min: 1 });
  const maxLength = int(NAME, "maxLength", o.maxLength, { min: minLength });
  const validationSize = int(NAME, "validationSize", o.validationSize, { min: 1 });
  const validationSeed = int(NAME, "validationSeed", o.validationSeed);
  const resolved = Object.freeze({ nPositive, nNegative, nNeutral, graded, minLength, maxLength, validationSize, validationSeed });
  const vocab = nPositive + nNegative + nNeutral;
  const valences: number[] = [
    ...Array.from({ length: nPositive }, (_, k) => (graded ? GRADES[k % 3]! : 1)),
    ...Array.from({ length: nNegative }, (_, k) => -(graded ? GRADES[k % 3]! : 1)),
    ...Array.from({ length: nNeutral }, () => 0),
  ];
  const sumOf = (doc: ReadonlyArray<number>): number => doc.reduce((s, k) => s + valences[k]!, 0);

  const sample = (rng: Rng, lo: number, hi: number): number[] => {
    for (;;) {
      const len = rng.int(lo, hi);
      const doc = Array.from({ length: len }, () => rng.int(0, vocab - 1));
      if (Math.abs(sumOf(doc)) > 1e-9) return doc;
    }
  };

  const make = (docs: ReadonlyArray<ReadonlyArray<number>>, time: number): Trials => {
    for (const doc of docs) {
      check(doc.length >= 1 && doc.length <= time, NAME, `documents need 1..${time} tokens, got ${doc.length}.`);
      check(doc.every((k) => Number.isInteger(k) && k >= 0 && k < vocab), NAME, `token ids must be integers in [0, ${vocab}).`);
      check(Math.abs(sumOf(doc)) > 1e-9, NAME, "a document's valence sum is 0: it has no label.");
    }
    return buildTrials({
      task: NAME,
      time,
      inputSize: vocab,
      outputSize: 1,
      lossScale: 1,
      meta: docs.map((doc) => ({
        length: doc.length,
        valenceSum: sumOf(doc),
        label: Math.sign(sumOf(doc)),
        tokens: doc.join(","),
        inTrainingRange: doc.length >= minLength && doc.length <= maxLength,
      })),
      draw: (c, m, i) => {
        const doc = docs[i]!;
        c.period("tokens", 0, doc.length).period("pad", doc.length, time);
        doc.forEach((k, t) => c.input(k, t, t + 1, 1));
        c.target(0, doc.length - 1, doc.length, m.label).setMask(doc.length - 1, doc.length);
      },
    });
  };

  const outcomes = (trials: Trials, outputs: ArrayLike<number>): TrialOutcome[] => {
    checkOutputs(NAME, trials, outputs);
    return trials.meta.map((m, b) => {
      const y = at(trials, outputs, b, Number(m.length) - 1);
      return { length: Number(m.length), valenceSum: Number(m.valenceSum), output: y, correct: sign(y) === m.label };
    });
  };

  return {
    name: NAME,
    description: "Synthetic sentiment: integrate ±1/0 word valences and report the sign at the document end (Maheswaranathan 2019).",
    paper: {
      citation:
        "Maheswaranathan, Williams, Golub, Ganguli & Sussillo, Reverse engineering recurrent networks for sentiment classification reveals line attractor dynamics (NeurIPS 2019); synthetic version",
      url: "https://arxiv.org/abs/1906.10720",
      section: "others.md §1",
    },
    inputSize: vocab,
    outputSize: 1,
    lossScale: 1,
    valences,
    options: resolved,
    ...documentSets(NAME, { minLength, maxLength, extrapolateLength: [maxLength + 1, 4 * maxLength], validationSize, validationSeed, sample, make }),
    outcomes,
    score(trials: Trials, outputs: ArrayLike<number>): TaskScore {
      return makeScore(trials, outputs, fractionCorrect(outcomes(trials, outputs)));
    },
  };
}

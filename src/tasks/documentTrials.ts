/**
 * The trial sets of a document task (a sequence of one-hot tokens whose label is read at the last
 * token: sentiment, text classification): training batches of lengths in [minLength, maxLength],
 * length extrapolation beyond that range, a fixed validation set, and trials from given token lists.
 * The task supplies how one document is drawn (`sample`) and how documents become Trials (`make`).
 */
import { Rng, deriveSeed } from "../core/random";
import type { Trials } from "../core/types";
import { check, checkBatchSeed, int, range, resolveExtrapolate } from "./options";
import type { TrialsOptions } from "./types";

export interface DocumentExtrapolation {
  /** Document lengths [lo, hi] drawn for extrapolation; at least one end outside the training range. */
  readonly length?: readonly [number, number];
}

export interface DocumentSets {
  trials(opts: TrialsOptions<DocumentExtrapolation>): Trials;
  validation(): Trials;
  fromTokens(docs: ReadonlyArray<ReadonlyArray<number>>, opts?: { time?: number }): Trials;
}

export function documentSets(
  name: string,
  o: {
    readonly minLength: number;
    readonly maxLength: number;
    /** Default extrapolation lengths (`extrapolate: true`). */
    readonly extrapolateLength: readonly [number, number];
    readonly validationSize: number;
    readonly validationSeed: number;
    readonly sample: (rng: Rng, lo: number, hi: number) => number[];
    readonly make: (docs: ReadonlyArray<ReadonlyArray<number>>, time: number) => Trials;
  },
): DocumentSets {
  const { minLength, maxLength, sample, make } = o;
  return {
    trials(opts) {
      checkBatchSeed(name, opts);
      const rng = new Rng(deriveSeed(opts.seed, name));
      const x = resolveExtrapolate<DocumentExtrapolation>(name, opts.extrapolate, { length: o.extrapolateLength });
      if (!x) return make(Array.from({ length: opts.batch }, () => sample(rng, minLength, maxLength)), maxLength);
      const [lo, hi] = range(name, "extrapolate.length", x.length, { integer: true, min: 1 });
      check(lo < minLength || hi > maxLength, name, `extrapolate.length [${lo}, ${hi}] lies inside the training range [${minLength}, ${maxLength}].`);
      // only documents outside the training range
      const docs = Array.from({ length: opts.batch }, () => {
        for (;;) {
          const doc = sample(rng, lo, hi);
          if (doc.length < minLength || doc.length > maxLength) return doc;
        }
      });
      return make(docs, Math.max(hi, maxLength));
    },
    validation() {
      const rng = new Rng(deriveSeed(o.validationSeed, name, "validation"));
      return make(Array.from({ length: o.validationSize }, () => sample(rng, minLength, maxLength)), maxLength);
    },
    fromTokens(docs, fopts = {}) {
      check(docs.length > 0, name, "fromTokens() needs at least one document.");
      return make(docs, int(name, "time", fopts.time ?? Math.max(maxLength, ...docs.map((d) => d.length)), { min: 1 }));
    },
  };
}

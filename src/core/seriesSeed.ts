/**
 * One switch for every seed the notebook series uses: RNN_ATLAS_SEED=<n> (default 0) shifts them all,
 * so a check can be re-run on independent draws (training, trials, initial states, permutations).
 * 0 gives the committed results. Seeds pass through splitmix32 in Rng, so shifted seeds give
 * unrelated streams.
 */
const STRIDE = 1_000_003; // a prime far above any seed a notebook writes by hand

export function seedOffset(): number {
  const raw = (process.env.RNN_ATLAS_SEED ?? "").trim();
  if (raw === "") return 0;
  if (!/^-?\d+$/.test(raw)) {
    throw new Error(`RNN_ATLAS_SEED must be an integer such as 0, 1, 2 (it shifts every seed of the series), got "${raw}".`);
  }
  return Number(raw);
}

/** The seed a notebook should use for `base` under the current RNN_ATLAS_SEED. */
export function seriesSeed(base: number): number {
  if (!Number.isInteger(base)) throw new Error(`seriesSeed: base must be an integer, got ${base}.`);
  return (base + STRIDE * seedOffset()) >>> 0;
}

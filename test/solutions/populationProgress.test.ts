// The progress panel of trainSolutionPopulation: one live output per call (one display id for every
// round and size), labelled with the population, size, round and networks kept/discarded.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setDisplaySink } from "../../src/display/display";
import { MIME, type MimeBundle } from "../../src/display/mime";
import { jsKernel } from "../../src/kernels";
import { RSG_SHORT, type SolutionPopulationOptions } from "../../src/solutions/population";
import { populationProgress, trainSolutionPopulation } from "../../src/experiments";

interface Shown {
  readonly text: string;
  readonly html: string;
  readonly id?: string;
  readonly update: boolean;
}

/** Runs `fn` with a display sink that records every output (one cell). */
async function capture(fn: () => Promise<unknown>): Promise<Shown[]> {
  const shown: Shown[] = [];
  const key = {};
  setDisplaySink({
    bind: () => ({
      key,
      write: (b: MimeBundle, o: { id?: string; update: boolean }) =>
        shown.push({ text: String(b[MIME.text] ?? ""), html: String(b[MIME.html] ?? ""), update: o.update, ...(o.id !== undefined ? { id: o.id } : {}) }),
    }),
  });
  try {
    await fn();
  } finally {
    setDisplaySink(null);
  }
  return shown;
}

// Two sizes, and a discard rule no network meets, so every size runs all 3 rounds: 6 trainPopulation calls.
const opts = (over: Partial<SolutionPopulationOptions> = {}): SolutionPopulationOptions => ({
  name: "rsg-test",
  task: "rsg",
  taskOptions: RSG_SHORT,
  arch: "vanilla",
  sizes: [3, 4],
  networksPerSize: 2,
  seed: 5,
  rules: { maxEpochs: 3, validateEvery: 1, targetAccuracy: undefined, minAccuracy: undefined, fail: undefined, trainSize: 32, discardAbove: 1e-12 },
  maxRetrainRounds: 2,
  kernel: jsKernel,
  reporter: "notebook",
  ...over,
});

test("trainSolutionPopulation: one labelled panel per call, updated in place across rounds and sizes", async () => {
  const shown = await capture(() => trainSolutionPopulation(opts()));
  assert.ok(shown.length > 6, `expected live updates, got ${shown.length}`);
  const ids = new Set(shown.map((s) => s.id));
  assert.equal(ids.size, 1, `one display id for the whole call, got ${[...ids].join(", ")}`);
  assert.ok(shown[0]!.id !== undefined);
  assert.equal(shown[0]!.update, false);
  assert.ok(shown.slice(1).every((s) => s.update), "every later output updates the first one in place");
  for (const s of shown) assert.match(s.text, /^population rsg-test · /, s.text);
  // every (size, round) pair is labelled at some point, with the round cap
  for (const size of [3, 4]) {
    for (const round of [1, 2, 3]) {
      assert.ok(shown.some((s) => s.text.includes(`size ${size} (${size === 3 ? 1 : 2} of 2: 3/4)`) && s.text.includes(`round ${round} of ≤ 3`)), `size ${size} round ${round} labelled`);
    }
  }
  // a round's training line (epoch, loss) sits under its labels
  assert.ok(shown.some((s) => /round 2 of ≤ 3 · this round 2 networks[^\n]*\nepoch \d+\/3 .* loss median/.test(s.text)));
  assert.ok(shown.some((s) => s.html.includes("<table>") && s.html.includes("population rsg-test")));
  // the last output: final counts (all 12 attempts discarded, 4 slots empty)
  const last = shown[shown.length - 1]!.text;
  assert.match(last, /networks 0\/4 kept · 12 discarded/);
  assert.match(last, /status trained, 4 slots still empty after the last round/);
  assert.doesNotMatch(last, /round \d of/);
});

test("trainSolutionPopulation: kept counts in the labels, a loaded population shows one labelled panel too", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-popprog-"));
  const keepAll = opts({ sizes: [3], rules: { ...opts().rules, discardAbove: 10 }, outDir: dir });
  const trained = await capture(() => trainSolutionPopulation(keepAll));
  assert.equal(new Set(trained.map((s) => s.id)).size, 1);
  assert.match(trained[trained.length - 1]!.text, /networks 2\/2 kept · 0 discarded · status trained, every slot filled/);
  const loaded = await capture(() => trainSolutionPopulation(keepAll));
  assert.ok(loaded.length >= 1);
  assert.equal(new Set(loaded.map((s) => s.id)).size, 1);
  assert.notEqual(loaded[0]!.id, trained[0]!.id, "a new call gets its own panel");
  assert.match(loaded[loaded.length - 1]!.text, new RegExp(`^population rsg-test · networks 2/2 kept · 0 discarded · status loaded from ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
});

test("populationProgress: labels follow the rounds; 'none' reports nothing; a custom reporter gets the rounds unchanged", () => {
  const p = populationProgress({ name: "x", sizes: [8, 12], networksPerSize: 5, maxRetrainRounds: 3, reporter: "none" });
  assert.equal(p.reporter, null);
  p.startRound(12, 1, 3);
  assert.deepEqual(p.labels(), { title: "population x", fields: [["size", "12 (2 of 2: 8/12)"], ["round", "2 of ≤ 4"], ["this round", "3 networks"], ["networks", "0/10 kept · 0 discarded"]] });
  p.endRound({ size: 12, round: 1, trained: 3, kept: 2, discarded: 1, netEpochs: 9, ms: 1, cached: false });
  p.finish("trained", 1);
  assert.deepEqual(p.labels().fields, [["networks", "2/10 kept · 1 discarded"], ["status", "trained, 1 slot still empty after the last round"]]);
  const mine = { update: () => {} };
  assert.equal(populationProgress({ name: "x", sizes: [8], networksPerSize: 1, maxRetrainRounds: 0, reporter: mine }).reporter, mine);
});

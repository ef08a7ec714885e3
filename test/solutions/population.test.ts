// Solution populations: discard-and-retrain loop, caching/resume, save/load, checkpoint filter, typing.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jsKernel } from "../../src/kernels";
import { initModel } from "../../src/models";
import { ReducedGraph } from "../../src/solutions/graph/reducedGraph";
import {
  ID_SHORT,
  RSG_SHORT,
  checkpointValidity,
  probesFor,
  solutionTask,
  classifyGraphs,
  loadSolutionPopulation,
  saveSolutionPopulation,
  validCheckpoints,
  type SolutionPopulation,
  type SolutionPopulationOptions,
} from "../../src/solutions/population";
import { QUICK_RULES, discardReason, populationCacheDir, populationPreset, resolveRules, trainSolutionPopulation } from "../../src/experiments";
import { intervalDiscriminationGrid } from "../../src/solutions/extrapolation";
import { intervalDiscriminationTask } from "../../src/tasks/intervalDiscrimination";
import { findRenderer, toMimeBundle } from "../../src/display/registry";
import "../../src/plots/solutions";
import { fixtureNets, loadNet } from "./fixtures";

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-solpop-"));

/** Tiny, fast population: short RSG, 3-unit vanilla nets, a few epochs (JS kernel: deterministic everywhere). */
const tiny = (over: Partial<SolutionPopulationOptions> = {}): SolutionPopulationOptions => ({
  task: "rsg",
  taskOptions: RSG_SHORT,
  arch: "vanilla",
  sizes: [3, 4],
  networksPerSize: 3,
  seed: 11,
  rules: { maxEpochs: 4, validateEvery: 2, targetAccuracy: undefined, minAccuracy: undefined, fail: undefined, trainSize: 32 },
  maxRetrainRounds: 2,
  kernel: jsKernel,
  ...over,
});

/** Everything that must be reproducible (weights, records, seeds), without timings or cache flags. */
function numbers(p: SolutionPopulation): unknown {
  return {
    nets: p.networks.map((n) => ({ id: n.id, round: n.round, seeds: [n.initSeed, n.dataSeed], params: n.model.params, init: n.initial.params, rec: n.record, acc: n.accuracy, cps: n.checkpoints.map((c) => [c.epoch, c.loss, c.model.params]), hist: n.history })),
    discarded: p.discarded,
    rounds: p.rounds.map(({ ms: _ms, cached: _c, ...r }) => r),
    missing: p.missing,
  };
}

test("lax rules keep every network of round 0; one round per size", async () => {
  const pop = await trainSolutionPopulation(tiny({ rules: { ...tiny().rules, discardAbove: 10 } }));
  assert.equal(pop.networks.length, 6);
  assert.equal(pop.complete, true);
  assert.deepEqual(pop.rounds.map((r) => [r.size, r.round, r.trained, r.kept]), [[3, 0, 3, 3], [4, 0, 3, 3]]);
  assert.deepEqual(pop.networks.map((n) => n.id), ["vanilla-n3-i000", "vanilla-n3-i001", "vanilla-n3-i002", "vanilla-n4-i000", "vanilla-n4-i001", "vanilla-n4-i002"]);
  assert.ok(pop.networks.every((n) => n.retrains === 0 && n.record.epochs === 4));
  assert.ok(pop.timings.msPerNetEpoch > 0 && pop.timings.netEpochs === 24);
});

test("a strict discard threshold retrains the discarded slots from new seeds; the round cap is reported", async () => {
  const lax = await trainSolutionPopulation(tiny({ sizes: [3], networksPerSize: 4 }));
  const losses = lax.networks.map((n) => n.record.bestLoss).sort((a, b) => a - b);
  const cut = (losses[1]! + losses[2]!) / 2; // two networks of round 0 pass, two are discarded
  const strict = await trainSolutionPopulation(tiny({ sizes: [3], networksPerSize: 4, rules: { ...tiny().rules, discardAbove: cut } }));
  const r0 = strict.rounds[0]!;
  assert.equal(r0.kept, 2);
  assert.equal(r0.discarded, 2);
  // round 0 is the same training as the lax run (same seeds): the kept networks are identical
  for (const n of strict.networks.filter((x) => x.round === 0)) {
    const same = lax.networks[n.instance]!;
    assert.deepEqual(n.model.params, same.model.params);
    assert.ok(same.record.bestLoss <= cut);
  }
  // every attempt used fresh init and data seeds
  const attempts = [...strict.networks.map((n) => [n.initSeed, n.dataSeed]), ...strict.discarded.map((d) => [d.initSeed, d.dataSeed])];
  assert.equal(new Set(attempts.map((a) => a[0])).size, attempts.length, "init seeds are all different");
  assert.equal(new Set(attempts.map((a) => a[1])).size, attempts.length, "data seeds are all different");
  // later rounds train only the empty slots, and stop when full or after the cap
  for (const r of strict.rounds.slice(1)) assert.ok(r.trained <= 2);
  assert.ok(strict.rounds.length <= 3, "at most 1 + maxRetrainRounds rounds");
  assert.equal(strict.networks.length + strict.missing.length, 4);
  assert.equal(strict.complete, strict.missing.length === 0);
  for (const d of strict.discarded) assert.match(d.reason, /best loss .* > /);
  for (const n of strict.networks) assert.ok(n.record.bestLoss <= cut && n.retrains === n.round);

  // impossible threshold: nothing is kept, every round runs, the missing slots are listed
  const none = await trainSolutionPopulation(tiny({ sizes: [3], networksPerSize: 2, rules: { ...tiny().rules, discardAbove: 1e-9 } }));
  assert.equal(none.networks.length, 0);
  assert.equal(none.complete, false);
  assert.deepEqual(none.missing, [{ size: 3, instance: 0 }, { size: 3, instance: 1 }]);
  assert.deepEqual(none.rounds.map((r) => [r.round, r.trained, r.kept]), [[0, 2, 0], [1, 2, 0], [2, 2, 0]]);
  assert.equal(none.discarded.length, 6);
});

test("discardReason applies the rules in order", () => {
  const rules = { fail: { afterEpoch: 10, lossAbove: 0.02 }, discardAbove: 1e-3, minAccuracy: 1 } as const;
  const r = (o: object) => discardReason({ stopReason: "target-accuracy", bestLoss: 1e-4, ...o }, 1, rules as never);
  assert.equal(r({}), null);
  assert.match(r({ stopReason: "non-finite" })!, /non-finite/);
  assert.match(r({ stopReason: "failed-loss", bestLoss: 0.03 })!, /failure rule/);
  assert.match(r({ bestLoss: 2e-3 })!, /best loss/);
  assert.match(discardReason({ stopReason: "max-epochs", bestLoss: 1e-4 }, 0.9, rules as never)!, /accuracy 0.900 < 1/);
  assert.match(discardReason({ stopReason: "max-epochs", bestLoss: NaN }, 1, rules as never)!, /best loss/);
});

test("bad options fail early with a message naming the option", async () => {
  await assert.rejects(trainSolutionPopulation(tiny({ sizes: [] })), /sizes must be a non-empty list/);
  await assert.rejects(trainSolutionPopulation(tiny({ networksPerSize: 0 })), /networksPerSize/);
  await assert.rejects(trainSolutionPopulation(tiny({ arch: "leaky" as never })), /arch must be/);
  await assert.rejects(trainSolutionPopulation(tiny({ rules: { lr: -1 } })), /rules.lr/);
  await assert.rejects(trainSolutionPopulation(tiny({ task: "flipflop3" as never })), /unknown task/);
});

test("save/load round trip keeps weights, records, histories and checkpoints", async () => {
  const pop = await trainSolutionPopulation(tiny({ sizes: [3], checkpointEvery: 1, rules: { ...tiny().rules, discardAbove: 10 } }));
  assert.ok(pop.networks.every((n) => n.checkpoints.length > 0), "checkpoints kept in memory");
  const dir = tmp();
  saveSolutionPopulation(dir, pop);
  const back = loadSolutionPopulation(dir);
  assert.deepEqual(numbers(back), numbers(pop));
  assert.equal(back.kind, "solution-population");
  assert.deepEqual(back.rules, pop.rules);
  assert.deepEqual(back.taskOptions, RSG_SHORT);
  assert.throws(() => loadSolutionPopulation(tmp()), /no population.json/);
  assert.equal(back.source, "loaded");
  // as a cell's last value a population shows its summary table, not its weights
  assert.equal(findRenderer(back)?.kind, "rnn-atlas/solution-population");
  const bundle = (await toMimeBundle(back)) as Record<string, string>;
  assert.match(bundle["text/plain"]!, /3\/3 networks kept, 0 discarded/);
  assert.match(bundle["text/html"]!, /<table>/);
});

test("outDir: a rerun loads the cache, an interrupted run resumes to identical numbers, other options are refused", async () => {
  const opts = tiny({ sizes: [3], networksPerSize: 3, checkpointEvery: 2, rules: { ...tiny().rules, discardAbove: 0 } });
  const clean = await trainSolutionPopulation({ ...opts, outDir: tmp() });
  assert.equal(clean.source, "trained");
  assert.equal(clean.rounds.length, 3);
  const dir = tmp();
  let rounds = 0;
  await assert.rejects(
    trainSolutionPopulation({
      ...opts,
      outDir: dir,
      onRound: () => {
        if (++rounds === 2) throw new Error("simulated kill");
      },
    }),
    /simulated kill/,
  );
  assert.ok(!fs.existsSync(path.join(dir, "population.json")), "no population.json before the end");
  const resumed = await trainSolutionPopulation({ ...opts, outDir: dir });
  assert.equal(resumed.source, "resumed");
  assert.deepEqual(resumed.rounds.map((r) => r.cached), [true, true, false]);
  assert.deepEqual(numbers(resumed), numbers(clean));
  const loaded = await trainSolutionPopulation({ ...opts, outDir: dir });
  assert.equal(loaded.source, "loaded");
  assert.deepEqual(numbers(loaded), numbers(clean));
  await assert.rejects(trainSolutionPopulation({ ...opts, seed: 12, outDir: dir }), /other options \(seed: saved 11, requested 12\)/);
  // onMismatch "retrain" replaces the cache with a run of the new options
  const other = await trainSolutionPopulation({ ...opts, seed: 12, outDir: tmp() });
  const replaced = await trainSolutionPopulation({ ...opts, seed: 12, outDir: dir, onMismatch: "retrain" });
  assert.equal(replaced.source, "trained");
  assert.deepEqual(numbers(replaced), numbers(other));
  assert.equal((await trainSolutionPopulation({ ...opts, seed: 12, outDir: dir })).source, "loaded");
});

test("valid-checkpoint filter: a trained fixture network is valid, its initial weights are not", { skip: fixtureNets().length === 0 && "fixtures absent" }, () => {
  const net = fixtureNets().find((n) => n.task === "rsg" && n.arch === "vanilla")!;
  const trained = loadNet(net);
  const v = checkpointValidity(trained, "rsg");
  assert.equal(v.valid, true);
  assert.equal(v.crossed, 1);
  assert.ok(v.onsetMse < 2);
  const initial = initModel(trained.spec, { seed: 1 });
  const w = checkpointValidity(initial, "rsg");
  assert.equal(w.valid, false);
  // validCheckpoints keeps only the valid ones, in order
  const fake = { checkpoints: [{ epoch: 1, loss: 1, model: initial }, { epoch: 2, loss: 0.1, model: trained }] } as never;
  assert.deepEqual(validCheckpoints({ task: "rsg", taskOptions: {} }, fake).map((c) => c.epoch), [2]);
  // a stricter level or MSE bound can only remove checkpoints
  assert.equal(checkpointValidity(trained, "rsg", {}, { maxOnsetMse: 0 }).valid, false);
});

test("typing: isomorphism classes sorted by size, main types by the size cut, coverage, failures", () => {
  const g = (nodes: Array<[number, number]>, edges: Array<[number, number, number]>) =>
    new ReducedGraph(nodes.map(([id, output]) => ({ id, output, skip: 0, contracted: 1, state: [] })), edges.map(([from, to, type]) => ({ from, to, type })), "rsg");
  const a = () => g([[0, 0], [1, 1], [2, 0]], [[0, 1, 0], [1, 2, 0], [2, 0, 2], [0, 0, 2]]);
  const aRelabelled = g([[0, 0], [5, 0], [7, 1]], [[0, 7, 0], [7, 5, 0], [5, 0, 2], [0, 0, 2]]);
  const b = g([[0, 0], [1, 1]], [[0, 1, 0], [1, 0, 2]]);
  const graphs = [b, a(), aRelabelled, null, a()];
  const ids = ["n0", "n1", "n2", "n3", "n4"];
  const t = classifyGraphs(graphs, ids, { minTypeSize: 2 });
  assert.deepEqual(t.typeOf, ["T2", "T1", "T1", "failed", "T1"]);
  assert.deepEqual(t.types.map((x) => [x.label, x.size, x.main]), [["T1", 3, true], ["T2", 1, false]]);
  assert.deepEqual(t.types[0]!.members, ["n1", "n2", "n4"]);
  assert.deepEqual(t.counts, { T2: 1, T1: 3, failed: 1 });
  assert.equal(t.coverage, 3 / 5);
  assert.equal(t.mainTypes, 1);
  const t1 = classifyGraphs(graphs, ids, { minTypeSize: 1 });
  assert.equal(t1.coverage, 4 / 5);
  assert.equal(t1.mainTypes, 2);
  // the labelled rule separates graphs that differ only by output labels; Turner's rule does not
  const c = g([[0, 0], [1, 0], [2, 1]], [[0, 1, 0], [1, 2, 0], [2, 0, 2], [0, 0, 2]]);
  assert.equal(classifyGraphs([a(), c], ["x", "y"], { rule: "turner" }).types.length, 1);
  assert.equal(classifyGraphs([a(), c], ["x", "y"], { rule: "labelled" }).types.length, 2);
  assert.throws(() => classifyGraphs([a()], ["x", "y"]), /1 graphs but 2 ids/);
  assert.equal(findRenderer(t)?.kind, "rnn-atlas/solution-types", "a SolutionTypes record displays as its histogram");
});

test("interval grid: the task's trained intervals move the trained region (shortened task)", () => {
  const model = initModel({ arch: "vanilla", inputSize: 2, hiddenSize: 3, outputSize: 1 }, { seed: 2 });
  const g = intervalDiscriminationGrid(model, { task: intervalDiscriminationTask({ minT: 5, maxT: 15 }), intervals: [5, 6, 15, 16, 25], beyond: 20 });
  const trained = g.cells.filter((c) => c.inTrainedRange).map((c) => `${c.a},${c.b}`).sort();
  assert.deepEqual(trained, ["15,5", "15,6", "5,15", "5,6", "6,15", "6,5"]);
  assert.equal(g.regions["both beyond"]!.n, 0);
  assert.equal(g.regions["one beyond"]!.n, 8);
});

test("interval-discrimination probes scale trial times, not node indices; full-length tasks keep the paper's probes", () => {
  assert.deepEqual(probesFor("interval-discrimination", {}), {}, "full-length task: graph-tool defaults");
  const p = probesFor("interval-discrimination", ID_SHORT as unknown as Record<string, number>);
  const short = solutionTask("interval-discrimination", ID_SHORT as unknown as Record<string, number>) as unknown as { options: { maxT: number; pulse: number } };
  const s = short.options.maxT / 30;
  const start = p.idStartSteps!;
  const t1 = start + p.idFirstPulseNode! + 1;
  assert.equal(t1, Math.round(21 * s), "first probe pulse at the scaled trial time 21·maxT/30");
  const t2 = p.idSecondPulseNodes!.map((n) => n + p.idFirstProbeSteps! + 1);
  assert.deepEqual(t2, [16, 26].map((t) => Math.round(t * s)), "second pulses at the scaled trial times 16 and 26");
  assert.ok(Math.min(...t2.map((t) => Math.abs(t - t1))) >= 2, "second pulse at least 2 steps from the first (a comparison the nets can make)");
  assert.equal(p.idLatePulseNode, Math.round(30 * s));
});

test("presets: full-mode discrimination trains to the paper's loss rule; quick interval discrimination to a loss target", () => {
  for (const name of ["interval-discrimination", "delayed-discrimination"] as const) {
    const full = resolveRules(populationPreset(name, "full").rules ?? {});
    assert.equal(full.targetAccuracy, undefined, `${name} full: no behavioural stop`);
    assert.equal(full.targetLoss, 2e-5);
    assert.equal(full.discardAbove, 2e-4);
    assert.deepEqual(populationPreset(name, "full").sizes, [20, 30, 40, 50]);
    assert.equal(populationPreset(name, "full").networksPerSize, 100);
  }
  const quickId = resolveRules(populationPreset("interval-discrimination", "quick").rules ?? {}, QUICK_RULES);
  assert.equal(quickId.targetAccuracy, undefined);
  assert.equal(quickId.targetLoss, 5e-4);
});

test("presets: paper mode is the full setting (task, rules, sizes) with 25 networks per size, in its own cache", () => {
  for (const name of ["rsg-vanilla", "rsg-gru", "rsg-lstm", "interval-discrimination", "delayed-discrimination"] as const) {
    const paper = populationPreset(name, "paper"), full = populationPreset(name, "full");
    assert.deepEqual(paper.sizes, [20, 30, 40, 50]);
    assert.equal(paper.networksPerSize, 25, `${name}: 100 networks per setting`);
    assert.deepEqual(paper.rules, full.rules, `${name}: the paper-equivalent rules`);
    assert.deepEqual(paper.taskOptions, full.taskOptions, `${name}: the paper's task`);
    assert.equal(path.basename(paper.outDir!), `${name}-paper`);
  }
});

test("population caches: one folder per name, mode and RNN_ATLAS_SEED (other seeds never replace seed 0's)", () => {
  const saved = { seed: process.env.RNN_ATLAS_SEED, root: process.env.RNN_ATLAS_POPULATIONS };
  try {
    process.env.RNN_ATLAS_POPULATIONS = "/tmp/pops";
    delete process.env.RNN_ATLAS_SEED;
    assert.equal(populationCacheDir("rsg-gru", "quick"), path.join("/tmp/pops", "rsg-gru-quick"));
    process.env.RNN_ATLAS_SEED = "0";
    assert.equal(populationCacheDir("rsg-gru", "quick"), path.join("/tmp/pops", "rsg-gru-quick"));
    process.env.RNN_ATLAS_SEED = "3";
    assert.equal(populationCacheDir("rsg-gru", "full"), path.join("/tmp/pops", "rsg-gru-full-seed3"));
    assert.equal(populationPreset("rsg-gru", "quick").outDir, path.join("/tmp/pops", "rsg-gru-quick-seed3"));
  } finally {
    for (const [k, v] of [["RNN_ATLAS_SEED", saved.seed], ["RNN_ATLAS_POPULATIONS", saved.root]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

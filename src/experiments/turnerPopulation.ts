/**
 * trainSolutionPopulation: Turner-style populations with the discard-and-retrain loop.
 *
 * Per hidden size, round 0 trains `networksPerSize` networks together (one batched trainPopulation
 * call); networks that fail a discard rule leave their slot empty, and the next round retrains only
 * the empty slots from a new round seed (new init, new training set), until every slot is filled or
 * `maxRetrainRounds` rounds have run. Every seed derives from the base seed, so the result is
 * reproducible; with an outDir each round trains in its own folder (snapshots → resumable) and the
 * finished population is saved there, so a rerun with the same options loads it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { moveAside } from "../io/runFolder";
import { deriveSeed } from "../core/random";
import type { Model } from "../core/types";
import { writeFileAtomic } from "../io/atomic";
import { loadModel } from "../io/network";
import { runModel, unstackModel } from "../models";
import { trainPopulation } from "../train/trainPopulation";
import type { NetworkRecord, TrainResult } from "../train/types";
import { populationProgress } from "./populationProgress";
import { resolveRules, trainOptionsOf } from "./turnerRules";
import { fingerprintOf, loadSolutionPopulation, populationFingerprintMismatch, saveSolutionPopulation } from "../solutions/population/store";
import { solutionTask } from "../solutions/population/task";
import type {
  DiscardedAttempt,
  RoundSummary,
  SolutionCheckpoint,
  SolutionNetwork,
  SolutionPopulation,
  SolutionPopulationOptions,
  TrainingRules,
} from "../solutions/population/types";

const now = (): number => performance.now();

/** Options with every default filled in (what the fingerprint and the saved record hold). */
export interface ResolvedPopulationOptions {
  readonly name: string;
  readonly task: SolutionPopulationOptions["task"];
  readonly taskOptions: Readonly<Record<string, number>>;
  readonly arch: SolutionPopulationOptions["arch"];
  readonly sizes: ReadonlyArray<number>;
  readonly networksPerSize: number;
  readonly seed: number;
  readonly rules: TrainingRules;
  readonly maxRetrainRounds: number;
  readonly checkpointEvery: number;
}

export function resolvePopulationOptions(o: SolutionPopulationOptions): ResolvedPopulationOptions {
  if (!["vanilla", "gru", "lstm"].includes(o.arch)) throw new Error(`solution population: arch must be vanilla, gru or lstm, got "${String(o.arch)}".`);
  if (!Array.isArray(o.sizes) || o.sizes.length === 0 || o.sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`solution population: sizes must be a non-empty list of positive integers (paper: [20, 30, 40, 50]), got ${JSON.stringify(o.sizes)}.`);
  }
  if (new Set(o.sizes).size !== o.sizes.length) throw new Error(`solution population: sizes ${JSON.stringify(o.sizes)} repeat a size.`);
  if (!Number.isInteger(o.networksPerSize) || o.networksPerSize < 1) throw new Error(`solution population: networksPerSize must be a positive integer (paper: 100), got ${o.networksPerSize}.`);
  if (!Number.isInteger(o.seed)) throw new Error(`solution population: seed must be an integer, got ${o.seed}.`);
  const maxRetrainRounds = o.maxRetrainRounds ?? 4;
  if (!Number.isInteger(maxRetrainRounds) || maxRetrainRounds < 0) throw new Error(`solution population: maxRetrainRounds must be an integer ≥ 0, got ${maxRetrainRounds}.`);
  const checkpointEvery = o.checkpointEvery ?? 0;
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 0) throw new Error(`solution population: checkpointEvery must be an integer ≥ 0, got ${checkpointEvery}.`);
  solutionTask(o.task, o.taskOptions); // validates the task and its options now
  return {
    name: o.name ?? `${o.task}-${o.arch}`,
    task: o.task,
    taskOptions: { ...(o.taskOptions ?? {}) },
    arch: o.arch,
    sizes: [...o.sizes],
    networksPerSize: o.networksPerSize,
    seed: o.seed,
    rules: resolveRules(o.rules),
    maxRetrainRounds,
    checkpointEvery,
  };
}

/** Seed of one training round of one size (init and data seeds of its networks derive from it). */
export function roundSeed(seed: number, arch: string, size: number, round: number): number {
  return deriveSeed(seed, "solution-population", arch, size, "round", round);
}

/** Why a trained network is discarded under the rules (null = kept). */
export function discardReason(record: Pick<NetworkRecord, "stopReason" | "bestLoss"> & Partial<Pick<NetworkRecord, "diverged">>, accuracy: number, r: TrainingRules): string | null {
  if (record.stopReason === "non-finite") return "non-finite loss or weights";
  if (record.diverged) return "the loss blew up (last epoch > 100 × the best)";
  if (record.stopReason === "failed-loss" && r.fail) return `failure rule: best loss > ${r.fail.lossAbove} after epoch ${r.fail.afterEpoch}`;
  if (r.discardAbove !== undefined && !(record.bestLoss <= r.discardAbove)) return `best loss ${record.bestLoss.toExponential(2)} > ${r.discardAbove}`;
  if (r.minAccuracy !== undefined && !(accuracy >= r.minAccuracy)) return `validation accuracy ${accuracy.toFixed(3)} < ${r.minAccuracy}`;
  return null;
}

interface RoundFile {
  readonly summary: RoundSummary;
}

function roundDir(outDir: string, size: number, round: number): string {
  return path.join(outDir, "rounds", `n${size}-r${round}`);
}

function checkpointsOf(res: TrainResult, k: number): SolutionCheckpoint[] {
  return res.checkpoints
    .filter((c) => c.network === k)
    .map((c) => {
      let model: Model;
      if (c.params) model = { spec: res.spec, params: c.params };
      else if (c.path) model = loadModel(c.path);
      else throw new Error(`checkpoint of network ${k} at epoch ${c.epoch} has neither weights nor a file.`);
      return { epoch: c.epoch, loss: c.loss, model: { spec: model.spec, params: model.params } };
    });
}

/**
 * Train (or load, or resume) a solution population. See the module comment for the loop; see
 * TURNER_RULES / QUICK_RULES for the rules.
 *
 *   const pop = await trainSolutionPopulation({ task: "rsg", taskOptions: RSG_SHORT, arch: "vanilla",
 *     sizes: [8, 12], networksPerSize: 8, seed: 1, rules: QUICK_RULES, outDir: populationCacheDir("rsg-vanilla") });
 */
export async function trainSolutionPopulation(options: SolutionPopulationOptions): Promise<SolutionPopulation> {
  const t0 = now();
  const o = resolvePopulationOptions(options);
  const fp = fingerprintOf(o);
  const outDir = options.outDir ? path.resolve(options.outDir) : undefined;
  if (outDir) {
    const popFile = path.join(outDir, "population.json");
    const fpFile = path.join(outDir, "options.json");
    const saved = fs.existsSync(popFile) ? loadSolutionPopulation(outDir) : null;
    const savedFp = saved ? null : fs.existsSync(fpFile) ? (JSON.parse(fs.readFileSync(fpFile, "utf8")) as Record<string, unknown>) : null;
    const mismatch = saved ? populationFingerprintMismatch(saved, fp) : savedFp ? populationFingerprintMismatch({ fingerprint: savedFp }, fp) : null;
    if (mismatch && options.onMismatch === "retrain") {
      // The old population is moved aside, never deleted: a changed option must not cost a run.
      const movedTo = moveAside(outDir);
      console.warn(`${o.name}: the cached population in ${outDir} was trained with other options (${mismatch}); it was moved to ${movedTo} and this one is trained anew.`);
    } else if (mismatch) {
      throw new Error(
        `${outDir} holds ${saved ? "a population" : "a partial run"} trained with other options (${mismatch}); use the original options, another outDir, ` +
          `onMismatch: "retrain" (moves the old one aside), or delete the folder.`,
      );
    } else if (saved) {
      const shown = progressOf(o, options);
      for (const r of saved.rounds) shown.endRound(r);
      shown.finish(`loaded from ${outDir}`, saved.missing.length);
      return { ...saved, source: "loaded", timings: { ...saved.timings, totalMs: now() - t0 } };
    }
    if (!fs.existsSync(fpFile)) writeFileAtomic(fpFile, JSON.stringify(fp, null, 1) + "\n");
  }
  const task = solutionTask(o.task, o.taskOptions);
  const validation = task.validation();
  const progress = progressOf(o, options);
  const base = trainOptionsOf(o.rules, o.arch);
  const kept: SolutionNetwork[] = [];
  const discarded: DiscardedAttempt[] = [];
  const rounds: RoundSummary[] = [];
  const missing: Array<{ size: number; instance: number }> = [];
  let anyCached = false;
  let anyTrained = false;

  for (const size of o.sizes) {
    const slots: Array<SolutionNetwork | null> = new Array(o.networksPerSize).fill(null);
    for (let round = 0; round <= o.maxRetrainRounds; round++) {
      const empty = slots.flatMap((s, i) => (s === null ? [i] : []));
      if (empty.length === 0) break;
      const tr = now();
      const dir = outDir ? roundDir(outDir, size, round) : undefined;
      const roundFile = dir ? path.join(dir, "round.json") : undefined;
      progress.startRound(size, round, empty.length);
      const res = await trainPopulation({
        ...base,
        task: task,
        spec: { arch: o.arch, hiddenSize: size },
        networks: empty.length,
        seed: roundSeed(o.seed, o.arch, size, round),
        ...(o.checkpointEvery > 0 ? { checkpointEvery: o.checkpointEvery } : {}),
        ...(dir ? { outDir: dir, resume: true } : {}),
        ...(options.kernel ? { kernel: options.kernel } : {}),
        ...(options.executor ? { executor: options.executor } : {}),
        reporter: progress.reporter ?? "none",
      });
      let keptHere = 0;
      empty.forEach((slot, k) => {
        const record = res.networks[k]!;
        const model = unstackModel(res.population, k);
        const run = runModel(model, validation.inputs, { batch: validation.batch, time: validation.time });
        const accuracy = task.score(validation, run.outputs).accuracy;
        const reason = discardReason(record, accuracy, o.rules);
        const seeds = { initSeed: record.initSeed, dataSeed: record.dataSeed };
        if (reason) {
          discarded.push({ size, instance: slot, round, ...seeds, bestLoss: record.bestLoss, accuracy, epochs: record.epochs, stopReason: record.stopReason, reason });
          return;
        }
        keptHere++;
        slots[slot] = {
          id: `${o.arch}-n${size}-i${String(slot).padStart(3, "0")}`,
          index: -1,
          size,
          instance: slot,
          round,
          ...seeds,
          retrains: round,
          model: { spec: model.spec, params: model.params },
          initial: (() => {
            const m = unstackModel(res.initial, k);
            return { spec: m.spec, params: m.params };
          })(),
          record,
          history: res.histories[k]!,
          accuracy,
          checkpoints: checkpointsOf(res, k),
        };
      });
      const netEpochs = res.networks.reduce((s, n) => s + n.epochs, 0);
      const cachedRound = res.resumedFromEpoch !== undefined && res.resumedFromEpoch === res.epochs;
      let ms = now() - tr;
      if (cachedRound && roundFile && fs.existsSync(roundFile)) ms = (JSON.parse(fs.readFileSync(roundFile, "utf8")) as RoundFile).summary.ms;
      const summary: RoundSummary = { size, round, trained: empty.length, kept: keptHere, discarded: empty.length - keptHere, netEpochs, ms, cached: cachedRound };
      if (roundFile && !cachedRound) writeFileAtomic(roundFile, JSON.stringify({ summary } satisfies RoundFile, null, 1) + "\n");
      if (cachedRound) anyCached = true;
      else anyTrained = true;
      rounds.push(summary);
      progress.endRound(summary);
      options.onRound?.(summary);
    }
    slots.forEach((s, i) => {
      if (s) kept.push(s);
      else missing.push({ size, instance: i });
    });
  }
  const networks = kept.map((n, index) => ({ ...n, index }));
  const trainMs = rounds.reduce((s, r) => s + r.ms, 0);
  const netEpochs = rounds.reduce((s, r) => s + r.netEpochs, 0);
  const pop: SolutionPopulation = {
    kind: "solution-population",
    name: o.name,
    task: o.task,
    taskOptions: o.taskOptions,
    arch: o.arch,
    sizes: o.sizes,
    networksPerSize: o.networksPerSize,
    seed: o.seed,
    rules: o.rules,
    maxRetrainRounds: o.maxRetrainRounds,
    checkpointEvery: o.checkpointEvery,
    networks,
    discarded,
    rounds,
    complete: missing.length === 0,
    missing,
    timings: { totalMs: now() - t0, trainMs, netEpochs, msPerNetEpoch: netEpochs > 0 ? trainMs / netEpochs : NaN },
    source: anyCached ? (anyTrained ? "resumed" : "loaded") : "trained",
    ...(outDir ? { outDir } : {}),
  };
  if (outDir) saveSolutionPopulation(outDir, pop);
  progress.finish(pop.source === "trained" ? "trained" : pop.source === "resumed" ? "resumed from the cache" : `loaded from ${outDir}`, missing.length);
  return pop;
}

/** The call's one progress panel (see ./progress), labelled with the population's name and shape. */
function progressOf(o: ResolvedPopulationOptions, options: SolutionPopulationOptions): ReturnType<typeof populationProgress> {
  return populationProgress({ name: o.name, sizes: o.sizes, networksPerSize: o.networksPerSize, maxRetrainRounds: o.maxRetrainRounds, reporter: options.reporter ?? "none" });
}



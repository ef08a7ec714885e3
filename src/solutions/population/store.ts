/**
 * Saving and loading solution populations with the project's population files (src/io).
 *
 * Layout of a population directory:
 *   final/n20/, initial/n20/, ...     savePopulation dirs (manifest.json + params.npz), one per size
 *   checkpoints/<network id>/          savePopulation dir of that network's checkpoints (members: epoch, loss)
 *   population.json                    everything else (records, histories, rounds, discards), written last
 * population.json is replaced atomically after all weights are written, so its presence means the
 * directory holds a complete population.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Model, Population } from "../../core/types";
import { writeFileAtomic } from "../../io/atomic";
import { loadPopulation, savePopulation } from "../../io/populationFiles";
import { stackModels, unstackModel } from "../../models";
import { parseExact, stringifyExact } from "../../train/snapshot";
import type { SolutionCheckpoint, SolutionNetwork, SolutionPopulation } from "./types";

const FORMAT = "rnn-atlas-solution-population";
const VERSION = 1;
export const POPULATION_FILE = "population.json";

type FingerprintSource = Pick<
  SolutionPopulation,
  "task" | "taskOptions" | "arch" | "sizes" | "networksPerSize" | "seed" | "rules" | "maxRetrainRounds" | "checkpointEvery"
>;

/** The options that determine a population's numbers (a cached population must match them). */
export function fingerprintOf(o: FingerprintSource): Record<string, unknown> {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
  return sortKeys({
    task: o.task,
    taskOptions: o.taskOptions,
    arch: o.arch,
    sizes: o.sizes,
    networksPerSize: o.networksPerSize,
    seed: o.seed,
    rules: o.rules,
    maxRetrainRounds: o.maxRetrainRounds,
    checkpointEvery: o.checkpointEvery,
  }) as Record<string, unknown>;
}

/** First difference between a saved population's fingerprint and the requested one, or null. */
export function populationFingerprintMismatch(saved: FingerprintSource | { fingerprint: Record<string, unknown> }, want: Record<string, unknown>): string | null {
  const have = "fingerprint" in saved ? saved.fingerprint : fingerprintOf(saved);
  for (const k of new Set([...Object.keys(have), ...Object.keys(want)])) {
    const a = JSON.stringify(have[k]);
    const b = JSON.stringify(want[k]);
    if (a !== b) return `${k}: saved ${a ?? "(none)"}, requested ${b ?? "(none)"}`;
  }
  return null;
}

const sizeDir = (dir: string, kind: "final" | "initial", size: number): string => path.join(dir, kind, `n${size}`);

function stack(models: ReadonlyArray<Model>, members: ReadonlyArray<Record<string, unknown>>): Population {
  return stackModels(models as Model[], members as Array<Record<string, unknown>>);
}

/** Save atomically (weights first, population.json last). */
export function saveSolutionPopulation(dir: string, pop: SolutionPopulation): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const size of pop.sizes) {
    const nets = pop.networks.filter((n) => n.size === size);
    if (!nets.length) continue;
    const members = nets.map((n) => ({ index: n.index, id: n.id, instance: n.instance, initSeed: n.initSeed, dataSeed: n.dataSeed }));
    savePopulation(sizeDir(dir, "final", size), stack(nets.map((n) => n.model), members), { task: pop.task });
    savePopulation(sizeDir(dir, "initial", size), stack(nets.map((n) => n.initial), members), { task: pop.task });
  }
  for (const n of pop.networks) {
    if (!n.checkpoints.length) continue;
    savePopulation(
      path.join(dir, "checkpoints", n.id),
      stack(n.checkpoints.map((c) => c.model), n.checkpoints.map((c, i) => ({ index: i, epoch: c.epoch, loss: c.loss }))),
      { task: pop.task },
    );
  }
  const meta = {
    format: FORMAT,
    version: VERSION,
    fingerprint: fingerprintOf(pop),
    ...pop,
    outDir: undefined,
    networks: pop.networks.map(({ model: _m, initial: _i, checkpoints, ...rest }) => ({ ...rest, checkpointCount: checkpoints.length })),
  };
  writeFileAtomic(path.join(dir, POPULATION_FILE), stringifyExact(meta) + "\n");
}

/** Load a population saved by saveSolutionPopulation (or cached by trainSolutionPopulation). */
export function loadSolutionPopulation(dir: string): SolutionPopulation {
  const file = path.join(dir, POPULATION_FILE);
  if (!fs.existsSync(file)) throw new Error(`${dir}: no ${POPULATION_FILE}; expected a directory written by trainSolutionPopulation/saveSolutionPopulation (an unfinished run has none — rerun trainSolutionPopulation with the same options to resume it).`);
  const meta = parseExact(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  if (meta.format !== FORMAT) throw new Error(`${file}: not a solution population (format "${String(meta.format)}").`);
  if (typeof meta.version !== "number" || meta.version > VERSION) throw new Error(`${file}: version ${String(meta.version)} is newer than this rnn-atlas reads (${VERSION}).`);
  const { format: _f, version: _v, fingerprint: _fp, networks: rawNets, ...rest } = meta as Record<string, unknown> & { networks: Array<Record<string, unknown>> };
  const bySize = new Map<number, { final: Population; initial: Population; pos: Map<string, number> }>();
  const weightsOf = (size: number) => {
    let w = bySize.get(size);
    if (!w) {
      const final = loadPopulation(sizeDir(dir, "final", size));
      const initial = loadPopulation(sizeDir(dir, "initial", size));
      const pos = new Map(final.members.map((m, i) => [String(m.id), i]));
      w = { final, initial, pos };
      bySize.set(size, w);
    }
    return w;
  };
  const networks: SolutionNetwork[] = rawNets.map((raw) => {
    const { checkpointCount, ...n } = raw as Record<string, unknown> & { checkpointCount: number };
    const net = n as unknown as Omit<SolutionNetwork, "model" | "initial" | "checkpoints">;
    const w = weightsOf(net.size);
    const i = w.pos.get(net.id);
    if (i === undefined) throw new Error(`${dir}: network ${net.id} is in ${POPULATION_FILE} but not in ${sizeDir(dir, "final", net.size)}.`);
    let checkpoints: SolutionCheckpoint[] = [];
    if (checkpointCount > 0) {
      const cp = loadPopulation(path.join(dir, "checkpoints", net.id));
      checkpoints = cp.members.map((m, k) => ({ epoch: Number(m.epoch), loss: Number(m.loss), model: plain(unstackModel(cp, k)) }));
    }
    return { ...net, model: plain(unstackModel(w.final, i)), initial: plain(unstackModel(w.initial, i)), checkpoints };
  });
  return { ...(rest as unknown as SolutionPopulation), networks, source: "loaded", outDir: path.resolve(dir) };
}

function plain(m: Model): Model {
  return { spec: m.spec, params: m.params };
}

/**
 * A per-network analysis of a saved population as a Slurm job array. Results go to
 * `<population>/analyses/<analysis>-<options digest>/`: a rerun with the same options re-attaches
 * to (or loads) that run, other options get their own folder, and finished shards are never recomputed.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { claimRunFolder, writeFileAtomic } from "../io";
import { kernelInterruptSignal } from "../core/interrupt";
import type { TrainOptions } from "../train/types";
import type { SlurmOptions } from "./executor";
import { computeNetworkAnalysis, savedNetworks } from "./networkAnalyses";
import { planShards, shardSizeFromCost } from "./shardPlan";
import { checkSharedStorage, shardStates, submitMissing, watchShards } from "./shardDriver";
import { readPlan, shardDir, writePlan, type AnalysisPlan } from "./shardedRun";

const DEFAULT_TARGET_MIN = 20;
export const RESULTS_FILE = "results.json";

export interface AnalyseOptions {
  readonly reporter?: TrainOptions["reporter"];
  readonly progressLabel?: string;
  readonly signal?: AbortSignal;
}

export function analysisDir(population: string, analysis: string, options: Readonly<Record<string, unknown>>): string {
  const digest = createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 12);
  return path.join(population, "analyses", `${analysis}-${digest}`);
}

/** The results of every shard, in network order (throws naming a missing shard). */
export function gatherAnalysis(dir: string, plan: AnalysisPlan): unknown[] {
  return plan.shards.flatMap((s) => {
    const file = path.join(shardDir(dir, s.index), RESULTS_FILE);
    if (!fs.existsSync(file)) throw new Error(`cannot gather ${dir}: shard ${s.index} has no result yet (see rnn-atlas status ${dir}).`);
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as { members: number[]; results: unknown[] };
    if (JSON.stringify(r.members) !== JSON.stringify(s.members)) throw new Error(`${file} holds networks ${r.members.join(",")}, the plan says ${s.members.join(",")}.`);
    return r.results;
  });
}

/** On a node: the shard's networks, one after another; results.json is written before done.json. */
export function runAnalysisShard(dir: string, plan: AnalysisPlan, index: number): { members: ReadonlyArray<number>; ms: number } {
  const shard = plan.shards.find((s) => s.index === index)!;
  const t0 = performance.now();
  const nets = savedNetworks(plan.job.population);
  if (nets.count !== plan.job.networks) throw new Error(`${plan.job.population} now holds ${nets.count} networks, the analysis was planned for ${plan.job.networks}: the population changed after submission.`);
  const out = shardDir(dir, index);
  fs.mkdirSync(out, { recursive: true });
  const results = shard.members.map((i) => computeNetworkAnalysis(plan.job.analysis, nets.model(i), plan.job.options, { network: i, outDir: out }));
  writeFileAtomic(path.join(out, RESULTS_FILE), JSON.stringify({ members: shard.members, results }) + "\n");
  return { members: shard.members, ms: performance.now() - t0 };
}

/**
 * Computes `analysis` for every network of the population saved in `population` on Slurm and returns
 * the per-network results in order (the same JSON the local computation returns).
 */
export async function analyseOnSlurm(analysis: string, population: string, options: Readonly<Record<string, unknown>>, s: SlurmOptions, o: AnalyseOptions = {}): Promise<unknown[]> {
  const popDir = path.resolve(population);
  const nets = savedNetworks(popDir);
  const dir = analysisDir(popDir, analysis, options);
  const done = path.join(dir, RESULTS_FILE);
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, "utf8")).results as unknown[];
  // Analyses are pure functions of the saved networks: an existing run with these options is resumed.
  const claim = claimRunFolder(dir, { resume: true });
  try {
    let plan = readPlan(dir) as AnalysisPlan | null;
    if (plan && plan.kind !== "analysis") throw new Error(`${dir} holds a sharded ${plan.kind} run; remove it or choose another population folder.`);
    if (!plan) {
      checkSharedStorage(dir, s);
      let per = s.networksPerShard;
      let msPerNetwork: number | undefined;
      if (per === undefined) {
        const t0 = performance.now();
        computeNetworkAnalysis(analysis, nets.model(0), options, { network: 0, outDir: path.join(dir, "cost-probe") }); // measured on network 0
        msPerNetwork = performance.now() - t0;
        per = shardSizeFromCost(msPerNetwork, nets.count, (s.targetShardMinutes ?? DEFAULT_TARGET_MIN) * 60_000);
      }
      plan = {
        format: "rnn-atlas-sharded-run",
        version: 1,
        kind: "analysis",
        job: { analysis, population: popDir, networks: nets.count, options },
        shards: planShards(nets.count, per),
        slurm: s,
        token: randomBytes(8).toString("hex"),
        ...(msPerNetwork !== undefined ? { msPerNetwork } : {}),
        jobs: [],
      };
      writePlan(dir, plan);
    } else {
      plan = { ...plan, slurm: { ...plan.slurm, ...s } };
    }
    const submitted = submitMissing(dir, plan, shardStates(dir, plan));
    await watchShards(dir, submitted, { ...o, signal: o.signal ?? kernelInterruptSignal() });
    const results = gatherAnalysis(dir, submitted);
    writeFileAtomic(done, JSON.stringify({ analysis, options, results }) + "\n");
    return results;
  } finally {
    claim.release();
  }
}

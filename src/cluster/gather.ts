/**
 * Gathering finished shards into one TrainResult, in the population's order. The weights are the
 * shards' bytes, unchanged, so the gathered population is the one a local run with the same seed trains.
 */
import * as path from "node:path";
import { loadPopulation } from "../io";
import type { Population } from "../core/types";
import type { TrainResult } from "../train/types";
import { readShardDone, shardDir, type Plan, type ShardDone, type TrainPlan } from "./shardedRun";

function concat(parts: ReadonlyArray<Population>): Population {
  const first = parts[0]!;
  const params: Record<string, Float32Array> = {};
  for (const name of Object.keys(first.params)) {
    const total = parts.reduce((n, p) => n + p.params[name]!.length, 0);
    const a = new Float32Array(total);
    let o = 0;
    for (const p of parts) {
      a.set(p.params[name]!, o);
      o += p.params[name]!.length;
    }
    params[name] = a;
  }
  const h0 = first.initialStates ? Float32Array.from(parts.flatMap((p) => Array.from(p.initialStates!))) : undefined;
  return {
    spec: first.spec,
    size: parts.reduce((n, p) => n + p.size, 0),
    params,
    members: parts.flatMap((p) => p.members.map((m) => ({ ...m }))),
    ...(h0 ? { initialStates: h0 } : {}),
  };
}

/** The shards of the plan that have no result yet. */
export function missingShards(dir: string, plan: Plan): number[] {
  return plan.shards.filter((s) => readShardDone(dir, s.index) === null).map((s) => s.index);
}

export function gatherShards(dir: string, plan: TrainPlan): TrainResult {
  const missing = missingShards(dir, plan);
  if (missing.length > 0) throw new Error(`cannot gather ${dir}: shard(s) ${missing.join(", ")} have no result yet (see rnn-atlas status ${dir}).`);
  const done: ShardDone[] = plan.shards.map((s) => readShardDone(dir, s.index)!);
  const load = (sub: string) => plan.shards.map((s) => {
    const p = loadPopulation(path.join(shardDir(dir, s.index), sub));
    const got = p.members.map((m) => (m as { index?: number }).index);
    if (JSON.stringify(got) !== JSON.stringify(s.members)) throw new Error(`${path.join(shardDir(dir, s.index), sub)} holds networks ${got.join(",")}, the plan says ${s.members.join(",")}: the shard folder is from another run.`);
    return p;
  });
  const population = concat(load("result"));
  const initial = concat(load("initial"));
  const sum = (k: string) => done.reduce((a, d) => a + (Number(d.timings[k]) || 0), 0);
  const updates = Math.max(...done.map((d) => d.updates));
  return {
    task: plan.options.task.name,
    spec: population.spec,
    population,
    initial,
    networks: done.flatMap((d) => d.networks),
    histories: done.flatMap((d) => d.histories.map((h) => h)),
    checkpoints: done.flatMap((d) => d.checkpoints),
    epochs: Math.max(...done.map((d) => d.epochs)),
    updates,
    kernel: [...new Set(done.map((d) => d.kernel))].join(" + "),
    // Summed over array tasks: compute time, not the wall time of the array.
    timings: { totalMs: sum("totalMs"), kernelMs: sum("kernelMs"), scoringMs: sum("scoringMs"), validationMs: sum("validationMs"), optimizerMs: sum("optimizerMs"), dataMs: sum("dataMs"), ioMs: sum("ioMs"), msPerUpdate: NaN },
  };
}

/**
 * Bench row "RSG vanilla population, paper rules": the cost of growing a Turner population, which
 * is what paper mode spends its hour on. One trainPopulation call of `networks` vanilla networks on
 * the paper's RSG task (t_s 20–50, 150 steps) under TURNER_RULES, each trained to its own stop
 * (behavioural stop, failure rule or the 3000-epoch cap). Reported: kept networks per hour (an attempt
 * that ends without every validation trial right is what the retrain loop pays again), attempts per
 * kept network, epochs per attempt, ms per network-update, and the seconds per kept network by phase.
 */
import { getTask } from "../src/tasks";
import { trainPopulation } from "../src/train";
import { TURNER_RULES, trainOptionsOf } from "../src/experiments/turnerRules";

export interface PopulationRow {
  readonly name: string;
  readonly hiddenSize: number;
  readonly networks: number;
  readonly kept: number;
  readonly networksPerHour: number;
  readonly attemptsPerKept: number;
  readonly epochsPerAttempt: number;
  readonly msPerNetworkUpdate: number;
  /** Seconds per kept network, by phase. */
  readonly perKeptS: Readonly<Record<"updates" | "scoring" | "validation" | "optimizer" | "data" | "io" | "other", number>>;
  readonly totalS: number;
}

export async function benchPopulation(hiddenSize: number, networks: number): Promise<PopulationRow> {
  const task = getTask("rsg");
  const res = await trainPopulation({
    ...trainOptionsOf(TURNER_RULES, "vanilla"),
    task,
    spec: { arch: "vanilla", hiddenSize, inputSize: task.inputSize, outputSize: task.outputSize },
    networks,
    seed: 2021,
    reporter: "none",
  });
  const t = res.timings;
  // kept = what the keep rule of the population keeps: every validation trial right at the end
  const kept = res.networks.filter((n) => n.stopReason === "target-accuracy").length;
  const per = (ms: number): number => ms / 1000 / Math.max(kept, 1);
  const updates = res.networks.reduce((s, n) => s + n.updates, 0);
  const other = t.totalMs - t.kernelMs - t.scoringMs - t.validationMs - t.optimizerMs - t.dataMs - t.ioMs;
  return {
    name: `RSG vanilla population, paper rules (N=${hiddenSize}, ${networks} networks)`,
    hiddenSize,
    networks,
    kept,
    networksPerHour: kept / (t.totalMs / 3.6e6),
    attemptsPerKept: networks / Math.max(kept, 1),
    epochsPerAttempt: res.networks.reduce((s, n) => s + n.epochs, 0) / networks,
    msPerNetworkUpdate: t.totalMs / updates,
    perKeptS: { updates: per(t.kernelMs), scoring: per(t.scoringMs), validation: per(t.validationMs), optimizer: per(t.optimizerMs), data: per(t.dataMs), io: per(t.ioMs), other: per(other) },
    totalS: t.totalMs / 1000,
  };
}

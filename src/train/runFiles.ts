/**
 * A finished training run as files: the population (manifest.json + params.npz, with the training
 * summary in the manifest) and training.json (summary plus loss histories). The CLI's `train`, the
 * Slurm gather step and anyone saving a TrainResult write this one layout.
 */
import * as path from "node:path";
import { savePopulation, writeFileAtomic } from "../io";
import type { TrainResult } from "./types";

/** JSON cannot hold NaN/Infinity: they are written as strings. */
export function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

export function trainSummary(res: TrainResult, out: string): Record<string, unknown> {
  return {
    out,
    task: res.task,
    spec: res.spec,
    networks: res.networks,
    epochs: res.epochs,
    updates: res.updates,
    kernel: res.kernel,
    ...(res.resumedFromEpoch !== undefined ? { resumedFromEpoch: res.resumedFromEpoch } : {}),
    timings: res.timings,
    checkpoints: res.checkpoints.map((c) => ({ network: c.network, epoch: c.epoch, loss: c.loss, path: c.path })),
  };
}

/** Writes the run into `out` (each file atomically; the weights before the manifest that names them). */
export function saveTrainResult(out: string, res: TrainResult, extras: Readonly<Record<string, unknown>> = {}): void {
  const summary = trainSummary(res, out);
  savePopulation(out, res.population, { task: res.task, training: summary, ...extras });
  writeFileAtomic(path.join(out, "training.json"), JSON.stringify({ ...summary, ...extras, histories: res.histories }, jsonSafe) + "\n");
}

/**
 * The g-sweep of Schuessler et al. 2020 (Fig. B) for nonlinear leaky networks: for each gain g of
 * W0 = g·J and each seed, train W_in, W and W_out with Adam (lr 0.05/N, batch 32 fresh trials per
 * update, biases fixed at 0), then measure every network with gSweepRow (src/analysis/lowRank/gSweep).
 * All networks of one task train together as one population (src/train), so the fused kernel runs
 * them in parallel.
 */
import { deriveSeed } from "../core/random";
import type { Model, ModelSpec } from "../core/types";
import { initModel } from "../models/init";
import { stackModels, unstackModel } from "../models/population";
import { trainPopulation, resolveTask } from "../train/trainPopulation";
import type { ProgressInfo, TrainTask } from "../train/types";
import type { RnnKernel } from "../kernels/types";
import { G_SWEEP_KIND, gSweepRow, type GSweepCell, type GSweepResult, type GSweepRow } from "../analysis/lowRank/gSweep";

export interface GSweepOptions {
  /** Task name (e.g. "flipflop2", "mante", "romo") or a task object. */
  readonly task: string | TrainTask;
  /** Gains of W0. */
  readonly gs: ReadonlyArray<number>;
  /** Networks per g (independent W0, W_in, W_out). */
  readonly seeds: number;
  /** N (paper 256). */
  readonly hiddenSize: number;
  /** Adam updates (paper 1,000 / 2,000 / 6,000 for flip-flop / Mante / Romo). */
  readonly updates: number;
  /** Base seed. */
  readonly seed: number;
  /** Adam learning rate (default 0.05/N, the paper's). */
  readonly lr?: number;
  /** Trials per update (default 32). */
  readonly batch?: number;
  /** Fresh trials for the truncation and shuffle losses (paper 512; default 128). */
  readonly evalTrials?: number;
  /** Largest truncation rank (paper 25; default 12). */
  readonly maxRank?: number;
  /** Convergence / functional-rank threshold (default 0.05). */
  readonly relThreshold?: number;
  /** Train W only (false: also W_in and W_out, the paper's main setting; default true = all three). */
  readonly trainInputOutput?: boolean;
  readonly kernel?: RnnKernel;
  readonly onProgress?: (info: ProgressInfo) => void;
  /** Keep the trained and initial populations in the result (default true; needed for spectra). */
  readonly keepNetworks?: boolean;
}

/** Trains the sweep and analyses every network. */
export async function lowRankGSweep(opts: GSweepOptions): Promise<GSweepResult> {
  const task: TrainTask = resolveTask(opts.task);
  const N = opts.hiddenSize;
  if (!Number.isInteger(N) || N < 2) throw new Error(`lowRankGSweep: hiddenSize must be an integer ≥ 2, got ${N}.`);
  if (opts.gs.length === 0 || !(opts.seeds >= 1)) throw new Error("lowRankGSweep: give at least one g and seeds ≥ 1.");
  const rel = opts.relThreshold ?? 0.05;
  const lr = opts.lr ?? 0.05 / N;
  const spec: ModelSpec = { arch: "leaky", inputSize: task.inputSize, hiddenSize: N, outputSize: task.outputSize, nonlinearity: "tanh", dt: 0.5 };
  const cells: GSweepCell[] = [];
  for (const g of opts.gs) for (let s = 0; s < opts.seeds; s++) cells.push({ g, sample: s, initSeed: deriveSeed(opts.seed, "lowRank", task.name, g, s) });
  // W0 is drawn independently for every g and sample (the paper's same_connectivity = False).
  const models: Model[] = cells.map((c) => initModel(spec, { seed: c.initSeed, scheme: "gaussian", g: c.g }));
  const initialPop = stackModels(models, cells.map((c) => ({ g: c.g, sample: c.sample, initSeed: c.initSeed })));
  const trainIO = opts.trainInputOutput ?? true;
  const t0 = performance.now();
  const result = await trainPopulation({
    task,
    spec,
    networks: cells.length,
    seed: deriveSeed(opts.seed, "lowRank-data", task.name),
    initial: initialPop,
    data: { mode: "fresh", batch: opts.batch ?? 32 },
    lr,
    trainable: { bias_hh_l0: false, "readout.bias": false, ...(trainIO ? {} : { weight_ih_l0: false, "readout.weight": false }) },
    stop: { maxUpdates: opts.updates },
    restoreBest: false,
    ...(opts.kernel ? { kernel: opts.kernel } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const trainMs = performance.now() - t0;
  const evalTrials = task.trials({ batch: opts.evalTrials ?? 128, seed: deriveSeed(opts.seed, "lowRank-eval", task.name) });
  const rows: GSweepRow[] = cells.map((c, i) =>
    gSweepRow(c, unstackModel(result.initial, i), unstackModel(result.population, i), result.histories[i]!, evalTrials, {
      relThreshold: rel,
      maxRank: opts.maxRank ?? 12,
      label: `${task.name} g=${c.g} #${c.sample}`,
      ...(opts.kernel ? { kernel: opts.kernel } : {}),
    }),
  );
  const keep = opts.keepNetworks ?? true;
  return {
    kind: G_SWEEP_KIND,
    task: task.name,
    hiddenSize: N,
    updates: opts.updates,
    lr,
    gs: [...opts.gs],
    rows,
    ...(keep ? { initial: result.initial, trained: result.population } : {}),
    trainMs,
  };
}

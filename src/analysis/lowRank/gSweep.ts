/**
 * The g-sweep of Schuessler et al. 2020 (Fig. B) for nonlinear leaky networks: for each gain g of
 * W0 = g·J and each seed, train W_in, W and W_out with Adam (lr 0.05/N, batch 32 fresh trials per
 * update, biases fixed at 0), then measure
 *   - convergence time: first update whose mini-batch loss < relThreshold × the initial loss,
 *   - ‖ΔW‖_F and the singular values of ΔW,
 *   - mean gradient norm (of all trained arrays) over the updates before convergence,
 *   - the loss after truncating ΔW to rank r (functional rank) and after shuffling W0,
 * on a fixed set of fresh evaluation trials. All networks of one task train together as one
 * population (src/train), so the fused kernel runs them in parallel.
 */
import { deriveSeed } from "../../core/random";
import type { Model, ModelSpec, Population } from "../../core/types";
import { initModel } from "../../models/init";
import { stackModels, unstackModel } from "../../models/population";
import { getTask } from "../../tasks";
import { trainPopulation } from "../../train/trainPopulation";
import type { ProgressInfo, TrainTask } from "../../train/types";
import type { RnnKernel } from "../../kernels/types";
import { modelConnectivityChange, type ConnectivityChange } from "./connectivityChange";
import { kernelLossEvaluator } from "./lossEvaluator";
import { shuffleLoss } from "./shuffle";
import { truncationLoss, type TruncationLoss } from "./truncation";

export const G_SWEEP_KIND = "rnn-atlas.lowRank.gSweep";

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

export interface GSweepRow {
  readonly g: number;
  /** Index of the sample among the seeds of this g. */
  readonly sample: number;
  readonly initSeed: number;
  /** Mini-batch loss at the first update (L0). */
  readonly initialLoss: number;
  readonly finalLoss: number;
  /** First update with loss < relThreshold·L0 (null: not within the budget). */
  readonly convergenceUpdate: number | null;
  readonly deltaNorm: number;
  readonly w0Norm: number;
  readonly meanGradNorm: number;
  /** Top singular values of ΔW (up to maxRank). */
  readonly sDelta: number[];
  readonly truncation: TruncationLoss;
  /** Loss of shuffle(W0) + ΔW on the evaluation trials, and relative to L0. */
  readonly shuffleLoss: number;
  readonly shuffleLossRel: number;
  /** Mini-batch loss per update. */
  readonly lossHistory: number[];
}

export interface GSweepResult {
  readonly kind: typeof G_SWEEP_KIND;
  readonly task: string;
  readonly hiddenSize: number;
  readonly updates: number;
  readonly lr: number;
  readonly gs: number[];
  readonly rows: GSweepRow[];
  /** Index i of rows ↔ network i of these populations (when keepNetworks). */
  readonly initial?: Population;
  readonly trained?: Population;
  readonly trainMs: number;
}

/** Trains the sweep and analyses every network. */
export async function lowRankGSweep(opts: GSweepOptions): Promise<GSweepResult> {
  const task: TrainTask = typeof opts.task === "string" ? (getTask(opts.task) as unknown as TrainTask) : opts.task;
  const N = opts.hiddenSize;
  if (!Number.isInteger(N) || N < 2) throw new Error(`lowRankGSweep: hiddenSize must be an integer ≥ 2, got ${N}.`);
  if (opts.gs.length === 0 || !(opts.seeds >= 1)) throw new Error("lowRankGSweep: give at least one g and seeds ≥ 1.");
  const rel = opts.relThreshold ?? 0.05;
  const lr = opts.lr ?? 0.05 / N;
  const spec: ModelSpec = { arch: "leaky", inputSize: task.inputSize, hiddenSize: N, outputSize: task.outputSize, nonlinearity: "tanh", dt: 0.5 };
  const cells: { g: number; sample: number; initSeed: number }[] = [];
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
  const rows: GSweepRow[] = cells.map((c, i) => {
    const initial = unstackModel(result.initial, i);
    const trained = unstackModel(result.population, i);
    const hist = result.histories[i]!;
    const L0 = hist.loss[0]!;
    let conv: number | null = null;
    for (let e = 0; e < hist.loss.length; e++) {
      if (hist.loss[e]! < rel * L0) {
        conv = e;
        break;
      }
    }
    const upto = conv ?? hist.gradNorm.length;
    const gn = hist.gradNorm.slice(0, Math.max(upto, 1));
    const change: ConnectivityChange = modelConnectivityChange(initial, trained, { label: `${task.name} g=${c.g} #${c.sample}` });
    const lossFn = kernelLossEvaluator(trained, evalTrials, opts.kernel ? { kernel: opts.kernel } : {});
    const trunc = truncationLoss(change, lossFn, { maxRank: opts.maxRank ?? 12, relThreshold: rel, initialLoss: L0 });
    const sh = shuffleLoss(change, lossFn, { seeds: [deriveSeed(c.initSeed, "shuffle")] });
    return {
      g: c.g,
      sample: c.sample,
      initSeed: c.initSeed,
      initialLoss: L0,
      finalLoss: hist.loss[hist.loss.length - 1]!,
      convergenceUpdate: conv,
      deltaNorm: change.norms.delta,
      w0Norm: change.norms.w0,
      meanGradNorm: gn.reduce((s, x) => s + x, 0) / gn.length,
      sDelta: Array.from(change.sDelta.slice(0, opts.maxRank ?? 12)),
      truncation: trunc,
      shuffleLoss: sh.mean,
      shuffleLossRel: sh.mean / L0,
      lossHistory: [...hist.loss],
    };
  });
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

/** Per-g summary of a sweep: means ± std over samples (convergence over converged samples only). */
export interface GSweepSummaryRow {
  readonly g: number;
  readonly samples: number;
  readonly converged: number;
  readonly convergenceMean: number;
  readonly convergenceStd: number;
  readonly deltaNormMean: number;
  readonly deltaNormStd: number;
  readonly shuffleRelMean: number;
  readonly gradNormMean: number;
  /** Functional ranks of the samples where it is defined. */
  readonly functionalRanks: number[];
}

function ms(xs: number[]): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(xs.length - 1, 1))];
}

export function summariseGSweep(sweep: GSweepResult): GSweepSummaryRow[] {
  return sweep.gs.map((g) => {
    const rows = sweep.rows.filter((r) => r.g === g);
    const conv = rows.map((r) => r.convergenceUpdate).filter((x): x is number => x !== null);
    const [cm, cs] = ms(conv);
    const [dm, ds] = ms(rows.map((r) => r.deltaNorm));
    return {
      g,
      samples: rows.length,
      converged: conv.length,
      convergenceMean: cm,
      convergenceStd: cs,
      deltaNormMean: dm,
      deltaNormStd: ds,
      shuffleRelMean: ms(rows.map((r) => r.shuffleLossRel))[0],
      gradNormMean: ms(rows.map((r) => r.meanGradNorm))[0],
      functionalRanks: rows.map((r) => r.truncation.functionalRank.rank).filter((x): x is number => x !== null),
    };
  });
}

/** The trained and initial model of row i (needs keepNetworks). */
export function gSweepNetwork(sweep: GSweepResult, i: number): { initial: Model; trained: Model } {
  if (!sweep.initial || !sweep.trained) throw new Error("gSweepNetwork: the sweep was run with keepNetworks: false; rerun with keepNetworks: true.");
  return { initial: unstackModel(sweep.initial, i), trained: unstackModel(sweep.trained, i) };
}

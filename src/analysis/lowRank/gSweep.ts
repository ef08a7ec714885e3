/**
 * Analyses of the g-sweep of Schuessler et al. 2020 (Fig. B) for nonlinear leaky networks (the
 * training run is src/experiments/lowRankGSweep): per trained network
 *   - convergence time: first update whose mini-batch loss < relThreshold × the initial loss,
 *   - ‖ΔW‖_F and the singular values of ΔW,
 *   - mean gradient norm (of all trained arrays) over the updates before convergence,
 *   - the loss after truncating ΔW to rank r (functional rank) and after shuffling W0,
 * on a fixed set of fresh evaluation trials; and the per-g summary of a sweep.
 */
import { deriveSeed } from "../../core/random";
import type { Model, Population, Trials } from "../../core/types";
import { unstackModel } from "../../models/population";
import type { NetworkHistory } from "../../train/types";
import type { RnnKernel } from "../../kernels/types";
import { modelConnectivityChange, type ConnectivityChange } from "./connectivityChange";
import { kernelLossEvaluator } from "./lossEvaluator";
import { shuffleLoss } from "./shuffle";
import { truncationLoss, type TruncationLoss } from "./truncation";

export const G_SWEEP_KIND = "rnn-atlas.lowRank.gSweep";

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

/** One network of a sweep: its gain, its sample index among the seeds of that gain, its init seed. */
export interface GSweepCell {
  readonly g: number;
  readonly sample: number;
  readonly initSeed: number;
}

export interface GSweepRowOptions {
  /** Convergence / functional-rank threshold. */
  readonly relThreshold: number;
  /** Largest truncation rank. */
  readonly maxRank: number;
  /** Label of the connectivity change (e.g. "flipflop2 g=0.5 #0"). */
  readonly label: string;
  readonly kernel?: RnnKernel;
}

/**
 * The measurements of one trained network of the sweep: convergence from its per-update loss
 * history, ΔW and its singular values, and the truncation and shuffle losses on `evalTrials`.
 */
export function gSweepRow(
  cell: GSweepCell,
  initial: Model,
  trained: Model,
  hist: Pick<NetworkHistory, "loss" | "gradNorm">,
  evalTrials: Trials,
  o: GSweepRowOptions,
): GSweepRow {
  const rel = o.relThreshold;
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
  const change: ConnectivityChange = modelConnectivityChange(initial, trained, { label: o.label });
  const lossFn = kernelLossEvaluator(trained, evalTrials, o.kernel ? { kernel: o.kernel } : {});
  const trunc = truncationLoss(change, lossFn, { maxRank: o.maxRank, relThreshold: rel, initialLoss: L0 });
  const sh = shuffleLoss(change, lossFn, { seeds: [deriveSeed(cell.initSeed, "shuffle")] });
  return {
    g: cell.g,
    sample: cell.sample,
    initSeed: cell.initSeed,
    initialLoss: L0,
    finalLoss: hist.loss[hist.loss.length - 1]!,
    convergenceUpdate: conv,
    deltaNorm: change.norms.delta,
    w0Norm: change.norms.w0,
    meanGradNorm: gn.reduce((s, x) => s + x, 0) / gn.length,
    sDelta: Array.from(change.sDelta.slice(0, o.maxRank)),
    truncation: trunc,
    shuffleLoss: sh.mean,
    shuffleLossRel: sh.mean / L0,
    lossHistory: [...hist.loss],
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

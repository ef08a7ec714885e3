/**
 * Rank truncation of the connectivity change (Schuessler et al. 2020, claim 2): replace W by
 * W0 + ΔW_r, where ΔW_r keeps the top r singular components of ΔW, and measure the loss. r = 0 is
 * W0 alone. The functional rank is the smallest r whose loss drops below 5 % of the r = 0 loss.
 */
import { rankR, addScaled } from "./matrices";
import type { DenseMatrix } from "../linalg/matrix";
import type { ConnectivityChange } from "./connectivityChange";

export const TRUNCATION_LOSS_KIND = "rnn-atlas.lowRank.truncationLoss";

/**
 * Loss of the network with these recurrent matrices (everything else as trained), one value per
 * matrix. Batched so a fused kernel can evaluate all variants in one call (see kernelLossEvaluator).
 */
export type RecurrentLossFn = (ws: ReadonlyArray<DenseMatrix>) => ArrayLike<number>;

export interface FunctionalRankOptions {
  /** Threshold relative to the r = 0 loss (paper: 0.05). */
  readonly relThreshold?: number;
  /**
   * Loss of the untrained network (L0). When the r = 0 loss is already below relThreshold·L0, W did
   * not need to change (the readout/input weights solved the task): the rank is masked (null).
   */
  readonly initialLoss?: number;
}

export interface FunctionalRank {
  /** Smallest r with loss[r] < relThreshold·loss[0]; null when masked or never reached. */
  readonly rank: number | null;
  readonly threshold: number;
  /** Why rank is null: "nothing-learned-in-W" | "not-reached"; null when a rank was found. */
  readonly masked: "nothing-learned-in-W" | "not-reached" | null;
}

/** Functional rank from losses indexed by rank r = 0, 1, 2, ... */
export function functionalRank(lossByRank: ArrayLike<number>, opts: FunctionalRankOptions = {}): FunctionalRank {
  const rel = opts.relThreshold ?? 0.05;
  if (!(rel > 0 && rel < 1)) throw new Error(`functionalRank: relThreshold must be in (0, 1), got ${rel}.`);
  if (lossByRank.length === 0) throw new Error("functionalRank: need the losses for r = 0, 1, ... (got none).");
  const l0 = lossByRank[0]!;
  const threshold = rel * l0;
  if (opts.initialLoss !== undefined && l0 < rel * opts.initialLoss) return { rank: null, threshold, masked: "nothing-learned-in-W" };
  for (let r = 0; r < lossByRank.length; r++) if (lossByRank[r]! < threshold) return { rank: r, threshold, masked: null };
  return { rank: null, threshold, masked: "not-reached" };
}

export interface TruncationLoss {
  readonly kind: typeof TRUNCATION_LOSS_KIND;
  readonly label?: string;
  /** Ranks evaluated, 0..maxRank. */
  readonly ranks: number[];
  /** Loss of W0 + ΔW_r per rank. */
  readonly loss: number[];
  /** Loss of the full trained W. */
  readonly lossFull: number;
  /** Initial loss L0 (untrained network), when known. */
  readonly initialLoss?: number;
  readonly functionalRank: FunctionalRank;
}

export interface TruncationOptions extends FunctionalRankOptions {
  /** Largest rank r (default 12; the paper uses 25). */
  readonly maxRank?: number;
  readonly label?: string;
}

/** W0 + ΔW_r for r = 0..maxRank (ΔW_r from the SVD stored in the change). */
export function truncatedMatrices(change: ConnectivityChange, maxRank: number): DenseMatrix[] {
  if (!Number.isInteger(maxRank) || maxRank < 0) throw new Error(`maxRank must be a non-negative integer, got ${maxRank}.`);
  return Array.from({ length: maxRank + 1 }, (_, r) => addScaled(change.w0, rankR(change.deltaSvd, r)));
}

/** Loss after truncating ΔW to rank r = 0..maxRank, and the functional rank. */
export function truncationLoss(change: ConnectivityChange, loss: RecurrentLossFn, opts: TruncationOptions = {}): TruncationLoss {
  const maxRank = Math.min(opts.maxRank ?? 12, change.n);
  const ws = truncatedMatrices(change, maxRank);
  const values = Array.from(loss([...ws, change.w]));
  if (values.length !== ws.length + 1) {
    throw new Error(`truncationLoss: the loss callback returned ${values.length} values for ${ws.length + 1} matrices; return one per matrix.`);
  }
  const lossR = values.slice(0, ws.length);
  const label = opts.label ?? change.label;
  return {
    kind: TRUNCATION_LOSS_KIND,
    ...(label !== undefined ? { label } : {}),
    ranks: ws.map((_, r) => r),
    loss: lossR,
    lossFull: values[ws.length]!,
    ...(opts.initialLoss !== undefined ? { initialLoss: opts.initialLoss } : {}),
    functionalRank: functionalRank(lossR, opts),
  };
}

/**
 * Records of a Turner-style solution population (Turner, Dabholkar & Barak 2021 §4): many small
 * networks of one task and architecture, several sizes, trained with the paper's rules, bad ones
 * discarded and retrained from new seeds. Everything is plain data except the Model weights.
 */
import type { Model } from "../../core/types";
import type { InitScheme } from "../../models";
import type { Executor } from "../../cluster/executor";
import type { RnnKernel } from "../../kernels/types";
import type { NetworkHistory, NetworkRecord, ProgressReporter } from "../../train/types";
import type { ReducedGraph } from "../graph/reducedGraph";
import type { BuildGraphOptions } from "../graph/probes";

/** The three tasks of the paper (their reduced-graph probes exist). */
export type SolutionTask = "rsg" | "interval-discrimination" | "delayed-discrimination";
export type SolutionArch = "vanilla" | "gru" | "lstm";

/**
 * Training rules (§4, with the documented equivalent of §9). Defaults: TURNER_RULES.
 * A network is discarded when its best loss is > discardAbove, its validation accuracy (of the
 * returned best weights) is < minAccuracy, it hit the failure rule, or it went non-finite.
 */
export interface TrainingRules {
  /** Adam learning rate (paper 1e-3). */
  readonly lr: number;
  /** Mini-batch size (paper 32). */
  readonly batch: number;
  /** Fixed training-set size, redrawn per network (RSG 128). Omit to use the task's full grid (discrimination tasks). */
  readonly trainSize?: number;
  /** Global gradient-norm clipping per network (§9: 0.1); null = none. */
  readonly clipNorm: number | null;
  /** Blow-up rule: epoch loss > factor × best → restore best weights, lr × lrFactor (§9: 3, 0.7); null = off. */
  readonly blowupFactor: number | null;
  readonly lrFactor: number;
  /** Epoch budget per network. */
  readonly maxEpochs: number;
  /** Success by loss (paper 2e-5). */
  readonly targetLoss?: number;
  /**
   * Behavioural success: validation accuracy ≥ this (RSG: every t_s reproduced within ±1 step). When
   * set, a network keeps its weights at the stop (those that passed validation) instead of the
   * lowest-loss ones.
   */
  readonly targetAccuracy?: number;
  /** Validate every k epochs (needed by targetAccuracy). */
  readonly validateEvery: number;
  /** Failure rule (paper: after epoch 2000, best loss still > 2e-2). */
  readonly fail?: { readonly afterEpoch: number; readonly lossAbove: number };
  /** Stop after this many epochs without improvement (paper 2000). */
  readonly patience?: number;
  /** Improvement threshold of the best loss (paper 1e-5). */
  readonly minDelta: number;
  /** Discard when best loss > this (paper 2e-4). */
  readonly discardAbove?: number;
  /** Discard when the final weights' validation accuracy is < this. */
  readonly minAccuracy?: number;
  /**
   * Weight initialisation. "paper" (default): what the authors' stored initial weights show (§4) —
   * PyTorch's default U(±1/√N) for vanilla, that divided by √N, U(±1/N) ("turner"), for GRU/LSTM.
   */
  readonly init: InitScheme | "paper";
  /** Gain g of the "gaussian" scheme (recurrent weights N(0, g²/N)). */
  readonly initGain?: number;
}

export interface SolutionPopulationOptions {
  readonly task: SolutionTask;
  /** Task options (e.g. the shortened RSG of §9: RSG_SHORT). Stored with the population. */
  readonly taskOptions?: Readonly<Record<string, number>>;
  readonly arch: SolutionArch;
  /** Hidden sizes (paper 20, 30, 40, 50). */
  readonly sizes: ReadonlyArray<number>;
  /** Kept networks requested per size (paper 100). */
  readonly networksPerSize: number;
  /** Base seed: every init, data set and retrain seed derives from it. */
  readonly seed: number;
  readonly rules?: Partial<TrainingRules>;
  /** Retrain rounds after the first (each retrains the discarded slots from new seeds). Default 4. */
  readonly maxRetrainRounds?: number;
  /** Keep a checkpoint every k improvements of the best loss (paper 10; 0 = none). Default 0. */
  readonly checkpointEvery?: number;
  /** Cache directory: a rerun with the same options loads or resumes instead of retraining. */
  readonly outDir?: string;
  /**
   * What to do when outDir holds a population (or a partial run) trained with other options:
   * "error" (default) stops with a message; "retrain" deletes that run's files and trains anew
   * (the presets use it, since their cache folders belong to rnn-atlas).
   */
  readonly onMismatch?: "error" | "retrain";
  /** Name used in ids and displays (default `${task}-${arch}`). */
  readonly name?: string;
  readonly reporter?: "notebook" | "terminal" | "none" | ProgressReporter;
  /** Called after each training round. */
  readonly onRound?: (r: RoundSummary) => void;
  readonly kernel?: RnnKernel;
  /**
   * Where each training round runs: here (default) or as a Slurm job array per round (`slurm({...})`,
   * outDir on storage every node sees). Not part of the fingerprint: the networks are byte-identical.
   */
  readonly executor?: Executor;
}

/** One saved weight state along a network's training (every k-th improvement of its best loss). */
export interface SolutionCheckpoint {
  readonly epoch: number;
  readonly loss: number;
  readonly model: Model;
}

export interface SolutionNetwork {
  /** `${arch}-n${size}-i${instance}` (instance 0-based, stable across retrains). */
  readonly id: string;
  /** Position in SolutionPopulation.networks. */
  readonly index: number;
  readonly size: number;
  readonly instance: number;
  /** The training round that produced it (0 = first try) and its seeds. */
  readonly round: number;
  readonly initSeed: number;
  readonly dataSeed: number;
  /** Discarded attempts for this slot before this network (= round). */
  readonly retrains: number;
  /** Final (best) weights and the weights it started from. */
  readonly model: Model;
  readonly initial: Model;
  /** trainPopulation's record (stop reason, epochs, best loss, restores, ...). */
  readonly record: NetworkRecord;
  readonly history: NetworkHistory;
  /** Validation accuracy of the final weights (task.score). */
  readonly accuracy: number;
  readonly checkpoints: ReadonlyArray<SolutionCheckpoint>;
}

export interface DiscardedAttempt {
  readonly size: number;
  readonly instance: number;
  readonly round: number;
  readonly initSeed: number;
  readonly dataSeed: number;
  readonly bestLoss: number;
  readonly accuracy: number;
  readonly epochs: number;
  readonly stopReason: string;
  /** Which discard rule fired. */
  readonly reason: string;
}

export interface RoundSummary {
  readonly size: number;
  readonly round: number;
  readonly trained: number;
  readonly kept: number;
  readonly discarded: number;
  /** Network-epochs trained in the round (Σ epochs over its networks). */
  readonly netEpochs: number;
  readonly ms: number;
  /** true when this round's numbers came from the cache (outDir) instead of training. */
  readonly cached: boolean;
}

export interface SolutionPopulation {
  readonly kind: "solution-population";
  readonly name: string;
  readonly task: SolutionTask;
  readonly taskOptions: Readonly<Record<string, number>>;
  readonly arch: SolutionArch;
  readonly sizes: ReadonlyArray<number>;
  readonly networksPerSize: number;
  readonly seed: number;
  readonly rules: TrainingRules;
  readonly maxRetrainRounds: number;
  readonly checkpointEvery: number;
  /** Kept networks, by size then instance. */
  readonly networks: ReadonlyArray<SolutionNetwork>;
  readonly discarded: ReadonlyArray<DiscardedAttempt>;
  readonly rounds: ReadonlyArray<RoundSummary>;
  /** Every requested slot got a kept network. */
  readonly complete: boolean;
  /** Slots still empty after the last allowed round. */
  readonly missing: ReadonlyArray<{ readonly size: number; readonly instance: number }>;
  readonly timings: {
    /** Time of this call (training, loading). */
    readonly totalMs: number;
    /** Training time summed over rounds (from the cache when loaded). */
    readonly trainMs: number;
    readonly netEpochs: number;
    /** trainMs / netEpochs: cost of one network-epoch, for run-time estimates. */
    readonly msPerNetEpoch: number;
  };
  /** "trained" (this call trained everything), "resumed" (some rounds from cache), "loaded" (all from cache). */
  readonly source: "trained" | "resumed" | "loaded";
  readonly outDir?: string;
}

export interface SolutionTypesOptions {
  /**
   * Grouping rule. "turner" (default): the authors' isomorphism test (structure, edge-type sets,
   * node-0 self-loop and out-edge types, §5.3 H). "labelled": isomorphism with output labels and
   * edge types (ReducedGraph.typeKey).
   */
  readonly rule?: "turner" | "labelled";
  /** Types with at least this many networks are "main types" (paper 10). */
  readonly minTypeSize?: number;
  /** Graph-tool options; default: probes matched to the population's task options. */
  readonly graph?: BuildGraphOptions;
  readonly reporter?: "notebook" | "terminal" | "none";
}

export interface SolutionType {
  /** "T1", "T2", ... by decreasing size (ties by key). */
  readonly label: string;
  /** Canonical key of the first member's graph (ReducedGraph.typeKey). */
  readonly key: string;
  readonly size: number;
  readonly main: boolean;
  /** Network ids in this type. */
  readonly members: ReadonlyArray<string>;
  /** The graph of the first member. */
  readonly example: ReducedGraph;
}

export interface SolutionTypes {
  readonly kind: "solution-types";
  readonly name: string;
  readonly task: SolutionTask;
  readonly rule: "turner" | "labelled";
  readonly minTypeSize: number;
  /** Per network (population order): its graph (null if the tool failed) and type label. */
  readonly graphs: ReadonlyArray<ReducedGraph | null>;
  readonly typeOf: ReadonlyArray<string>;
  readonly ids: ReadonlyArray<string>;
  readonly types: ReadonlyArray<SolutionType>;
  /** Number of networks per type label (for typeHistogram). */
  readonly counts: Readonly<Record<string, number>>;
  /** Share of networks inside main types (0..1). */
  readonly coverage: number;
  readonly mainTypes: number;
  readonly failures: ReadonlyArray<{ readonly id: string; readonly error: string }>;
  readonly ms: number;
}

/**
 * Options and result records of population training. Everything in a result is plain data
 * (numbers, strings, arrays, typed arrays), so it can be saved as JSON/npz or sent to a worker.
 */
import type { ModelSpec, Population, Trials } from "../core/types";
import type { RnnKernel } from "../kernels/types";
import type { Executor } from "../cluster/executor";
import type { InitOptions, TrainableMask } from "../models";

/**
 * The part of a task that training needs (structurally the `Task` of src/tasks), so a test or a
 * notebook can also pass a hand-made task.
 */
export interface TrainTask {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly lossScale?: number;
  trials(opts: { batch: number; seed: number; extrapolate?: boolean }): Trials;
  validation?(): Trials;
  /** The paper's fixed training set (used by data.mode "fixed" when data.trainSize is not given). */
  trainingSet?(): Trials;
  score?(trials: Trials, outputs: ArrayLike<number>): { accuracy: number; [k: string]: number };
}

export interface DataOptions {
  /**
   * "fresh": a new random batch for every update (Schuessler et al., flip-flop).
   * "fixed": one training set of `trainSize` trials per data seed, shuffled into mini-batches each
   * epoch (Turner et al.: 128 RSG trials, batch 32, 4 updates per epoch).
   */
  readonly mode?: "fresh" | "fixed";
  /** Trials per update. Default 32. */
  readonly batch?: number;
  /**
   * "fixed" mode: trials sampled into each training set (default 128). When omitted and the task has
   * a paper-defined training set (task.trainingSet()), that set is used instead.
   */
  readonly trainSize?: number;
  /** "fresh" mode: updates per epoch (epoch = unit of loss history, stop rules, snapshots). Default 1. */
  readonly updatesPerEpoch?: number;
}

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
}

export interface BlowupOptions {
  /** A blow-up is an epoch loss > factor × best loss. Default 3. */
  readonly factor?: number;
  /** Learning-rate multiplier applied after restoring the best weights. Default 0.7. */
  readonly lrFactor?: number;
  /** Reset the Adam moments of a restored network (default true: stale moments point the wrong way). */
  readonly resetMoments?: boolean;
}

export interface StopOptions {
  /** Stop a network once its best epoch loss is below this. */
  readonly targetLoss?: number;
  /** Stop a network once its validation accuracy (task.score) is ≥ this (e.g. 1 = every trial). */
  readonly targetAccuracy?: number;
  /** Budget in epochs (all networks). */
  readonly maxEpochs?: number;
  /** Budget in updates (all networks). */
  readonly maxUpdates?: number;
  /** Stop a network after this many epochs without improvement of its best loss. */
  readonly patience?: number;
  /** An epoch loss counts as an improvement when best − loss > minDelta. Default 0. */
  readonly minDelta?: number;
  /** Failure rule: after `afterEpoch` epochs, stop a network whose best loss is still > `lossAbove` (Turner: 2000, 2e-2). */
  readonly fail?: { readonly afterEpoch: number; readonly lossAbove: number };
  /** Stop a network whose learning rate fell below this after blow-ups. */
  readonly minLr?: number;
  /** After training, mark networks whose best loss is > this as discarded (Turner: 2e-4). */
  readonly discardAbove?: number;
}

export interface ProgressInfo {
  readonly epoch: number;
  readonly update: number;
  /** Planned total epochs/updates when a budget is set. */
  readonly maxEpochs?: number;
  readonly maxUpdates?: number;
  readonly elapsedMs: number;
  /** Remaining time estimated from the budget (undefined without a budget). */
  readonly etaMs?: number;
  /** Last epoch loss per network (NaN before the first epoch or for failed networks). */
  readonly loss: ReadonlyArray<number>;
  readonly bestLoss: ReadonlyArray<number>;
  readonly lr: ReadonlyArray<number>;
  /** Validation accuracy per network when measured (else NaN). */
  readonly accuracy: ReadonlyArray<number>;
  readonly active: number;
  readonly networks: number;
  /** Stop reason per network (null while training). */
  readonly stopped: ReadonlyArray<StopReason | null>;
  /** true on the final call. */
  readonly done: boolean;
}

export interface ProgressReporter {
  update(info: ProgressInfo): void;
  finish?(info: ProgressInfo): void;
}

export interface TrainOptions {
  /** A task object or a registered name (see listTasks()). */
  readonly task: TrainTask | string;
  /** Model spec; inputSize/outputSize default to the task's. */
  readonly spec: Omit<ModelSpec, "inputSize" | "outputSize"> & Partial<Pick<ModelSpec, "inputSize" | "outputSize">>;
  /** Population size M. */
  readonly networks: number;
  /**
   * Train only these networks (global indices 0..networks-1, increasing) of the population: a shard.
   * Each keeps its own seeds, so the shard's networks are byte-identical to the same networks trained
   * in the whole population. Results list them in this order, with their global indices.
   */
  readonly members?: ReadonlyArray<number>;
  /** Base seed; per-network init and data seeds are derived from it. */
  readonly seed: number;
  /** All networks start from the same weights ("different data, same init"). */
  readonly sameInit?: boolean;
  /** All networks see the same trials ("same data, different init"). */
  readonly sameData?: boolean;
  /** Initialisation (src/models initModel options without the seed, which is derived per network). */
  readonly init?: Omit<InitOptions, "seed">;
  /** Start from these weights instead of a fresh init (size must equal `networks`). */
  readonly initial?: Population;
  readonly data?: DataOptions;
  /** Learning rate, scalar or one per network. Default 1e-3. */
  readonly lr?: number | ReadonlyArray<number>;
  readonly adam?: AdamOptions;
  /** Per-network global gradient-norm clipping (PyTorch clip_grad_norm_ semantics). */
  readonly clipNorm?: number;
  /** Per-parameter trainability (missing names are trained). */
  readonly trainable?: TrainableMask;
  /** Restore the best weights and lower the lr on a blow-up; false disables. Default off. */
  readonly blowup?: BlowupOptions | false;
  readonly stop?: StopOptions;
  /** Validate (task.validation(), task.score) every k epochs. Default: when targetAccuracy is set, 1; else never. */
  readonly validateEvery?: number;
  /** Return the best weights of every network (default true) instead of the last ones. */
  readonly restoreBest?: boolean;
  /** On NaN/Inf: "throw" (default) or "mark-failed" (stop that network, continue the others). */
  readonly onNonFinite?: "throw" | "mark-failed";
  /** Directory for snapshots and checkpoints (created). */
  readonly outDir?: string;
  /** Continue from the latest snapshot in outDir (bit-identical to an uninterrupted run). */
  readonly resume?: boolean;
  /**
   * outDir holds a run and resume is not set: move that run aside (to `<outDir>.replaced-<time>`) and
   * start again. Without it such a folder is refused, so a forgotten resume never destroys a run.
   */
  readonly overwrite?: boolean;
  /** Write a full state snapshot every k epochs (default 50 when outDir is set). */
  readonly snapshotEvery?: number;
  /** Save a network's weights at every k-th improvement of its best loss (training trajectories). */
  readonly checkpointEvery?: number;
  readonly kernel?: RnnKernel;
  /**
   * Where the networks train: here (default) or as a Slurm job array (`slurm({...})` from
   * src/cluster), with outDir on storage every node sees. The result is byte-identical either way.
   */
  readonly executor?: Executor;
  /** Called after every epoch. Throwing aborts training (the last snapshot stays valid). */
  readonly onProgress?: (info: ProgressInfo) => void;
  /** "terminal" (stderr; default when outDir/CLI), "notebook", "none" (default), or an object. */
  readonly reporter?: "terminal" | "notebook" | "none" | ProgressReporter;
  /** Title of the "terminal"/"notebook" progress panel (what is training), e.g. "flip-flop, 8 networks". */
  readonly progressLabel?: string;
  readonly signal?: AbortSignal;
}

export type StopReason =
  | "target-loss"
  | "target-accuracy"
  | "max-epochs"
  | "max-updates"
  | "patience"
  | "failed-loss"
  | "min-lr"
  | "non-finite";

export interface NetworkRecord {
  readonly index: number;
  readonly initSeed: number;
  readonly dataSeed: number;
  readonly stopReason: StopReason;
  /** Epochs this network trained. */
  readonly epochs: number;
  readonly updates: number;
  readonly bestLoss: number;
  readonly bestEpoch: number;
  readonly finalLoss: number;
  readonly lr: number;
  /** Blow-up restores. */
  readonly restores: number;
  readonly accuracy?: number;
  readonly discarded: boolean;
  /**
   * The loss blew up: the last epoch's loss is more than DIVERGED_RATIO × the best loss (or not finite).
   * The saved weights are then the best ones, from before the blow-up; the network counts as failed.
   */
  readonly diverged: boolean;
  /** Message when the network failed on NaN/Inf. */
  readonly error?: string;
}

export interface NetworkHistory {
  /** Mean mini-batch loss per epoch. */
  readonly loss: number[];
  /** Mean gradient norm (before clipping) per epoch. */
  readonly gradNorm: number[];
  readonly lr: number[];
  /** Validation measurements. */
  readonly validation: Array<{ epoch: number; loss: number; accuracy: number }>;
  /** Epochs at which the best weights were restored after a blow-up. */
  readonly restores: number[];
}

export interface CheckpointRecord {
  readonly network: number;
  readonly epoch: number;
  readonly loss: number;
  /** File written (when outDir is set). */
  readonly path?: string;
  /** Weights (when no outDir is set). */
  readonly params?: Record<string, Float32Array>;
}

export interface TrainResult {
  readonly task: string;
  readonly spec: ModelSpec;
  /** Final weights (each network's best when restoreBest, the default). */
  readonly population: Population;
  /** Weights before training (W0, for ΔW = W − W0 analyses). */
  readonly initial: Population;
  readonly networks: NetworkRecord[];
  readonly histories: NetworkHistory[];
  readonly checkpoints: CheckpointRecord[];
  readonly epochs: number;
  readonly updates: number;
  readonly kernel: string;
  readonly resumedFromEpoch?: number;
  readonly timings: {
    readonly totalMs: number;
    /** Fused loss-and-gradient calls of the updates. */
    readonly kernelMs: number;
    /** Forward passes scoring each epoch's start weights on the epoch's later batches (best-weights rule). */
    readonly scoringMs: number;
    /** Forward passes on the validation set (behavioural stop and keep rules). */
    readonly validationMs: number;
    readonly optimizerMs: number;
    readonly dataMs: number;
    readonly ioMs: number;
    readonly msPerUpdate: number;
  };
}

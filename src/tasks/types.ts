/**
 * What a task is: a seeded trial generator plus its behavioural score.
 *
 * Trials come out as the shared `Trials` contract (src/core/types.ts); this module only adds the
 * task-level interface on top of it.
 */
import type { Trials } from "../core/types";

/** Where a task comes from. */
export interface PaperRef {
  /** Short citation, e.g. "Turner, Dabholkar & Barak (NeurIPS 2021)". */
  readonly citation: string;
  readonly url: string;
  /** Section of the paper / of our notes that defines the task. */
  readonly section?: string;
}

/**
 * Options of `task.trials()`.
 * `extrapolate: true` gives the task's default out-of-training-range trials; an object (per-task
 * fields, see each task) chooses the range explicitly. Trial length grows as needed.
 */
export interface TrialsOptions<X = Readonly<Record<string, unknown>>> {
  /** Number of trials (positive integer). */
  readonly batch: number;
  /** Integer seed: the same seed gives identical arrays. */
  readonly seed: number;
  readonly extrapolate?: boolean | X;
}

/** Task-level behaviour; every value is a plain number (NaN when undefined). */
export interface TaskScore {
  /** Fraction of trials (or steps, see the task) whose behaviour is correct, in [0, 1]. */
  readonly accuracy: number;
  /** Masked mean squared error Σ mask·(y − t)² / Σ mask (no loss scale). */
  readonly mse: number;
  /** The training loss: lossScale · mse. */
  readonly loss: number;
  readonly [key: string]: number;
}

/** Per-trial behaviour (e.g. RSG: tp, error, correct). */
export type TrialOutcome = Readonly<Record<string, number | boolean>>;

export interface Task<X = Readonly<Record<string, unknown>>> {
  /** Canonical registry name ("rsg", "flipflop3", ...). */
  readonly name: string;
  /** One line. */
  readonly description: string;
  readonly paper: PaperRef;
  readonly inputSize: number;
  readonly outputSize: number;
  /** 1 = MSE mean; 0.5 = Schuessler et al.'s ½ masked mean. */
  readonly lossScale: number;
  /** Euler step of the continuous-time tasks (time units per step); undefined for discrete tasks. */
  readonly dt?: number;
  /** Resolved options (defaults merged with the caller's). */
  readonly options: Readonly<Record<string, unknown>>;
  /** A seeded batch from the training distribution (or, with `extrapolate`, from outside it). */
  trials(opts: TrialsOptions<X>): Trials;
  /** The fixed analysis set (the paper's where one exists). */
  validation(): Trials;
  /** The paper's fixed training set, for tasks that train on one (interval/delayed discrimination). */
  trainingSet?(): Trials;
  /** Per-trial behaviour of outputs [batch, time, outputSize] on these trials. */
  outcomes(trials: Trials, outputs: ArrayLike<number>): TrialOutcome[];
  /** Task-level behaviour summary; `accuracy` drives training stop rules. */
  score(trials: Trials, outputs: ArrayLike<number>): TaskScore;
}

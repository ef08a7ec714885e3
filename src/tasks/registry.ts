/**
 * Task registry: names (and aliases) → task constructors, with one-line descriptions.
 *
 *   const rsg = getTask("rsg");                       // typed RsgTask
 *   const ff = getTask("flipflop3", { bits: 4 });
 *   listTasks();  describeTasks();
 */
import { delayedDiscriminationTask, type DelayedDiscriminationOptions, type DelayedDiscriminationTask } from "./delayedDiscrimination";
import { flipFlop2Task, type FlipFlop2Options, type FlipFlop2Task } from "./flipFlop2";
import { flipFlop3Task, type FlipFlop3Options, type FlipFlop3Task } from "./flipFlop3";
import { intervalDiscriminationTask, type IntervalDiscriminationOptions, type IntervalDiscriminationTask } from "./intervalDiscrimination";
import { linearFixedPointTask, type LinearFixedPointOptions, type LinearFixedPointTask } from "./linearFixedPoint";
import { manteTask, type ManteOptions, type ManteTask } from "./mante";
import { rsgTask, type RsgOptions, type RsgTask } from "./readySetGo";
import { romoTask, type RomoOptions, type RomoTask } from "./romo";
import { sentimentTask, type SentimentOptions, type SentimentTask } from "./sentiment";
import { textClassificationTask, type TextClassificationOptions, type TextClassificationTask } from "./textClassification";
import { sineTask, type SineOptions, type SineTask } from "./sineWave";
import { twoNeuronTask, type TwoNeuronOptions, type TwoNeuronTask } from "./twoNeuron";
import type { PaperRef, Task } from "./types";

/** Canonical name → task type. */
export interface TaskTypes {
  rsg: RsgTask;
  "interval-discrimination": IntervalDiscriminationTask;
  "delayed-discrimination": DelayedDiscriminationTask;
  "two-neuron": TwoNeuronTask;
  flipflop3: FlipFlop3Task;
  flipflop2: FlipFlop2Task;
  mante: ManteTask;
  romo: RomoTask;
  sine: SineTask;
  "linear-fixed-point": LinearFixedPointTask;
  sentiment: SentimentTask;
  "text-classification": TextClassificationTask;
}

/** Canonical name → options accepted by getTask. */
export interface TaskOptionTypes {
  rsg: RsgOptions;
  "interval-discrimination": IntervalDiscriminationOptions;
  "delayed-discrimination": DelayedDiscriminationOptions;
  "two-neuron": TwoNeuronOptions;
  flipflop3: FlipFlop3Options;
  flipflop2: FlipFlop2Options;
  mante: ManteOptions;
  romo: RomoOptions;
  sine: SineOptions;
  "linear-fixed-point": LinearFixedPointOptions;
  sentiment: SentimentOptions;
  "text-classification": TextClassificationOptions;
}

export type TaskName = keyof TaskTypes;

/** Alias → canonical name. */
export const TASK_ALIASES: Readonly<Record<string, TaskName>> = Object.freeze({
  "ready-set-go": "rsg",
  "interval-reproduction": "rsg",
  "time-reproduction": "rsg",
  "3bit-flipflop": "flipflop3",
  "flip-flop": "flipflop3",
  "flipflop-2ch": "flipflop2",
  "context-dependent-integration": "mante",
  cdi: "mante",
  "sine-wave": "sine",
  "evidence-integration": "sentiment",
  "text-classes": "text-classification",
});

const FACTORIES: { readonly [N in TaskName]: (options?: Partial<TaskOptionTypes[N]>) => TaskTypes[N] } = {
  rsg: rsgTask,
  "interval-discrimination": intervalDiscriminationTask,
  "delayed-discrimination": delayedDiscriminationTask,
  "two-neuron": twoNeuronTask,
  flipflop3: flipFlop3Task,
  flipflop2: flipFlop2Task,
  mante: manteTask,
  romo: romoTask,
  sine: sineTask,
  "linear-fixed-point": linearFixedPointTask,
  sentiment: sentimentTask,
  "text-classification": textClassificationTask,
};

/** Canonical task names, in registry order. */
export function listTasks(): TaskName[] {
  return Object.keys(FACTORIES) as TaskName[];
}

/** Resolve a name or alias (case-insensitive, "_" = "-") to the canonical name, or undefined. */
export function resolveTaskName(name: string): TaskName | undefined {
  const key = String(name).trim().toLowerCase().replace(/_/g, "-");
  if (key in FACTORIES) return key as TaskName;
  return TASK_ALIASES[key];
}

/** Build a task with the paper's defaults, overridden by `options`. */
export function getTask<N extends keyof TaskTypes>(name: N, options?: Partial<TaskOptionTypes[N]>): TaskTypes[N];
export function getTask(name: string, options?: Readonly<Record<string, unknown>>): Task;
export function getTask(name: string, options?: object): Task {
  const canonical = resolveTaskName(name);
  if (!canonical) {
    const aliases = Object.keys(TASK_ALIASES).map((a) => `${a} (= ${TASK_ALIASES[a]})`);
    throw new Error(`Unknown task "${name}". Known tasks: ${listTasks().join(", ")}. Aliases: ${aliases.join(", ")}.`);
  }
  const factory = FACTORIES[canonical] as (o?: object) => Task;
  return factory(options);
}

export interface TaskDescription {
  readonly name: TaskName;
  readonly aliases: string[];
  readonly description: string;
  readonly paper: PaperRef;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly lossScale: number;
}

/** One record per task (with the default options): name, aliases, one-line description, paper, sizes. */
export function describeTasks(): TaskDescription[] {
  return listTasks().map((name) => {
    const t = getTask(name);
    return {
      name,
      aliases: Object.keys(TASK_ALIASES).filter((a) => TASK_ALIASES[a] === name),
      description: t.description,
      paper: t.paper,
      inputSize: t.inputSize,
      outputSize: t.outputSize,
      lossScale: t.lossScale,
    };
  });
}

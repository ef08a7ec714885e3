/**
 * What a population must satisfy before a DYNAMO meta-model can emulate it, checked up front so a
 * bad population fails with the problem and its fix instead of a shape error deep in BPTT.
 */
import type { Model } from "../../core/types";
import type { Task } from "../../tasks/types";

/** One network to emulate: its model, a name and optional labels (solution type, architecture, ...). */
export interface DynamoNetwork {
  readonly id: string;
  readonly model: Model;
  /** Task the network was trained on (checked against the population's task when given). */
  readonly task?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DynamoShapeOptions {
  /** Embedding dimension d of θ. */
  readonly dims: number;
  /** PCs of each network's hidden states the meta-model emulates. */
  readonly pcs: number;
  /** Longest trial the meta-model trains on (BPTT memory and time grow with it). */
  readonly maxTrialSteps: number;
}

export function validateDynamoPopulation(networks: readonly DynamoNetwork[], task: Task, o: DynamoShapeOptions, trialSteps: number): void {
  if (!Number.isInteger(o.dims) || o.dims < 1) {
    throw new Error(
      `fitDynamo: embedding dimension ${o.dims} — θ needs at least 1 dimension to tell networks apart; use dims: 2 for a plottable map (or a higher integer).`,
    );
  }
  if (!Number.isInteger(o.pcs) || o.pcs < 1) throw new Error(`fitDynamo: pcs must be a positive integer (PCs of each network's states to emulate), got ${o.pcs}.`);
  if (networks.length < 2) {
    throw new Error(`fitDynamo: ${networks.length} network(s) — an embedding compares networks, so give at least 2.`);
  }
  const ids = new Set<string>();
  for (const n of networks) {
    if (ids.has(n.id)) throw new Error(`fitDynamo: network id "${n.id}" appears twice; give every network a distinct id.`);
    ids.add(n.id);
  }
  const tasks = [...new Set(networks.map((n) => n.task ?? task.name))];
  if (tasks.length > 1 || tasks[0] !== task.name) {
    const counts = tasks.map((t) => `${networks.filter((n) => (n.task ?? task.name) === t).length} on "${t}"`).join(", ");
    throw new Error(
      `fitDynamo: mixed tasks in one population (${counts}); one meta-model emulates networks on the same inputs — fit one per task (here "${task.name}") or drop the others.`,
    );
  }
  for (const n of networks) {
    const s = n.model.spec;
    if (s.inputSize !== task.inputSize) {
      throw new Error(
        `fitDynamo: network "${n.id}" takes ${s.inputSize} inputs but task "${task.name}" gives ${task.inputSize}; every network must take the task's inputs (mixed input sizes cannot share one meta-model).`,
      );
    }
    if (s.outputSize !== task.outputSize) {
      throw new Error(`fitDynamo: network "${n.id}" has ${s.outputSize} outputs but task "${task.name}" has ${task.outputSize}; the shared readout needs the task's outputs.`);
    }
    if (s.hiddenSize < o.pcs) {
      throw new Error(`fitDynamo: network "${n.id}" has ${s.hiddenSize} hidden units, fewer than pcs = ${o.pcs}; lower pcs to at most ${s.hiddenSize}.`);
    }
  }
  if (!Number.isInteger(trialSteps) || trialSteps < 1) {
    throw new Error(`fitDynamo: trials of ${trialSteps} steps; the meta-model needs at least 1 step to emulate.`);
  }
  if (trialSteps > o.maxTrialSteps) {
    throw new Error(
      `fitDynamo: trials of ${trialSteps} steps exceed maxTrialSteps = ${o.maxTrialSteps} (BPTT through every step of every network costs time and memory in proportion); use a task with shorter trials or raise maxTrialSteps.`,
    );
  }
}

/** A network whose activity on the battery is not finite (or explodes) cannot be emulated. */
export function checkEmulable(id: string, states: Float64Array, outputs: Float64Array): void {
  let maxAbs = 0;
  for (const a of [states, outputs]) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) {
        throw new Error(`fitDynamo: network "${id}" produces non-finite states or outputs on the task's trials; it cannot be emulated — drop it or retrain it.`);
      }
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    }
  }
  if (maxAbs > 1e4) {
    throw new Error(`fitDynamo: network "${id}" reaches |activity| = ${maxAbs.toExponential(2)} on the task's trials (diverging dynamics); the meta-model cannot emulate it — drop it or retrain it.`);
  }
}

/**
 * Populations: M networks of one spec with every array stacked to [M, ...shape].
 */
import type { Model, ModelSpec, Population } from "../core/types";
import { type RunOptions, type RunResult, runModel } from "./forward";
import { numel, paramShapes, stateSize, validateModel, validateSpec } from "./spec";

function specKey(spec: ModelSpec): string {
  const keys = Object.keys(spec).sort() as Array<keyof ModelSpec>;
  return JSON.stringify(keys.filter((k) => spec[k] !== undefined).map((k) => [k, spec[k]]));
}

/** Whether two specs describe the same architecture and sizes. */
export function sameSpec(a: ModelSpec, b: ModelSpec): boolean {
  return specKey(a) === specKey(b);
}

/** Stack models of one spec into a population (members default to {index: i}). */
export function stackModels(models: ReadonlyArray<Model>, members?: ReadonlyArray<Record<string, unknown>>): Population {
  if (models.length === 0) throw new Error("stackModels: need at least one model.");
  const spec = models[0]!.spec;
  const shapes = paramShapes(spec);
  if (members !== undefined && members.length !== models.length) {
    throw new Error(`stackModels: ${members.length} members for ${models.length} models; pass one record per model.`);
  }
  const M = models.length;
  const params: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(shapes)) params[name] = new Float32Array(M * numel(shape));
  models.forEach((m, i) => {
    if (!sameSpec(m.spec, spec)) {
      throw new Error(`stackModels: model ${i} has spec ${specKey(m.spec)}, model 0 has ${specKey(spec)}; all must match.`);
    }
    validateModel(m);
    for (const [name, shape] of Object.entries(shapes)) params[name]!.set(m.params[name]!, i * numel(shape));
  });
  // Learned initial states (imported files) travel with the population; a network without one starts at 0.
  let initialStates: Float32Array | undefined;
  if (models.some((m) => m.initialState !== undefined)) {
    const S = stateSize(spec);
    initialStates = new Float32Array(M * S);
    models.forEach((m, i) => {
      if (m.initialState === undefined) return;
      if (m.initialState.length !== S) throw new Error(`stackModels: model ${i} has an initial state of ${m.initialState.length} values, its state has ${S}.`);
      initialStates!.set(m.initialState, i * S);
    });
  }
  return {
    spec: { ...spec },
    size: M,
    params,
    members: members ? members.map((r) => ({ ...r })) : models.map((_, i) => ({ index: i })),
    ...(initialStates ? { initialStates } : {}),
  };
}

/** Check a population's arrays have shape [M, ...] and are finite. */
export function validatePopulation(pop: Population): void {
  validateSpec(pop.spec);
  if (!Number.isInteger(pop.size) || pop.size < 1) throw new Error(`Population.size must be an integer >= 1, got ${pop.size}.`);
  if (pop.members.length !== pop.size) {
    throw new Error(`Population has ${pop.members.length} member records for size ${pop.size}; expected one per network.`);
  }
  for (const [name, shape] of Object.entries(paramShapes(pop.spec))) {
    const arr = pop.params[name];
    const want = pop.size * numel(shape);
    if (!arr || arr.length !== want) {
      throw new Error(
        `Population parameter "${name}" ${arr ? `has ${arr.length} elements` : "is missing"}; expected shape [${pop.size}, ${shape.join(", ")}] = ${want}.`,
      );
    }
  }
}

/** Network i of a population (copies its arrays). */
export function unstackModel(pop: Population, i: number): Model {
  if (!Number.isInteger(i) || i < 0 || i >= pop.size) {
    throw new Error(`unstackModel: index ${i} out of range for a population of ${pop.size}.`);
  }
  const params: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(paramShapes(pop.spec))) {
    const n = numel(shape);
    const arr = pop.params[name];
    if (!arr || arr.length !== pop.size * n) {
      throw new Error(`unstackModel: population array "${name}" must have shape [${pop.size}, ${shape.join(", ")}].`);
    }
    params[name] = arr.slice(i * n, (i + 1) * n);
  }
  if (!pop.initialStates) return { spec: { ...pop.spec }, params };
  const S = stateSize(pop.spec);
  if (pop.initialStates.length !== pop.size * S) throw new Error(`unstackModel: population initialStates must have shape [${pop.size}, ${S}], got ${pop.initialStates.length} values.`);
  return { spec: { ...pop.spec }, params, initialState: pop.initialStates.slice(i * S, (i + 1) * S) };
}

/** All networks of a population, in order. */
export function unstackAll(pop: Population): Model[] {
  return Array.from({ length: pop.size }, (_, i) => unstackModel(pop, i));
}

/**
 * A model or population with every array replaced by fn(array, name, shape). Shapes are the
 * one-network shapes for a Model and [M, ...] for a Population. fn must keep the length.
 */
export function mapParams<T extends Model | Population>(
  x: T,
  fn: (arr: Float32Array, name: string, shape: number[]) => Float32Array,
): T {
  const M = "size" in x ? (x as Population).size : null;
  const params: Record<string, Float32Array> = {};
  for (const [name, arr] of Object.entries(x.params)) {
    const base = paramShapes(x.spec)[name] ?? [arr.length];
    const shape = M === null ? base : [M, ...base];
    const out = fn(arr, name, shape);
    if (out.length !== arr.length) {
      throw new Error(`mapParams: function returned ${out.length} values for "${name}"; expected ${arr.length} ([${shape.join(", ")}]).`);
    }
    params[name] = out;
  }
  return { ...x, params };
}

export interface PopulationRunOptions extends RunOptions {
  /** true: inputs are [M, B, T, I] (own trials per network); false (default): one shared [B, T, I]. */
  perNetworkData?: boolean;
}

/**
 * Float64 reference forward of every network: states [M, B, T, S], outputs [M, B, T, O].
 * h0, when given, is [S], [B, S] (shared) or [M, B, S].
 */
export function runPopulation(pop: Population, inputs: ArrayLike<number>, opts: PopulationRunOptions): RunResult {
  validatePopulation(pop);
  const { batch: B, time: T } = opts;
  const I = pop.spec.inputSize;
  const S = stateSize(pop.spec);
  const O = pop.spec.outputSize;
  const M = pop.size;
  const per = opts.perNetworkData ?? false;
  const chunk = B * T * I;
  if (inputs.length !== (per ? M * chunk : chunk)) {
    throw new Error(
      `runPopulation: inputs have ${inputs.length} values; expected ${per ? `[${M}, ${B}, ${T}, ${I}]` : `[${B}, ${T}, ${I}]`}.`,
    );
  }
  const states = new Float64Array(M * B * T * S);
  const outputs = new Float64Array(M * B * T * O);
  const h0 = opts.h0;
  const perH0 = h0 !== undefined && h0.length === M * B * S && M > 1;
  for (let m = 0; m < M; m++) {
    const x = per ? Array.prototype.slice.call(inputs, m * chunk, (m + 1) * chunk) : inputs;
    const h0m = perH0 ? Array.prototype.slice.call(h0, m * B * S, (m + 1) * B * S) : h0;
    const r = runModel(unstackModel(pop, m), x as ArrayLike<number>, { batch: B, time: T, h0: h0m as ArrayLike<number> | undefined });
    states.set(r.states, m * B * T * S);
    outputs.set(r.outputs, m * B * T * O);
  }
  return { states, outputs };
}

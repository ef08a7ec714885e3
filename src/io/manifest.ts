/**
 * The JSON manifest written next to the arrays of a saved network or population.
 * Top-level arch/units/inputs/outputs/task follow the turner2021 sidecar layout, so tools that read
 * those sidecars also read ours.
 */
import type { ModelSpec } from "../core/types";
import { nonlinearityOf, paramCount, paramShapes, stateSize } from "../models/spec";

export const FORMAT = "rnn-atlas";
export const FORMAT_VERSION = 1;
/** Arrays file inside a saved directory. */
export const ARRAYS_FILE = "params.npz";
export const MANIFEST_FILE = "manifest.json";

/** Provenance stored with a network: task, seeds, training history and anything else JSON-able. */
export interface ModelMeta {
  task?: string;
  seeds?: Readonly<Record<string, number>> | number;
  /** e.g. loss per epoch; stored as given. */
  history?: unknown;
  [key: string]: unknown;
}

export interface Manifest {
  format: typeof FORMAT;
  version: number;
  kind: "model" | "population";
  spec: ModelSpec;
  arch: string;
  nonlinearity: string;
  units: number;
  inputs: number;
  outputs: number;
  state_dim: number;
  param_count: number;
  /** One-network shapes (population arrays are [size, ...these]). */
  param_shapes: Record<string, number[]>;
  weights_file: string;
  size?: number;
  members?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  task?: string;
  seeds?: unknown;
  history?: unknown;
  [key: string]: unknown;
}

export function baseManifest(spec: ModelSpec, kind: "model" | "population", weightsFile: string): Manifest {
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    kind,
    spec: { ...spec },
    arch: spec.arch,
    nonlinearity: nonlinearityOf(spec),
    units: spec.hiddenSize,
    inputs: spec.inputSize,
    outputs: spec.outputSize,
    state_dim: stateSize(spec),
    param_count: paramCount(spec),
    param_shapes: paramShapes(spec),
    weights_file: weightsFile,
  };
}

/** Merge extra fields into a manifest; reserved keys cannot be overwritten. */
export function withExtras(m: Manifest, extras: Readonly<Record<string, unknown>> | undefined): Manifest {
  if (!extras) return m;
  const reserved = new Set(Object.keys(m));
  for (const k of ["task", "seeds", "history"]) reserved.delete(k);
  const out: Manifest = { ...m };
  for (const [k, v] of Object.entries(extras)) {
    if (reserved.has(k)) throw new Error(`manifest: "${k}" is a reserved manifest field; store it under another key.`);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function parseManifest(text: string, file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new Error(`${file}: manifest is not valid JSON (${(e as Error).message}).`);
  }
  if (m?.format !== FORMAT) throw new Error(`${file}: not an rnn-atlas manifest (format "${String(m?.format)}").`);
  if (typeof m.version !== "number" || m.version > FORMAT_VERSION) {
    throw new Error(`${file}: manifest version ${m.version} is newer than this rnn-atlas reads (${FORMAT_VERSION}); upgrade rnn-atlas.`);
  }
  if (!m.spec || typeof m.spec !== "object") throw new Error(`${file}: manifest has no spec.`);
  return m;
}

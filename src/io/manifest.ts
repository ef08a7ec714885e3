/**
 * The JSON manifest written next to the arrays of a saved network or population.
 * Top-level arch/units/inputs/outputs/task follow the turner2021 sidecar layout, so tools that read
 * those sidecars also read ours.
 */
import { createHash } from "node:crypto";
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
  /**
   * sha256 of the weights file this manifest was written with. The weights are renamed into place
   * first and the manifest second; a kill between the two leaves new weights under the old manifest,
   * which the hash exposes. Absent in files written before it existed.
   */
  weights_sha256?: string;
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

/** The manifest's hash of its weights, for a freshly encoded weights file. */
export function weightsHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws when the weights file's bytes are not the ones the manifest was written with. */
export function checkWeightsHash(m: Manifest, manifestFile: string, weightsFile: string, bytes: Uint8Array): void {
  if (m.weights_sha256 === undefined) return;
  if (weightsHash(bytes) !== m.weights_sha256) {
    throw new Error(
      `${weightsFile} does not belong to ${manifestFile} (its sha256 differs from the one the manifest records): a save was interrupted between ` +
        `writing the weights and the manifest. Save again (or rerun the training with --resume) to write both.`,
    );
  }
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

/** The array holding a saved network's fixed initial state ([S] for a model, [M, S] for a population). */
export const INITIAL_STATE_ARRAY = "initial_state";

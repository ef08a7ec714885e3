/**
 * Population files: a directory with manifest.json (spec, size, members, extras) and params.npz
 * holding every array stacked [M, ...one-network shape].
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Population } from "../core/types";
import { numel, paramShapes, stateSize } from "../models/spec";
import { validatePopulation } from "../models/population";
import { writeFileAtomic } from "./atomic";
import { ARRAYS_FILE, INITIAL_STATE_ARRAY, MANIFEST_FILE, type Manifest, baseManifest, checkWeightsHash, parseManifest, weightsHash, withExtras } from "./manifest";
import { toFloat32 } from "./ndarray";
import { encodeNpz, parseNpz } from "./npz";

export interface LoadedPopulation extends Population {
  readonly manifest: Readonly<Manifest>;
}

/** Save a population (arrays first, manifest last). Extras are merged into the manifest. */
export function savePopulation(dir: string, pop: Population, extras?: Readonly<Record<string, unknown>>): void {
  validatePopulation(pop);
  const manifest = withExtras({ ...baseManifest(pop.spec, "population", ARRAYS_FILE), size: pop.size, members: pop.members }, extras);
  const arrays: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [name, shape] of Object.entries(paramShapes(pop.spec))) arrays[name] = { data: pop.params[name]!, shape: [pop.size, ...shape] };
  if (pop.initialStates) arrays[INITIAL_STATE_ARRAY] = { data: pop.initialStates, shape: [pop.size, stateSize(pop.spec)] };
  const bytes = encodeNpz(arrays);
  writeFileAtomic(path.join(dir, ARRAYS_FILE), bytes);
  writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, weights_sha256: weightsHash(bytes) }, null, 1) + "\n");
}

/** Load a population directory (a saved single model loads as a population of 1). */
export function loadPopulation(dir: string): LoadedPopulation {
  const mf = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(mf)) throw new Error(`${dir}: no ${MANIFEST_FILE}; expected a directory written by savePopulation.`);
  const manifest = parseManifest(fs.readFileSync(mf, "utf8"), mf);
  const npzFile = path.join(dir, manifest.weights_file ?? ARRAYS_FILE);
  if (!fs.existsSync(npzFile)) throw new Error(`${mf}: its arrays file ${npzFile} is missing.`);
  const bytes = fs.readFileSync(npzFile);
  checkWeightsHash(manifest, mf, npzFile, bytes);
  const arrays = parseNpz(bytes, npzFile);
  const single = manifest.kind === "model";
  const size = single ? 1 : manifest.size;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) throw new Error(`${mf}: population size ${String(size)} is invalid.`);
  const params: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(paramShapes(manifest.spec))) {
    const a = arrays[name];
    const want = single ? shape : [size, ...shape];
    if (!a || a.shape.length !== want.length || a.shape.some((d, i) => d !== want[i])) {
      throw new Error(`${npzFile}: array "${name}" ${a ? `has shape [${a.shape.join(", ")}]` : "is missing"}; expected [${want.join(", ")}].`);
    }
    if (a.data.length !== size * numel(shape)) throw new Error(`${npzFile}: array "${name}" has the wrong length.`);
    params[name] = toFloat32(a);
  }
  const members = single ? [{ index: 0 }] : (manifest.members ?? Array.from({ length: size }, (_, i) => ({ index: i })));
  const h0 = single ? undefined : arrays[INITIAL_STATE_ARRAY];
  if (h0 && h0.data.length !== size * stateSize(manifest.spec)) throw new Error(`${npzFile}: "${INITIAL_STATE_ARRAY}" has ${h0.data.length} values; expected [${size}, ${stateSize(manifest.spec)}].`);
  const pop: LoadedPopulation = { spec: manifest.spec, size, params, members, manifest, ...(h0 ? { initialStates: toFloat32(h0) } : {}) };
  validatePopulation(pop);
  return pop;
}

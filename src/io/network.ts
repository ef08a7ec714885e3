/**
 * Network files.
 *
 * Own format: a directory with manifest.json + params.npz (our parameter names), or, when the path
 * ends in ".npz", the file pair X.npz + X.json. loadModel also reads
 *  - the turner2021 fixture layout (X.npz with PyTorch names + sidecar X.json with arch, units,
 *    inputs, outputs, task; `weights: "initial"` picks the stored "init." arrays),
 *  - plain PyTorch-named .npz / .safetensors (state-dict names, optional prefix such as "rnn.",
 *    readout readout.* / fc.* / ..., or an explicit nameMap),
 * and refuses pickles (.pt/.pth) with conversion instructions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Model, ModelSpec } from "../core/types";
import { nonlinearityOf, paramShapes, stateSize, validateModel } from "../models/spec";
import { writeFileAtomic } from "./atomic";
import { ARRAYS_FILE, INITIAL_STATE_ARRAY, MANIFEST_FILE, type Manifest, type ModelMeta, baseManifest, checkWeightsHash, parseManifest, weightsHash, withExtras } from "./manifest";
import { type NdArray, shapeSize, toFloat32 } from "./ndarray";
import { type DeclaredArray, encodeNpz, parseNpz } from "./npz";
import { looksLikePickle, pickleError } from "./pickle";
import { encodeSafetensors, parseSafetensors } from "./safetensors";
import { type TorchImportOptions, modelFromTorchArrays, pickParams } from "./torchNames";

export interface LoadModelOptions extends TorchImportOptions {
  /** turner2021 layout / files holding both: "trained" (default) or "initial" (arrays prefixed "init."). */
  weights?: "trained" | "initial";
  /** Load network `member` from a saved population directory. */
  member?: number;
}

export interface LoadedModel extends Model {
  /** Manifest/sidecar fields (task, seeds, history, setting, ...). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Where it came from: "rnn-atlas" | "turner2021-sidecar" | "npz" | "safetensors". */
  readonly format: string;
  readonly path: string;
  /** Our parameter name -> array name in the file. */
  readonly names: Readonly<Record<string, string>>;
  /** Things done on import (e.g. missing biases filled with zeros). */
  readonly notes: ReadonlyArray<string>;
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: cannot read JSON (${(e as Error).message}).`);
  }
}

function sidecarOf(file: string): string {
  return file.replace(/\.(npz|safetensors)$/i, "") + ".json";
}

/** Save one network: a directory (manifest.json + params.npz), or X.npz + X.json when path ends in ".npz". */
export function saveModel(target: string, model: Model, meta?: ModelMeta): void {
  validateModel(model);
  const pair = target.toLowerCase().endsWith(".npz");
  const npzFile = pair ? target : path.join(target, ARRAYS_FILE);
  const jsonFile = pair ? sidecarOf(target) : path.join(target, MANIFEST_FILE);
  const manifest = withExtras(baseManifest(model.spec, "model", path.basename(npzFile)), meta);
  const arrays: Record<string, Float32Array> = {};
  for (const name of Object.keys(paramShapes(model.spec))) arrays[name] = model.params[name]!;
  const shapes = paramShapes(model.spec);
  // Arrays first, manifest last: a directory with a manifest always has complete arrays.
  const entries: Record<string, { data: Float32Array; shape: number[] }> = Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, { data: v, shape: shapes[k]! }]));
  if (model.initialState) entries[INITIAL_STATE_ARRAY] = { data: model.initialState, shape: [model.initialState.length] };
  const bytes = encodeNpz(entries);
  writeFileAtomic(npzFile, bytes);
  writeFileAtomic(jsonFile, JSON.stringify({ ...manifest, weights_sha256: weightsHash(bytes) }, null, 1) + "\n");
}

function metaOf(m: Record<string, unknown>, drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!drop.includes(k)) out[k] = v;
  return out;
}

function loadOwn(manifestFile: string, manifest: Manifest, opts: LoadModelOptions): LoadedModel {
  const dir = path.dirname(manifestFile);
  const npzFile = path.join(dir, manifest.weights_file ?? ARRAYS_FILE);
  if (!fs.existsSync(npzFile)) throw new Error(`${manifestFile}: its arrays file ${npzFile} is missing.`);
  const bytes = fs.readFileSync(npzFile);
  checkWeightsHash(manifest, manifestFile, npzFile, bytes);
  const arrays = parseNpz(bytes, npzFile);
  const spec = manifest.spec;
  let source: Record<string, NdArray> = arrays;
  if (manifest.kind === "population") {
    const size = manifest.size ?? 0;
    if (opts.member === undefined) {
      throw new Error(`${manifestFile}: this is a population of ${size} networks; use loadPopulation(dir), or loadModel(dir, { member: i }).`);
    }
    const i = opts.member;
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new Error(`${manifestFile}: member ${i} out of range (population of ${size}).`);
    source = {};
    for (const [name, shape] of Object.entries(paramShapes(spec))) {
      const a = arrays[name];
      const n = shape.reduce((x, y) => x * y, 1);
      if (!a || a.data.length !== size * n) {
        throw new Error(`${npzFile}: array "${name}" ${a ? `has shape [${a.shape.join(", ")}]` : "is missing"}; expected [${size}, ${shape.join(", ")}].`);
      }
      source[name] = { dtype: a.dtype, shape, data: a.data.slice(i * n, (i + 1) * n) as NdArray["data"] };
    }
  }
  const names = Object.fromEntries(Object.keys(paramShapes(spec)).map((k) => [k, k]));
  const params = pickParams(source, spec, names, npzFile);
  const meta = metaOf(manifest, ["spec", "param_shapes", "weights_file", "weights_sha256"]);
  if (manifest.kind === "population") meta.member = manifest.members?.[opts.member!];
  const h0 = manifest.kind === "model" ? arrays[INITIAL_STATE_ARRAY] : undefined;
  if (h0 && h0.data.length !== stateSize(spec)) throw new Error(`${npzFile}: "${INITIAL_STATE_ARRAY}" has ${h0.data.length} values; the state has ${stateSize(spec)}.`);
  return { spec, params, ...(h0 ? { initialState: toFloat32(h0) } : {}), meta, format: "rnn-atlas", path: manifestFile, names, notes: [] };
}

/**
 * Import a PyTorch-named .npz: the network is checked against the shapes the archive declares
 * before any array is inflated, so a wrong (or hostile) file is refused without reading it whole.
 */
function importNpz(file: string, sidecar: Record<string, unknown> | null, format: string, opts: LoadModelOptions): LoadedModel {
  const checkDeclared = (declared: Readonly<Record<string, DeclaredArray>>): void => {
    const shapesOnly: Record<string, NdArray> = {};
    for (const [k, d] of Object.entries(declared)) shapesOnly[k] = { dtype: d.dtype, shape: d.shape, data: new Float32Array(0) };
    importArrays(file, shapesOnly, sidecar, format, opts);
  };
  return importArrays(file, parseNpz(fs.readFileSync(file), file, { checkDeclared }), sidecar, format, opts);
}

function importArrays(
  file: string,
  arrays: Record<string, NdArray>,
  sidecar: Record<string, unknown> | null,
  format: string,
  opts: LoadModelOptions,
): LoadedModel {
  const s = sidecar ?? {};
  const sideSpec = (s.spec ?? {}) as Partial<ModelSpec>;
  const prefix = opts.prefix ?? (opts.weights === "initial" ? "init." : undefined);
  if (opts.weights === "initial" && !Object.keys(arrays).some((k) => k.startsWith("init."))) {
    throw new Error(`${file}: weights "initial" requested but the file has no "init." arrays.`);
  }
  const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
  const arch = opts.arch ?? (s.arch as ModelSpec["arch"] | undefined) ?? sideSpec.arch;
  // An exported spec is authoritative; a turner2021 sidecar only names the nonlinearity.
  const sideNl = s.spec ? sideSpec.nonlinearity : typeof s.nonlinearity === "string" ? (s.nonlinearity as ModelSpec["nonlinearity"]) : undefined;
  const nl = opts.nonlinearity ?? sideNl;
  const { model, names, notes } = modelFromTorchArrays(
    arrays,
    {
      ...opts,
      prefix,
      arch,
      nonlinearity: arch === "vanilla" || arch === "leaky" || arch === undefined ? nl : undefined,
      dt: opts.dt ?? sideSpec.dt,
      readout: opts.readout ?? sideSpec.readout,
      hiddenSize: num(s.units),
      inputSize: num(s.inputs),
      outputSize: num(s.outputs),
    },
    file,
  );
  const meta = metaOf(s, ["compact_graph", "spec"]);
  const initial = initialStateOf(arrays, model.spec, file);
  const used = new Set([...Object.values(names), ...initial.names]);
  const unused = Object.keys(arrays).filter((k) => !used.has(k));
  if (initial.note) notes.push(initial.note);
  // Nothing in a file is dropped without a word: a user's extra tensor may be a part the model lacks.
  if (unused.length) notes.push(`warning: not used (not part of a ${model.spec.arch} network here): ${unused.join(", ")}`);
  return { ...model, ...(initial.state ? { initialState: initial.state } : {}), meta, format, path: file, names, notes };
}

/** The learned initial state inside a saved model's arrays file. */

/** Names a learned initial state goes by in PyTorch files (FixedPointFinder's examples first). */
const INITIAL_H = ["initial_hiddens_1xd", "initial_state", "h0", "initial_hidden"];
const INITIAL_C = ["initial_cell_1xd", "c0", "initial_cell"];

/** A learned initial state among the arrays ([1, N] or [N]; LSTM: h and c, c zero when absent). */
function initialStateOf(arrays: Record<string, NdArray>, spec: ModelSpec, file: string): { state?: Float32Array; names: string[]; note?: string } {
  const N = spec.hiddenSize;
  const find = (cands: string[]): string | undefined => Object.keys(arrays).find((k) => cands.includes(k.split(".").pop()!));
  const h = find(INITIAL_H);
  if (!h) return { names: [] };
  const c = spec.arch === "lstm" ? find(INITIAL_C) : undefined;
  const take = (name: string): Float32Array => {
    const a = arrays[name]!;
    if (shapeSize(a.shape) !== N) throw new Error(`${file}: "${name}" has shape [${a.shape.join(", ")}]; a learned initial state has ${N} values (one per unit).`);
    return toFloat32(a);
  };
  const S = stateSize(spec);
  const state = new Float32Array(S);
  state.set(take(h));
  if (c) state.set(take(c), N);
  const names = c ? [h, c] : [h];
  return { state, names, note: `learned initial state from ${names.join(" + ")}${spec.arch === "lstm" && !c ? " (cell state 0)" : ""}: trials start there unless h0 is given` };
}

/** Load one network (see module doc for the accepted formats). */
export function loadModel(target: string, opts: LoadModelOptions = {}): LoadedModel {
  if (!fs.existsSync(target)) throw new Error(`loadModel: ${target} does not exist.`);
  if (fs.statSync(target).isDirectory()) {
    const mf = path.join(target, MANIFEST_FILE);
    if (!fs.existsSync(mf)) {
      throw new Error(`${target}: no ${MANIFEST_FILE}; expected a directory written by saveModel/savePopulation (or pass a .npz/.safetensors file).`);
    }
    return loadOwn(mf, parseManifest(fs.readFileSync(mf, "utf8"), mf), opts);
  }
  const fd = fs.openSync(target, "r");
  const head = Buffer.alloc(4096);
  const got = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (looksLikePickle(target, head.subarray(0, got))) throw pickleError(target);
  const ext = path.extname(target).toLowerCase();
  if (ext === ".json") {
    const j = readJson(target);
    if (j.format === "rnn-atlas") return loadOwn(target, parseManifest(JSON.stringify(j), target), opts);
    const wf = typeof j.weights_file === "string" ? path.join(path.dirname(target), j.weights_file) : target.replace(/\.json$/i, ".npz");
    if (!fs.existsSync(wf)) throw new Error(`${target}: its weights file ${wf} is missing.`);
    return importNpz(wf, j, "turner2021-sidecar", opts);
  }
  if (ext === ".safetensors") {
    const st = parseSafetensors(fs.readFileSync(target), target);
    let side: Record<string, unknown> | null = null;
    if (st.metadata.rnn_atlas_spec) side = { spec: JSON.parse(st.metadata.rnn_atlas_spec) as ModelSpec };
    if (fs.existsSync(sidecarOf(target))) side = { ...readJson(sidecarOf(target)), ...(side ?? {}) };
    return importArrays(target, st.tensors, side, "safetensors", opts);
  }
  if (ext === ".npz" || (head[0] === 0x50 && head[1] === 0x4b)) {
    const side = fs.existsSync(sidecarOf(target)) ? readJson(sidecarOf(target)) : null;
    if (side?.format === "rnn-atlas") return loadOwn(sidecarOf(target), parseManifest(JSON.stringify(side), sidecarOf(target)), opts);
    return importNpz(target, side, side ? "turner2021-sidecar" : "npz", opts);
  }
  throw new Error(`${target}: unsupported file type "${ext}"; expected a saved directory, .npz (+ .json sidecar), .safetensors or a manifest .json.`);
}

export interface ExportOptions {
  format: "npz" | "safetensors";
  /** Prefix for the recurrent arrays, e.g. "rnn." (default none). */
  prefix?: string;
  /** Name of the readout layer (default "readout"; PyTorch scripts often use "fc"). */
  readoutName?: string;
  /** Extra metadata (safetensors __metadata__ / npz sidecar). */
  meta?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Export PyTorch-named weights (float32): weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (with the
 * prefix) and <readoutName>.weight/.bias. npz gets a sidecar .json (arch, units, inputs, outputs,
 * spec); safetensors carries the spec in __metadata__.rnn_atlas_spec. Both load back with loadModel.
 * (leaky nets use the same names but are not a torch.nn module: W_in is weight_ih_l0 [N, I],
 * the bias is bias_hh_l0.)
 */
export function exportModel(file: string, model: Model, opts: ExportOptions): void {
  validateModel(model);
  const prefix = opts.prefix ?? "";
  const ro = opts.readoutName ?? "readout";
  const shapes = paramShapes(model.spec);
  const arrays: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const out = name.startsWith("readout.") ? `${ro}.${name.slice("readout.".length)}` : `${prefix}${name}`;
    arrays[out] = { data: model.params[name]!, shape };
  }
  if (model.initialState) {
    // FixedPointFinder's names, so its examples read the file back: h as [1, N] (and c for an LSTM).
    const N = model.spec.hiddenSize;
    arrays[`${prefix}initial_hiddens_1xd`] = { data: model.initialState.slice(0, N), shape: [1, N] };
    if (model.spec.arch === "lstm") arrays[`${prefix}initial_cell_1xd`] = { data: model.initialState.slice(N, 2 * N), shape: [1, N] };
  }
  const spec = model.spec;
  const side = {
    arch: spec.arch,
    nonlinearity: nonlinearityOf(spec),
    units: spec.hiddenSize,
    inputs: spec.inputSize,
    outputs: spec.outputSize,
    spec,
    exported_by: "rnn-atlas",
    ...(opts.meta ?? {}),
  };
  if (opts.format === "npz") {
    writeFileAtomic(file, encodeNpz(arrays));
    writeFileAtomic(sidecarOf(file), JSON.stringify(side, null, 1) + "\n");
  } else if (opts.format === "safetensors") {
    const md: Record<string, string> = { format: "pt", rnn_atlas_spec: JSON.stringify(spec) };
    for (const [k, v] of Object.entries(opts.meta ?? {})) md[k] = String(v);
    writeFileAtomic(file, encodeSafetensors(arrays, md));
  } else {
    throw new Error(`exportModel: format must be "npz" or "safetensors", got "${String(opts.format)}".`);
  }
}

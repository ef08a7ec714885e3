/**
 * Mapping between PyTorch-named weight files and models: find the recurrent core (optional prefix
 * such as "rnn."), the readout ("readout.*", "fc.*", ... or an explicit name map), infer the
 * architecture from the shapes where possible, and check every array against its expected shape.
 */
import type { Arch, Model, ModelSpec, Nonlinearity } from "../core/types";
import { numel, paramShapes, shapeMeaning as shapeMeaningOf, validateSpec } from "../models/spec";
import type { NdArray } from "./ndarray";
import { toFloat32 } from "./ndarray";

const CORE = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"] as const;
/** Readout layer names tried, in order, when no name map is given. */
export const READOUT_NAMES = ["readout", "fc", "linear", "out", "output", "decoder", "head"];

export interface TorchImportOptions {
  /**
   * Architecture; inferred from weight_hh's shape when omitted (2N rows: ugrnn, 3N: gru, 4N: lstm, N:
   * vanilla if bias_ih exists). UGRNN has no torch.nn module; its files use the same names with the
   * gate blocks stacked [candidate c, update u] (see src/models/arch/ugrnn.ts).
   */
  arch?: Arch;
  nonlinearity?: Nonlinearity;
  /** leaky only */
  dt?: number;
  /** leaky only */
  readout?: "phi" | "state";
  /** Prefix of the recurrent arrays, e.g. "rnn." or "init." (default: found automatically). */
  prefix?: string;
  /** Explicit names: our parameter name -> name in the file (e.g. {"readout.weight": "decoder.W"}). */
  nameMap?: Partial<Record<string, string>>;
}

/** Size hints from a sidecar JSON (turner2021 layout: units, inputs, outputs). */
export interface SizeHints {
  hiddenSize?: number;
  inputSize?: number;
  outputSize?: number;
}

export interface TorchImport {
  model: Model;
  /** our name -> name in the file (absent = filled with zeros, see notes) */
  names: Record<string, string>;
  notes: string[];
}

function parentPrefixes(prefix: string): string[] {
  // "model.rnn." -> ["model.rnn.", "model.", ""]
  const out = [prefix];
  let p = prefix;
  while (p !== "") {
    const trimmed = p.slice(0, -1);
    const i = trimmed.lastIndexOf(".");
    p = i < 0 ? "" : trimmed.slice(0, i + 1);
    out.push(p);
  }
  return out;
}

function shapeStr(s: ReadonlyArray<number>): string {
  return `[${s.join(", ")}]`;
}

/** Build a model from PyTorch-named arrays. `label` names the file in errors. */
export function modelFromTorchArrays(
  arrays: Readonly<Record<string, NdArray>>,
  opts: TorchImportOptions & SizeHints,
  label: string,
): TorchImport {
  const keys = Object.keys(arrays);
  const nameMap = opts.nameMap ?? {};
  const notes: string[] = [];
  for (const [ours, theirs] of Object.entries(nameMap)) {
    if (theirs !== undefined && !(theirs in arrays)) {
      throw new Error(`${label}: nameMap maps "${ours}" to "${theirs}", which is not in the file. Arrays: ${keys.join(", ")}.`);
    }
  }
  // Prefix of the recurrent core.
  let prefix = opts.prefix;
  if (prefix === undefined && nameMap.weight_hh_l0 !== undefined) prefix = nameMap.weight_hh_l0.slice(0, -"weight_hh_l0".length);
  if (prefix === undefined) {
    const prefixes = keys.filter((k) => k.endsWith("weight_hh_l0")).map((k) => k.slice(0, -"weight_hh_l0".length));
    if (prefixes.length === 0) {
      throw new Error(
        `${label}: no recurrent weights found (expected PyTorch names weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ` +
          `optionally prefixed like "rnn."). Arrays: ${keys.join(", ") || "none"}. Pass nameMap to map other names.`,
      );
    }
    if (prefixes.includes("")) prefix = "";
    else if (prefixes.length === 1) prefix = prefixes[0]!;
    else throw new Error(`${label}: several recurrent cores (prefixes ${prefixes.map((p) => `"${p}"`).join(", ")}); pass the prefix option to pick one.`);
  }
  if (`${prefix}weight_hh_l1` in arrays) throw new Error(`${label}: multi-layer networks (found ${prefix}weight_hh_l1) are not supported; only one layer.`);
  if (`${prefix}weight_hh_l0_reverse` in arrays) throw new Error(`${label}: bidirectional networks are not supported.`);

  const names: Record<string, string> = {};
  for (const base of CORE) {
    const n: string = nameMap[base] ?? `${prefix}${base}`;
    if (n in arrays) names[base] = n;
  }
  const readoutPrefix = nameMap["readout.weight"] !== undefined
    ? null
    : parentPrefixes(prefix).flatMap((p) => READOUT_NAMES.map((r) => `${p}${r}.`)).find((p) => `${p}weight` in arrays);
  if (nameMap["readout.weight"] !== undefined) names["readout.weight"] = nameMap["readout.weight"];
  else if (readoutPrefix) names["readout.weight"] = `${readoutPrefix}weight`;
  if (nameMap["readout.bias"] !== undefined) names["readout.bias"] = nameMap["readout.bias"];
  else if (readoutPrefix && `${readoutPrefix}bias` in arrays) names["readout.bias"] = `${readoutPrefix}bias`;

  const whh = names.weight_hh_l0 ? arrays[names.weight_hh_l0] : undefined;
  const wih = names.weight_ih_l0 ? arrays[names.weight_ih_l0] : undefined;
  if (!whh || whh.shape.length !== 2) {
    throw new Error(`${label}: "${prefix}weight_hh_l0" ${whh ? `has shape ${shapeStr(whh.shape)}` : "is missing"}; expected a matrix [G·hidden, hidden].`);
  }
  if (!wih || wih.shape.length !== 2) {
    throw new Error(`${label}: "${prefix}weight_ih_l0" ${wih ? `has shape ${shapeStr(wih.shape)}` : "is missing"}; expected a matrix [G·hidden, input].`);
  }
  const N = whh.shape[1]!;
  let arch = opts.arch;
  if (arch === undefined) {
    const G = whh.shape[0]! / N;
    if (G === 3) arch = "gru";
    else if (G === 4) arch = "lstm";
    else if (G === 2) {
      // No torch.nn recurrent module has 2 gate blocks; of ours only the UGRNN does.
      arch = "ugrnn";
      notes.push("arch inferred as ugrnn (2 gate blocks [candidate, update]) from the shapes");
    }
    else if (G === 1 && names.bias_ih_l0 !== undefined) {
      arch = "vanilla";
      notes.push(`arch inferred as vanilla (torch.nn.RNN, ${opts.nonlinearity ?? "tanh"}) from the shapes`);
    } else {
      throw new Error(
        `${label}: cannot infer the architecture from weight_hh_l0 ${shapeStr(whh.shape)}; pass arch ("vanilla", "linear", "leaky", "gru", "lstm" or "ugrnn").`,
      );
    }
  }
  const rw = names["readout.weight"] ? arrays[names["readout.weight"]] : undefined;
  const readout = arch === "leaky" ? opts.readout : undefined;
  if (!rw && readout !== "state") {
    throw new Error(
      `${label}: no readout found (tried ${READOUT_NAMES.map((r) => `${r}.weight`).join(", ")} under prefixes ` +
        `${parentPrefixes(prefix).map((p) => `"${p}"`).join(", ")}). Pass nameMap: {"readout.weight": "<name>", "readout.bias": "<name>"}.`,
    );
  }
  if (rw && rw.shape.length !== 2) throw new Error(`${label}: readout "${names["readout.weight"]}" has shape ${shapeStr(rw.shape)}; expected [output, hidden ${N}].`);
  const spec: ModelSpec = {
    arch,
    inputSize: wih.shape[1]!,
    hiddenSize: N,
    outputSize: rw ? rw.shape[0]! : N,
    ...(opts.nonlinearity !== undefined && (arch === "vanilla" || arch === "leaky") ? { nonlinearity: opts.nonlinearity } : {}),
    ...(arch === "leaky" && opts.dt !== undefined ? { dt: opts.dt } : {}),
    ...(readout !== undefined ? { readout } : {}),
  };
  validateSpec(spec);
  const hints: Array<[keyof SizeHints, string]> = [
    ["hiddenSize", "units"],
    ["inputSize", "inputs"],
    ["outputSize", "outputs"],
  ];
  for (const [k, what] of hints) {
    if (opts[k] !== undefined && opts[k] !== spec[k]) {
      throw new Error(`${label}: the sidecar says ${what} = ${opts[k]} but the arrays give ${k} = ${spec[k]} (weight_hh_l0 ${shapeStr(whh.shape)}, weight_ih_l0 ${shapeStr(wih.shape)}).`);
    }
  }
  // A leaky network has one bias (bias_hh_l0). A second, non-zero bias is a torch.nn.RNN's: taking the
  // file as leaky would drop it and change the dynamics, so it is refused rather than guessed.
  if (arch === "leaky" && names.bias_ih_l0 !== undefined) {
    const b = arrays[names.bias_ih_l0]!;
    const nonzero = Array.from(toFloat32(b)).findIndex((v) => v !== 0);
    if (nonzero >= 0) {
      throw new Error(
        `${label}: labelled arch "leaky", but the file has a non-zero "${names.bias_ih_l0}" (value ${toFloat32(b)[nonzero]} at ${nonzero}) ` +
          `besides "${names.bias_hh_l0 ?? "bias_hh_l0"}". A leaky network has one bias; two are a torch.nn.RNN's (vanilla). ` +
          `Load it as arch "vanilla" (set "arch": "vanilla" in its sidecar .json, or pass arch: "vanilla"), or, if it really is leaky, add the two biases into bias_hh_l0 and remove bias_ih_l0.`,
      );
    }
    notes.push(`${names.bias_ih_l0} is all zeros and a leaky network has no input bias: not used`);
  }
  const params = pickParams(arrays, spec, names, label, notes);
  return { model: { spec, params }, names, notes };
}

/**
 * Arrays named by `names` (our name -> file name) as float32 params, each checked against its
 * expected shape and for NaN/Inf. Missing biases become zeros (noted); other missing arrays throw.
 */
export function pickParams(
  arrays: Readonly<Record<string, NdArray>>,
  spec: ModelSpec,
  names: Readonly<Record<string, string>>,
  label: string,
  notes: string[] = [],
): Record<string, Float32Array> {
  const params: Record<string, Float32Array> = {};
  const what = `${spec.arch} with hidden ${spec.hiddenSize}, input ${spec.inputSize}, output ${spec.outputSize}`;
  for (const [name, shape] of Object.entries(paramShapes(spec))) {
    const src = names[name];
    const a = src !== undefined ? arrays[src] : undefined;
    if (!a) {
      if (name.includes("bias")) {
        params[name] = new Float32Array(numel(shape));
        notes.push(`${name} absent (bias=False): zeros`);
        continue;
      }
      throw new Error(`${label}: array "${src ?? name}" is missing; expected shape ${shapeStr(shape)} ${shapeMeaningOf(spec, name)} for ${what}.`);
    }
    if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) {
      throw new Error(
        `${label}: array "${src}" has shape ${shapeStr(a.shape)}; expected ${shapeStr(shape)} ${shapeMeaningOf(spec, name)} for ${what}.`,
      );
    }
    if (a.dtype === "bool") throw new Error(`${label}: array "${src}" is boolean; expected floating-point weights.`);
    const v = toFloat32(a);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!)) {
        throw new Error(`${label}: array "${src}" ${shapeStr(shape)} contains ${v[i]} at flat index ${i}; weights must be finite.`);
      }
    }
    params[name] = v;
  }
  return params;
}


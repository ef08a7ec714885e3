/**
 * Shapes and validation of model specs and parameters (names and layout: core/types.ts).
 */
import type { Arch, Model, ModelSpec, Nonlinearity } from "../core/types";

export const ARCHS: ReadonlyArray<Arch> = ["vanilla", "gru", "lstm", "leaky", "linear", "ugrnn"];

/** Gate blocks stacked in the recurrent matrices: vanilla/linear/leaky 1, UGRNN 2 (c,u), GRU 3 (r,z,n), LSTM 4 (i,f,g,o). */
export function gateCount(arch: Arch): number {
  return arch === "gru" ? 3 : arch === "lstm" ? 4 : arch === "ugrnn" ? 2 : 1;
}

/** Whether the spec has a linear readout layer (false only for leaky with readout "state"). */
export function hasReadout(spec: ModelSpec): boolean {
  return !(spec.arch === "leaky" && spec.readout === "state");
}

/** The effective nonlinearity φ (vanilla: tanh|relu; leaky: tanh|identity; linear: identity). */
export function nonlinearityOf(spec: ModelSpec): Nonlinearity {
  if (spec.arch === "linear") return "identity";
  if (spec.arch === "gru" || spec.arch === "lstm" || spec.arch === "ugrnn") return "tanh";
  return spec.nonlinearity ?? "tanh";
}

/** Euler step of the leaky network (default 0.5, Schuessler et al.). */
export function leakyDt(spec: ModelSpec): number {
  return spec.dt ?? 0.5;
}

function checkInt(name: string, v: unknown, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(`ModelSpec.${name} must be an integer >= ${min}, got ${String(v)}.`);
  }
}

/** Throws a clear error when a spec is inconsistent. */
export function validateSpec(spec: ModelSpec): void {
  if (spec === null || typeof spec !== "object") throw new Error("ModelSpec must be an object.");
  if (!ARCHS.includes(spec.arch)) {
    throw new Error(`ModelSpec.arch must be one of ${ARCHS.join(", ")}; got "${String(spec.arch)}".`);
  }
  checkInt("inputSize", spec.inputSize, 0);
  checkInt("hiddenSize", spec.hiddenSize, 1);
  checkInt("outputSize", spec.outputSize, 1);
  const nl = spec.nonlinearity;
  if (nl !== undefined) {
    const allowed: Record<Arch, Nonlinearity[]> = {
      vanilla: ["tanh", "relu"],
      leaky: ["tanh", "identity"],
      linear: ["identity", "tanh", "relu"], // ignored
      gru: ["tanh", "relu", "identity"], // ignored
      lstm: ["tanh", "relu", "identity"], // ignored
      // The candidate's φ: only tanh is implemented (kernels, Jacobians, fused search), so another is refused, not ignored.
      ugrnn: ["tanh"],
    };
    if (!allowed[spec.arch].includes(nl)) {
      throw new Error(
        `ModelSpec.nonlinearity "${nl}" is not supported for arch "${spec.arch}" (use ${allowed[spec.arch].join(" or ")}).`,
      );
    }
  }
  if (spec.dt !== undefined && !(spec.dt > 0 && spec.dt <= 1)) {
    throw new Error(`ModelSpec.dt must be in (0, 1], got ${spec.dt}.`);
  }
  if (spec.readout !== undefined && spec.readout !== "phi" && spec.readout !== "state") {
    throw new Error(`ModelSpec.readout must be "phi" or "state", got "${String(spec.readout)}".`);
  }
  if (spec.readout === "state" && spec.arch !== "leaky") {
    throw new Error(`ModelSpec.readout "state" is only defined for arch "leaky" (got "${spec.arch}").`);
  }
  if (!hasReadout(spec) && spec.outputSize !== spec.hiddenSize) {
    throw new Error(
      `ModelSpec with readout "state" must have outputSize == hiddenSize (${spec.hiddenSize}), got ${spec.outputSize}.`,
    );
  }
}

/** Parameter names and shapes of one network (PyTorch layout, row-major). */
export function paramShapes(spec: ModelSpec): Record<string, number[]> {
  validateSpec(spec);
  const G = gateCount(spec.arch);
  const N = spec.hiddenSize;
  const shapes: Record<string, number[]> = {
    weight_ih_l0: [G * N, spec.inputSize],
    weight_hh_l0: [G * N, N],
  };
  if (spec.arch !== "leaky") shapes.bias_ih_l0 = [G * N];
  shapes.bias_hh_l0 = [G * N];
  if (hasReadout(spec)) {
    shapes["readout.weight"] = [spec.outputSize, N];
    shapes["readout.bias"] = [spec.outputSize];
  }
  return shapes;
}

/** Human-readable description of each shape, used in error messages. */
export function shapeMeaning(spec: ModelSpec, name: string): string {
  const g = gateCount(spec.arch);
  const G = g === 1 ? "" : `${g}·`;
  const meanings: Record<string, string> = {
    weight_ih_l0: `[${G}hidden, input]`,
    weight_hh_l0: `[${G}hidden, hidden]`,
    bias_ih_l0: `[${G}hidden]`,
    bias_hh_l0: `[${G}hidden]`,
    "readout.weight": "[output, hidden]",
    "readout.bias": "[output]",
  };
  return meanings[name] ?? "";
}

/** Size S of the state vector: N, or 2N for LSTM ([h, c]). */
export function stateSize(spec: ModelSpec): number {
  return spec.arch === "lstm" ? 2 * spec.hiddenSize : spec.hiddenSize;
}

/** Number of elements of a shape. */
export function numel(shape: ReadonlyArray<number>): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Total number of scalar parameters. */
export function paramCount(spec: ModelSpec): number {
  let n = 0;
  for (const s of Object.values(paramShapes(spec))) n += numel(s);
  return n;
}

function describeSpec(spec: ModelSpec): string {
  return `${spec.arch} (input ${spec.inputSize}, hidden ${spec.hiddenSize}, output ${spec.outputSize})`;
}

/**
 * Check a model: spec valid, exactly the expected arrays, right lengths, all finite.
 * Errors name the array and its expected shape.
 */
export function validateModel(model: Model): void {
  validateSpec(model.spec);
  const shapes = paramShapes(model.spec);
  const have = Object.keys(model.params);
  for (const [name, shape] of Object.entries(shapes)) {
    const arr = model.params[name];
    if (arr === undefined) {
      throw new Error(
        `Model parameter "${name}" is missing; expected shape [${shape.join(", ")}] ${shapeMeaning(model.spec, name)} ` +
          `for ${describeSpec(model.spec)}. Present: ${have.join(", ") || "none"}.`,
      );
    }
    if (!(arr instanceof Float32Array)) {
      throw new Error(`Model parameter "${name}" must be a Float32Array, got ${Object.prototype.toString.call(arr)}.`);
    }
    if (arr.length !== numel(shape)) {
      throw new Error(
        `Model parameter "${name}" has ${arr.length} elements; expected shape [${shape.join(", ")}] ` +
          `${shapeMeaning(model.spec, name)} = ${numel(shape)} elements for ${describeSpec(model.spec)}.`,
      );
    }
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]!)) {
        throw new Error(
          `Model parameter "${name}" [${shape.join(", ")}] contains ${arr[i]} at flat index ${i}; all values must be finite.`,
        );
      }
    }
  }
  for (const name of have) {
    if (!(name in shapes)) {
      throw new Error(
        `Unexpected model parameter "${name}" for ${describeSpec(model.spec)}; expected only ${Object.keys(shapes).join(", ")}.`,
      );
    }
  }
}

/**
 * Per-matrix trainable mask (training option): true/false freezes or trains a whole array;
 * a Float32Array of the array's length multiplies its gradient elementwise. Absent = trainable.
 */
export type TrainableMask = Partial<Record<string, boolean | Float32Array>>;

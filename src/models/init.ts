/**
 * Seeded initialisation schemes. Each array draws from its own stream,
 * Rng(deriveSeed(seed, "init", name)), so one array's values do not depend on the others.
 */
import type { Model, ModelSpec } from "../core/types";
import { deriveSeed, Rng } from "../core/random";
import { hasReadout, numel, paramShapes } from "./spec";
import { archModule } from "./arch/index";

/** Context handed to a custom initialiser for one array. */
export interface InitContext {
  readonly name: string;
  readonly shape: ReadonlyArray<number>;
  readonly spec: ModelSpec;
  /** Seeded stream for this array. */
  readonly rng: Rng;
  /** Gain option as passed (default 1). */
  readonly g: number;
}

/** Custom initialiser: returns the values of one array (row-major, numel(shape) values). */
export type CustomInit = (ctx: InitContext) => ArrayLike<number>;

/**
 * - "pytorch": every array ~ U(−1/√N, 1/√N) (torch.nn.RNN/GRU/LSTM and nn.Linear(N, ·) defaults).
 * - "turner": U(−1/N, 1/N) (Turner et al.'s rescaled GRU/LSTM init: the default divided by √N).
 * - "gaussian": Schuessler et al.: W_hh = g·J with J_ij ~ N(0, 1/N); each input column of W_ih a
 *   Gaussian vector normalised to norm √N; each readout row a unit vector · √N / N; biases 0.
 * - "two-neuron": W_hh ~ U(−1.5, 1.5), W_ih = 0, b = 0 (leaky net with readout "state").
 * - "identity": the IRNN start (Le, Jaitly & Hinton 2015): W_hh = I + N(0, 0.01²) entries, biases 0,
 *   the other arrays as "pytorch". Vanilla, linear and leaky only: a network that starts as an
 *   integrator, which context-dependent integration needs (plain inits stall on its plateau).
 * - a function: custom values per array (see CustomInit).
 * The built-in schemes then add the architecture's init offsets (ArchModule.initOffsets: UGRNN's
 * update-gate bias +1); a custom function's values are used as returned.
 */
export type InitScheme = "pytorch" | "turner" | "gaussian" | "two-neuron" | "identity" | CustomInit;

export interface InitOptions {
  seed: number;
  /** Default: "gaussian" for leaky (readout "state": "two-neuron"), else "pytorch". */
  scheme?: InitScheme;
  /** Gain g of the "gaussian" scheme (default 1). */
  g?: number;
  /** Bound of the "two-neuron" uniform (default 1.5). */
  twoNeuronBound?: number;
}

export function defaultScheme(spec: ModelSpec): Exclude<InitScheme, CustomInit> {
  if (spec.arch !== "leaky") return "pytorch";
  return hasReadout(spec) ? "gaussian" : "two-neuron";
}

function uniform(n: number, bound: number, rng: Rng): Float32Array {
  return rng.fillUniform(new Float32Array(n), -bound, bound);
}

/** Columns of a [rows, cols] matrix, each Gaussian with norm `norm` (per gate block of `block` rows). */
function normalisedColumns(rows: number, cols: number, block: number, norm: number, rng: Rng): Float32Array {
  const out = new Float32Array(rows * cols);
  const v = new Float64Array(block);
  for (let b0 = 0; b0 < rows; b0 += block) {
    for (let c = 0; c < cols; c++) {
      let ss = 0;
      for (let r = 0; r < block; r++) {
        v[r] = rng.normal();
        ss += v[r]! * v[r]!;
      }
      const s = norm / Math.sqrt(ss);
      for (let r = 0; r < block; r++) out[(b0 + r) * cols + c] = v[r]! * s;
    }
  }
  return out;
}

function gaussianInit(name: string, shape: number[], spec: ModelSpec, g: number, rng: Rng): Float32Array {
  const N = spec.hiddenSize;
  switch (name) {
    case "weight_hh_l0":
      return rng.fillNormal(new Float32Array(numel(shape)), 0, g / Math.sqrt(N));
    case "weight_ih_l0":
      return normalisedColumns(shape[0]!, shape[1]!, N, Math.sqrt(N), rng);
    case "readout.weight": {
      // Rows of [O, N] are the readout vectors: transpose of N x O normalised columns.
      const cols = normalisedColumns(N, shape[0]!, N, Math.sqrt(N) / N, rng);
      const out = new Float32Array(numel(shape));
      for (let o = 0; o < shape[0]!; o++) for (let j = 0; j < N; j++) out[o * N + j] = cols[j * shape[0]! + o]!;
      return out;
    }
    default:
      return new Float32Array(numel(shape)); // biases 0
  }
}

/** A fresh, seeded network. */
export function initModel(spec: ModelSpec, opts: InitOptions): Model {
  if (!opts || !Number.isFinite(opts.seed)) {
    throw new Error(`initModel: opts.seed must be a finite integer (got ${String(opts?.seed)}).`);
  }
  const shapes = paramShapes(spec);
  const scheme = opts.scheme ?? defaultScheme(spec);
  const g = opts.g ?? 1;
  const N = spec.hiddenSize;
  if (scheme === "two-neuron" && hasReadout(spec)) {
    throw new Error(
      `initModel: scheme "two-neuron" needs a leaky spec with readout "state" (got arch "${spec.arch}", readout "${spec.readout ?? "phi"}").`,
    );
  }
  if (scheme === "identity" && !["vanilla", "linear", "leaky"].includes(spec.arch)) {
    throw new Error(`initModel: scheme "identity" is for single-matrix recurrences (vanilla, linear, leaky), not "${spec.arch}"; use pytorch or a custom function.`);
  }
  const params: Record<string, Float32Array> = {};
  const offsets = typeof scheme === "function" ? {} : (archModule(spec.arch).initOffsets?.(spec) ?? {});
  for (const [name, shape] of Object.entries(shapes)) {
    const rng = new Rng(deriveSeed(opts.seed, "init", name));
    const n = numel(shape);
    let values: Float32Array;
    if (typeof scheme === "function") {
      const raw = scheme({ name, shape, spec, rng, g });
      if (raw.length !== n) {
        throw new Error(`initModel: custom initialiser returned ${raw.length} values for "${name}"; expected [${shape.join(", ")}] = ${n}.`);
      }
      values = Float32Array.from(raw);
    } else if (scheme === "pytorch") {
      values = uniform(n, 1 / Math.sqrt(N), rng);
    } else if (scheme === "turner") {
      values = uniform(n, 1 / N, rng);
    } else if (scheme === "gaussian") {
      values = gaussianInit(name, shape, spec, g, rng);
    } else if (scheme === "identity") {
      if (name === "weight_hh_l0") {
        values = new Float32Array(n);
        for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) values[i * N + j] = (i === j ? 1 : 0) + rng.normal(0, 0.01);
      } else values = name.startsWith("bias") ? new Float32Array(n) : uniform(n, 1 / Math.sqrt(N), rng);
    } else if (scheme === "two-neuron") {
      values = name === "weight_hh_l0" ? uniform(n, opts.twoNeuronBound ?? 1.5, rng) : new Float32Array(n);
    } else {
      throw new Error(`initModel: unknown scheme "${String(scheme)}"; use pytorch, turner, gaussian, two-neuron, identity or a function.`);
    }
    // After the draw, so the array's random stream is the same with or without the offset.
    const off = offsets[name];
    if (off) for (let i = off.start; i < off.end; i++) values[i] = values[i]! + off.value;
    params[name] = values;
  }
  return { spec: { ...spec }, params };
}

/** The two-neuron network spec of Turner et al. (dx/dt = −x + W tanh x, Euler dt 0.1, output = state). */
export function twoNeuronSpec(inputSize = 1): ModelSpec {
  return { arch: "leaky", inputSize, hiddenSize: 2, outputSize: 2, nonlinearity: "tanh", dt: 0.1, readout: "state" };
}

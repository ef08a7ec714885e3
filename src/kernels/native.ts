/**
 * Native (C++/N-API) kernel: loads native/build/Release/rnn_atlas_native.node when it was built
 * (`npm run build:native`), else the portable build native/build/Portable/ when there is one, with the
 * same semantics as the JS kernel (validation and the non-finite policy are shared: see plan.ts).
 * Multi-threaded over (network, batch chunk) items; results are the same bits for any thread count,
 * any ISA build and any set of networks per call (see native/src/rnn.cpp).
 *
 * Environment: RNN_ATLAS_NO_NATIVE=1 → never load it (every native path of rnn-atlas is off);
 * RNN_ATLAS_NATIVE_ADDON=path → load exactly this binary (no fallback to the default locations).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ForwardResult, KernelRequest, LossGradResult, RnnKernel } from "./types";
import { makePlan } from "./plan";

interface Addon {
  run(args: Record<string, unknown>): void;
  hardwareThreads: number;
  simd: string;
  /** Absent in binaries built before the reproducible kernel. */
  hardwareFma?: boolean;
  chunkTrials?: number;
  portable?: boolean;
}

/** What a loaded training addon was built as. */
export interface NativeKernelBuild {
  /** The .node file. */
  readonly file: string;
  /** "avx512" | "avx2" | "neon" | "generic". */
  readonly simd: string;
  /** false: correctly rounded software fma (portable x86-64 build): same results, slower. */
  readonly hardwareFma: boolean;
  /** Built without -march=native (RNN_ATLAS_PORTABLE=1). */
  readonly portable: boolean;
  /** Batch chunk size of the reproducibility contract. */
  readonly chunkTrials: number;
}

interface Loaded {
  readonly addon: Addon;
  readonly build: NativeKernelBuild;
}

let loaded: Loaded | null | undefined;
let loadError = "";
const byPath = new Map<string, Loaded>();

/** The package root, from src/kernels (ts tooling) or dist/src/kernels. */
function defaultCandidates(): string[] {
  const out: string[] = [];
  for (const variant of ["Release", "Portable"]) {
    const rel = path.join("native", "build", variant, "rnn_atlas_native.node");
    out.push(path.resolve(__dirname, "..", "..", rel), path.resolve(__dirname, "..", "..", "..", rel));
  }
  return out;
}

/** CPU features the binary needs (recorded by native/build.js in cpu.json) that this CPU lacks. */
function missingCpuFlags(nodeFile: string): string[] {
  try {
    const need = (JSON.parse(fs.readFileSync(path.join(path.dirname(nodeFile), "cpu.json"), "utf8")) as { flags: string[] }).flags;
    const line = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags"));
    if (!line) return [];
    const have = new Set(line.split(":")[1].trim().split(/\s+/));
    return need.filter((f) => !have.has(f));
  } catch {
    return [];
  }
}

/** Loads one addon file; throws an Error saying why it cannot be used. */
function loadFile(file: string): Loaded {
  const p = path.resolve(file);
  const hit = byPath.get(p);
  if (hit) return hit;
  if (!fs.existsSync(p)) throw new Error(`${p} does not exist`);
  const missing = missingCpuFlags(p);
  if (missing.length > 0) {
    throw new Error(`${p} was compiled for a CPU with ${missing.join(", ")}, which this one lacks; rebuild it here with \`npm run build:native\` (or RNN_ATLAS_PORTABLE=1 for a build that runs anywhere)`);
  }
  let addon: Addon;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    addon = require(p) as Addon;
  } catch (e) {
    throw new Error(`${p}: ${(e as Error).message}`);
  }
  if (typeof addon.run !== "function") throw new Error(`${p} is not the rnn-atlas training kernel (no run())`);
  if (addon.chunkTrials === undefined) {
    throw new Error(`${p} predates the reproducible kernel (no chunkTrials); rebuild it with \`npm run build:native\``);
  }
  const l: Loaded = {
    addon,
    build: { file: p, simd: addon.simd, hardwareFma: addon.hardwareFma ?? true, portable: addon.portable ?? false, chunkTrials: addon.chunkTrials },
  };
  byPath.set(p, l);
  return l;
}

function loadDefault(): Loaded | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.RNN_ATLAS_NO_NATIVE === "1") {
    loadError = "disabled by RNN_ATLAS_NO_NATIVE=1";
    return loaded;
  }
  const explicit = process.env.RNN_ATLAS_NATIVE_ADDON;
  if (explicit) {
    try {
      loaded = loadFile(explicit);
    } catch (e) {
      loadError = `RNN_ATLAS_NATIVE_ADDON: ${(e as Error).message}`;
    }
    return loaded;
  }
  const errors: string[] = [];
  for (const p of defaultCandidates()) {
    if (!fs.existsSync(p)) continue;
    try {
      loaded = loadFile(p);
      return loaded;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  loadError = errors.length > 0 ? errors.join("; ") : `not built (looked for ${defaultCandidates().join(", ")}); run \`npm run build:native\``;
  return loaded;
}

/** True when the native addon is built, loads on this machine and is not disabled. */
export function nativeKernelAvailable(): boolean {
  return loadDefault() !== null;
}

/** Why the native kernel is unavailable ("" when it is available). */
export function nativeKernelError(): string {
  return loadDefault() ? "" : loadError;
}

/** SIMD flavour the addon was compiled for ("avx512" | "avx2" | "neon" | "generic"), or null. */
export function nativeKernelSimd(): string | null {
  return loadDefault()?.build.simd ?? null;
}

/** How the addon in use was built (file, SIMD flavour, portable or not), or null when none loads. */
export function nativeKernelBuild(): NativeKernelBuild | null {
  return loadDefault()?.build ?? null;
}

function threadCount(): number {
  const env = Number(process.env.RNN_ATLAS_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

function call(
  a: Addon,
  req: KernelRequest,
  grad: boolean,
  keepStates: boolean,
  threads: number,
): { outputs: Float32Array; states?: Float32Array; loss?: Float64Array; grads?: Record<string, Float32Array> } {
  const p = makePlan(req, grad);
  const { M, B, T, O, S } = p;
  const d = req.data;
  const outputs = new Float32Array(M * B * T * O);
  const states = keepStates ? new Float32Array(M * B * T * S) : undefined;
  const loss = d.targets ? new Float64Array(M) : undefined;
  let grads: Record<string, Float32Array> | undefined;
  if (grad) {
    grads = {};
    for (let k = 0; k < p.paramNames.length; k++) grads[p.paramNames[k]] = new Float32Array(M * p.paramSizes[k]);
  }
  const pr = req.params;
  a.run({
    arch: p.arch, phi: p.phi, N: p.N, I: p.I, O, M, B, T, dt: p.dt, lossScale: p.lossScale,
    perNetworkData: p.perNetworkData, sharedH0: p.sharedH0, readoutState: p.readoutState, grad, threads,
    wih: pr.weight_ih_l0, whh: pr.weight_hh_l0, bih: pr.bias_ih_l0 ?? null, bhh: pr.bias_hh_l0,
    wout: pr["readout.weight"] ?? null, bout: pr["readout.bias"] ?? null,
    inputs: d.inputs, targets: d.targets ?? null, mask: d.mask ?? null, h0: d.h0 ?? null,
    outputs, states: states ?? null, loss: loss ?? null,
    gwih: grads?.weight_ih_l0 ?? null, gwhh: grads?.weight_hh_l0 ?? null, gbih: grads?.bias_ih_l0 ?? null,
    gbhh: grads?.bias_hh_l0 ?? null, gwout: grads?.["readout.weight"] ?? null, gbout: grads?.["readout.bias"] ?? null,
  });
  return { outputs, states, loss, grads };
}

/**
 * The native kernel with `threads` worker threads (default: RNN_ATLAS_THREADS or all cores), from the
 * default addon or from the binary at `addonFile` (e.g. to compare builds in one process).
 */
export function makeNativeKernel(threads = threadCount(), addonFile?: string): RnnKernel {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`native kernel: threads must be ≥ 1, got ${threads}`);
  let l: Loaded | null;
  if (addonFile !== undefined) l = loadFile(addonFile);
  else {
    l = loadDefault();
    if (!l) throw new Error(`rnn-atlas: native kernel unavailable: ${loadError}`);
  }
  const a = l.addon;
  return {
    name: "native",
    threads,
    forward(req: KernelRequest, opts?: { keepStates?: boolean }): ForwardResult {
      const r = call(a, req, false, !!opts?.keepStates, threads);
      const res: { outputs: Float32Array; states?: Float32Array; loss?: Float64Array } = { outputs: r.outputs };
      if (r.states) res.states = r.states;
      if (r.loss) res.loss = r.loss;
      return res;
    },
    lossAndGrad(req: KernelRequest): LossGradResult {
      const r = call(a, req, true, false, threads);
      return { loss: r.loss!, grads: r.grads! };
    },
  };
}

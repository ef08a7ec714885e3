/**
 * Native (C++/N-API) kernel: loads native/build/Release/rnn_atlas_native.node when it was built
 * (`npm run build:native`), with the same semantics as the JS kernel (validation and the
 * non-finite policy are shared: see plan.ts). Multi-threaded over networks, and over the batch
 * when there are fewer networks than threads.
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
}

let addon: Addon | null | undefined;
let loadError = "";

/** Where the addon is looked for (works from src/ via ts tooling and from dist/src/). */
function candidates(): string[] {
  const rel = path.join("native", "build", "Release", "rnn_atlas_native.node");
  return [path.resolve(__dirname, "..", "..", rel), path.resolve(__dirname, "..", "..", "..", rel)];
}

/** CPU features the binary needs (recorded by native/build.js) that this CPU lacks. */
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

function loadAddon(): Addon | null {
  if (addon !== undefined) return addon;
  addon = null;
  for (const p of candidates()) {
    if (!fs.existsSync(p)) continue;
    const missing = missingCpuFlags(p);
    if (missing.length > 0) {
      loadError = `${p} was compiled for a CPU with ${missing.join(", ")}, which this one lacks; rebuild it here with \`npm run build:native\``;
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      addon = require(p) as Addon;
      break;
    } catch (e) {
      loadError = `${p}: ${(e as Error).message}`;
    }
  }
  if (!addon && !loadError) loadError = `not built (looked for ${candidates().join(", ")}); run \`npm run build:native\``;
  return addon;
}

/** True when the native addon is built and loads on this machine. */
export function nativeKernelAvailable(): boolean {
  return loadAddon() !== null;
}

/** Why the native kernel is unavailable ("" when it is available). */
export function nativeKernelError(): string {
  loadAddon();
  return addon ? "" : loadError;
}

/** SIMD flavour the addon was compiled for ("avx512" | "avx2" | ...), or null. */
export function nativeKernelSimd(): string | null {
  return loadAddon()?.simd ?? null;
}

function threadCount(): number {
  const env = Number(process.env.RNN_ATLAS_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

function call(
  req: KernelRequest,
  grad: boolean,
  keepStates: boolean,
  threads: number,
): { outputs: Float32Array; states?: Float32Array; loss?: Float64Array; grads?: Record<string, Float32Array> } {
  const a = loadAddon();
  if (!a) throw new Error(`rnn-atlas: native kernel unavailable: ${loadError}`);
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

/** The native kernel with `threads` worker threads (default: RNN_ATLAS_THREADS or all cores). */
export function makeNativeKernel(threads = threadCount()): RnnKernel {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`native kernel: threads must be ≥ 1, got ${threads}`);
  return {
    name: "native",
    threads,
    forward(req: KernelRequest, opts?: { keepStates?: boolean }): ForwardResult {
      const r = call(req, false, !!opts?.keepStates, threads);
      const res: { outputs: Float32Array; states?: Float32Array; loss?: Float64Array } = { outputs: r.outputs };
      if (r.states) res.states = r.states;
      if (r.loss) res.loss = r.loss;
      return res;
    },
    lossAndGrad(req: KernelRequest): LossGradResult {
      const r = call(req, true, false, threads);
      return { loss: r.loss!, grads: r.grads! };
    },
  };
}

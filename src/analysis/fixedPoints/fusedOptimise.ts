/**
 * The native fused fixed-point search (native/linalg/src/fixedpoints.cc): the whole Adam loop of
 * optimiseStates, with the dynamics' q and gradient, in C++ over all points and threads in one
 * call. Its results (states, q, iteration counts, convergence flags) are the same bytes on every
 * CPU, build variant and thread count. Against the JS loop, same algorithm and options, results
 * agree to floating-point rounding (fused multiply-adds in the products, tanh and exp polynomials a
 * few ulp from V8's, row sums in another order).
 * Used by optimiseStates when the addon is built and the Dynamics describes itself (fusedSpec);
 * otherwise, or with RNN_ATLAS_NO_NATIVE=1 / RNN_ATLAS_NO_FUSED=1, the JS loop runs.
 */
import { ARCH_CODE, PHI_CODE } from "../../models/arch/codes";
import { loadNativeLinalg } from "../linalg/native";
import type { Dynamics, FusedSpec } from "./dynamics";

type FpOptimise = (
  arch: number,
  phi: number,
  N: number,
  S: number,
  D: number,
  K: number,
  Whh: Float64Array,
  bhhn: Float64Array | null,
  x: Float64Array,
  drive: Float64Array,
  q: Float64Array,
  iters: Int32Array,
  converged: Uint8Array,
  opts: Float64Array,
  onProgress: ((iteration: number, active: number, meanQ: number, lr: number) => void) | null,
) => [number, number];

interface FusedAddon {
  fpOptimise?: FpOptimise;
  fpTanh?: (input: Float64Array, out: Float64Array) => void;
}

let addon: FusedAddon | null | undefined;
let enabled = process.env.RNN_ATLAS_NO_FUSED !== "1";

function getAddon(): FusedAddon | null {
  if (addon === undefined) {
    const mod = loadNativeLinalg() as unknown as FusedAddon | null;
    addon = mod && typeof mod.fpOptimise === "function" ? mod : null;
  }
  return addon;
}

/** Turn the fused native search on or off (for tests and benchmarks comparing the two paths). */
export function setFusedOptimiser(on: boolean): void {
  enabled = on;
}

/** Which loop optimiseStates runs for a net that supports the fused path. */
export function fusedOptimiserBackend(): "native" | "js" {
  return enabled && getAddon() ? "native" : "js";
}

/** The native vectorised tanh used by the fused search (null without the addon); for tests. */
export function nativeTanh(): ((input: Float64Array, out: Float64Array) => void) | null {
  const a = getAddon();
  return a?.fpTanh ? a.fpTanh.bind(a) : null;
}

const ARCH_CODES: ReadonlySet<number> = new Set(Object.values(ARCH_CODE));
const PHI_CODES: ReadonlySet<number> = new Set(Object.values(PHI_CODE));

/**
 * Threads for the fused search: RNN_ATLAS_FP_THREADS, else every hardware thread (0). Results do
 * not depend on it. RNN_ATLAS_FP_SPLIT=fixed gives every thread a fixed share of every pass (the
 * default lets whoever is free claim rows, and runs single-threaded while that measures faster):
 * for tests that must see each thread compute.
 */
function threads(): number {
  const env = Number(process.env.RNN_ATLAS_FP_THREADS);
  return Number.isInteger(env) && env > 0 ? env : 0;
}

export interface FusedOptions {
  tolQ: number;
  tolDq: number;
  maxIters: number;
  lrInit: number;
  adaptiveLr: boolean;
  lrDecreaseFactor: number;
  lrPatience: number;
  lrMinStepsPerIncrease: number;
  clipQuantile: number;
  clipWindow: number;
  clipInit: number;
  beta1: number;
  beta2: number;
  adamEps: number;
  progressEvery: number;
  onProgress?: (p: { iteration: number; active: number; meanQ: number; lr: number }) => void;
}

/** The native search's inputs besides the states and drive: what fpOptimise receives. */
export interface FusedCall {
  /** ARCH_CODE / PHI_CODE values. */
  readonly arch: number;
  readonly phi: number;
  readonly N: number;
  readonly S: number;
  readonly D: number;
  readonly Whh: Float64Array;
  readonly bhhn: Float64Array | null;
  /** The options in the addon's order (addon.cc FpOptimise): …, threads, fixedSplit. */
  readonly opts: Float64Array;
}

/**
 * How the native search would be called for this Dynamics and these options (null when the
 * Dynamics has no fused form or an option does not fit the native loop's int32 counters, e.g.
 * maxIters: Infinity; the JS loop then runs). Independent of whether the addon is loaded.
 */
export function fusedCall(dyn: Dynamics, K: number, x0Length: number, driveLength: number, o: FusedOptions): FusedCall | null {
  const spec: FusedSpec | null = dyn.fusedSpec ? dyn.fusedSpec() : null;
  if (!spec) return null;
  const arch = spec.arch;
  if (!ARCH_CODES.has(arch) || !PHI_CODES.has(spec.phi)) return null;
  if (x0Length !== K * spec.S || driveLength !== K * spec.D) return null;
  const int32 = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
  if (![o.maxIters, o.lrPatience, o.lrMinStepsPerIncrease, o.clipWindow, o.progressEvery].every(int32)) return null;
  const opts = Float64Array.of(
    o.tolQ,
    o.tolDq,
    o.maxIters,
    o.lrInit,
    o.adaptiveLr ? 1 : 0,
    o.lrDecreaseFactor,
    o.lrPatience,
    o.lrMinStepsPerIncrease,
    o.clipQuantile,
    o.clipWindow,
    o.clipInit,
    o.beta1,
    o.beta2,
    o.adamEps,
    o.progressEvery,
    threads(),
    process.env.RNN_ATLAS_FP_SPLIT === "fixed" ? 1 : 0,
  );
  return { arch, phi: spec.phi, N: spec.N, S: spec.S, D: spec.D, Whh: spec.Whh, bhhn: spec.bhhn, opts };
}

/**
 * Run the search natively; null when the addon, the switch or the Dynamics does not allow it (the
 * caller then runs the JS loop). x0 is not modified.
 */
export function fusedOptimise(
  dyn: Dynamics,
  x0: Float64Array,
  drive: Float64Array,
  K: number,
  o: FusedOptions,
): { x: Float64Array; q: Float64Array; iterations: Int32Array; converged: Uint8Array; itersRun: number; finalLr: number } | null {
  if (!enabled) return null;
  const a = getAddon();
  if (!a?.fpOptimise) return null;
  const c = fusedCall(dyn, K, x0.length, drive.length, o);
  if (!c) return null;
  const x = Float64Array.from(x0);
  const q = new Float64Array(K);
  const iterations = new Int32Array(K);
  const converged = new Uint8Array(K);
  const cb = o.onProgress;
  const progress = cb ? (iteration: number, active: number, meanQ: number, lr: number) => cb({ iteration, active, meanQ, lr }) : null;
  const [itersRun, finalLr] = a.fpOptimise(c.arch, c.phi, c.N, c.S, c.D, K, c.Whh, c.bhhn, x, drive, q, iterations, converged, c.opts, progress);
  return { x, q, iterations, converged, itersRun, finalLr };
}
